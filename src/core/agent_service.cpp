// SPDX-License-Identifier: Apache-2.0
#include <dagboard/agent.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/lookup.hpp"
#include "storage/agent_repo.hpp"
#include "util/ids.hpp"
#include "util/record_version.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

void normalize_and_check(Agent& a) {
  util::check_opt_text("agent_name", a.agent_name, 255);
  if (a.phase_id) util::check_phase("phase_id", *a.phase_id);
  a.capabilities = util::normalize_tokens("capabilities", a.capabilities);
  a.tags = util::normalize_tokens("tags", a.tags);
  if (a.capacity < 1 || a.capacity > 1000)
    throw ValidationError("capacity", "capacity must be between 1 and 1000");
  if (!a.metadata.is_object()) throw ValidationError("metadata", "metadata must be a JSON object");
  check_json_value("metadata", a.metadata);
}

void apply(Agent& a, const AgentUpdate& u) {
  if (u.agent_name) a.agent_name = *u.agent_name;
  if (u.phase_id) a.phase_id = *u.phase_id;
  if (u.status) a.status = *u.status;
  if (u.capabilities) a.capabilities = *u.capabilities;
  if (u.capacity) a.capacity = *u.capacity;
  if (u.health_status) a.health_status = *u.health_status;
  if (u.tags) a.tags = *u.tags;
  if (u.metadata) a.metadata = *u.metadata;
}

}  // namespace

Agent AgentService::register_agent(const NewAgent& req) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Agent a;
    a.id = util::new_uuid();
    a.agent_name = req.agent_name;
    a.agent_type = req.agent_type;
    if (req.project_id) a.project_id = core::require_project(tx, *req.project_id).id;
    a.phase_id = req.phase_id;
    a.status = req.status;
    a.capabilities = req.capabilities;
    a.capacity = req.capacity;
    a.health_status = req.health_status;
    a.tags = req.tags;
    a.metadata = req.metadata;
    normalize_and_check(a);
    a.created_at = a.updated_at = tx.now();
    a.last_heartbeat = a.created_at;
    storage::insert_agent(tx, a);
    tx.emit("AGENT_REGISTERED", "agent", a.id, a.project_id,
            Json{{"agent_id", a.id},
                 {"agent_type", to_string(a.agent_type)},
                 {"phase_id", core::or_null(a.phase_id)},
                 {"capabilities", a.capabilities},
                 {"capacity", a.capacity},
                 {"status", to_string(a.status)}});
    return a;
  });
}

Agent AgentService::get(std::string_view id) const {
  if (auto a = find(id)) return *a;
  throw NotFound(ErrorCode::agent_not_found, "agent", id);
}

std::optional<Agent> AgentService::find(std::string_view id) const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::find_agent(tx, id); });
}

Page<Agent> AgentService::list(const AgentQuery& query) const {
  auto window = core::list_window(query.page, core::kByTime);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    storage::AgentFilter filter{std::nullopt, query.agent_type, query.status, query.phase_id};
    if (query.project_id) filter.project_id = core::require_project(tx, *query.project_id).id;
    return storage::list_agents(tx, filter, window);
  });
  return core::make_page(std::move(rows), window);
}

Agent AgentService::update(std::string_view id, const AgentUpdate& changes) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Agent a = core::require_agent(tx, id, /*lock=*/true);
    Json before = to_json(a);
    util::check_version(changes.if_version, before, "agent " + a.id);
    AgentStatus old_status = a.status;
    apply(a, changes);
    normalize_and_check(a);
    Json diff = core::diff_changes(before, to_json(a));
    if (diff.empty()) return a;
    a.updated_at = tx.now();
    storage::update_agent(tx, a);
    if (a.status != old_status) {
      tx.emit("AGENT_STATUS_CHANGED", "agent", a.id, a.project_id,
              Json{{"agent_id", a.id},
                   {"old_status", to_string(old_status)},
                   {"new_status", to_string(a.status)},
                   {"changes", diff}});
    } else {
      tx.emit("AGENT_UPDATED", "agent", a.id, a.project_id,
              Json{{"agent_id", a.id}, {"changes", diff}});
    }
    return a;
  });
}

Agent AgentService::heartbeat(std::string_view id, std::optional<HealthStatus> health) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Agent a = core::require_agent(tx, id, /*lock=*/true);
    if (health) a.health_status = *health;
    a.last_heartbeat = tx.now();
    a.updated_at = tx.now();
    storage::update_agent(tx, a);
    tx.emit("AGENT_HEARTBEAT", "agent", a.id, a.project_id,
            Json{{"agent_id", a.id},
                 {"health_status", to_string(a.health_status)},
                 {"last_heartbeat", to_iso8601(*a.last_heartbeat)}});
    return a;
  });
}

}  // namespace dagboard
