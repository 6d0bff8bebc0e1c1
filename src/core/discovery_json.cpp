// SPDX-License-Identifier: Apache-2.0
#include <dagboard/discoveries.hpp>
#include <dagboard/errors.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Discovery& d) {
  // Upstream's to_dict fields, plus the API document's names (type, task_id) for the same values.
  return Json{{"id", d.id},
              {"source_task_id", d.source_task_id},
              {"task_id", d.source_task_id},
              {"ticket_id", d.ticket_id},
              {"project_id", d.project_id},
              {"agent_id", core::or_null(d.agent_id)},
              {"discovery_type", d.discovery_type},
              {"type", d.discovery_type},
              {"description", d.description},
              {"spawned_task_ids", d.spawned_task_ids},
              {"spawned_count", d.spawned_task_ids.size()},
              {"priority_boost", d.priority_boost},
              {"resolution_status", d.resolution_status},
              {"metadata", d.metadata},
              {"discovered_at", to_iso8601(d.discovered_at)},
              {"resolved_at", core::or_null(d.resolved_at)}};
}

Json to_json(const WorkflowGraph& g) {
  return Json{{"nodes", g.nodes}, {"edges", g.edges}};
}

NewDiscovery new_discovery_from_json(const Json& j) {
  util::JsonInput in(j);
  NewDiscovery r;
  r.source_task_id = in.required_string("source_task_id");
  r.discovery_type = in.required_string("discovery_type");
  r.description = in.required_string("description");
  r.priority_boost = in.boolean("priority_boost").value_or(false);
  r.metadata = in.object("metadata").value_or(Json::object());
  r.agent_id = in.string("agent_id");
  in.finish();
  return r;
}

SpawnRequest spawn_request_from_json(const Json& j) {
  util::JsonInput in(j);
  SpawnRequest s;
  s.phase_id = in.required_string("phase_id");
  s.description = in.required_string("description");
  s.title = in.string("title");
  s.priority = in.enumeration<Priority>("priority");
  s.required_capabilities =
      in.strings("required_capabilities").value_or(std::vector<std::string>{});
  in.finish();
  return s;
}

std::pair<NewDiscovery, SpawnRequest> branch_request_from_json(const Json& j) {
  if (!j.is_object()) throw ValidationError("body", "expected a JSON object");
  Json discovery = Json::object(), spawn = Json::object();
  for (const auto& [key, value] : j.items()) {
    if (key.rfind("spawn_", 0) == 0) {
      std::string name = key.substr(6);
      spawn[name == "capabilities" ? "required_capabilities" : name] = value;
    } else {
      discovery[key] = value;
    }
  }
  if (!spawn.contains("description") && discovery.contains("description"))
    spawn["description"] = discovery["description"];
  NewDiscovery found = new_discovery_from_json(discovery);
  util::DescribeAs spawn_fields("spawn_", {{"required_capabilities", "spawn_capabilities"}},
                                {"description"});
  return {std::move(found), spawn_request_from_json(spawn)};
}

}  // namespace dagboard
