// SPDX-License-Identifier: Apache-2.0
#include <dagboard/agent.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"
#include "util/record_version.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Agent& a) {
  return util::with_version(Json{{"id", a.id},
                                 {"agent_name", core::or_null(a.agent_name)},
                                 {"agent_type", to_string(a.agent_type)},
                                 {"project_id", core::or_null(a.project_id)},
                                 {"phase_id", core::or_null(a.phase_id)},
                                 {"status", to_string(a.status)},
                                 {"capabilities", a.capabilities},
                                 {"capacity", a.capacity},
                                 {"health_status", to_string(a.health_status)},
                                 {"tags", a.tags},
                                 {"last_heartbeat", core::or_null(a.last_heartbeat)},
                                 {"metadata", a.metadata},
                                 {"created_at", to_iso8601(a.created_at)},
                                 {"updated_at", to_iso8601(a.updated_at)}});
}

NewAgent new_agent_from_json(const Json& j) {
  util::JsonInput in(j);
  NewAgent r;
  r.agent_name = in.string("agent_name");
  if (auto v = in.enumeration<AgentType>("agent_type")) r.agent_type = *v;
  r.project_id = in.string("project_id");
  r.phase_id = in.string("phase_id");
  if (auto v = in.enumeration<AgentStatus>("status")) r.status = *v;
  if (auto v = in.strings("capabilities")) r.capabilities = *v;
  if (auto v = in.integer("capacity")) r.capacity = util::to_int("capacity", *v);
  if (auto v = in.enumeration<HealthStatus>("health_status")) r.health_status = *v;
  if (auto v = in.strings("tags")) r.tags = *v;
  if (auto v = in.object("metadata")) r.metadata = *v;
  in.finish();
  return r;
}

std::optional<HealthStatus> heartbeat_from_json(const Json& j) {
  util::JsonInput in(j);
  auto health = in.enumeration<HealthStatus>("health_status");
  in.finish();
  return health;
}

AgentUpdate agent_update_from_json(const Json& j) {
  util::JsonInput in(j);
  AgentUpdate u;
  u.if_version = in.string("if_version");
  u.agent_name = in.nullable_string("agent_name");
  u.phase_id = in.nullable_string("phase_id");
  u.status = in.enumeration<AgentStatus>("status");
  u.capabilities = in.strings("capabilities");
  if (auto v = in.integer("capacity")) u.capacity = util::to_int("capacity", *v);
  u.health_status = in.enumeration<HealthStatus>("health_status");
  u.tags = in.strings("tags");
  u.metadata = in.object("metadata");
  in.finish();
  return u;
}

AgentQuery agent_query_from_json(const Json& j) {
  util::JsonInput in(j);
  AgentQuery q;
  q.project_id = in.string("project_id");
  q.agent_type = in.any_of_enum<AgentType>("agent_type");
  q.status = in.any_of_enum<AgentStatus>("status");
  q.phase_id = in.any_of("phase_id");
  q.page = in.page_request();
  in.finish();
  return q;
}

}  // namespace dagboard
