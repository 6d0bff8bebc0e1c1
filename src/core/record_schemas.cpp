// SPDX-License-Identifier: Apache-2.0
// The JSON shape of each record (what to_json writes), written once: the OpenAPI document's
// component schemas and the Python stubs' record fields are checked against it, and it against
// real records (tests/python/test_stubs.py, tests/cpp/test_request_schema.cpp).
#include <dagboard/dagboard.hpp>

#include <map>

namespace DAGBOARD_NAMESPACE {
namespace {

constexpr bool kMayBeAbsent = true;

struct Field {
  const char* name;
  const char* type;  // a JSON type, an enum, a "time"; "[]" a list of, "map<T>", "?" or null
  bool may_be_absent = false;
};

using Table = std::map<std::string, std::vector<Field>, std::less<>>;

const Table& records() {
  static const Table table = {
      {"Project",
       {{"autonomous_execution_enabled", "boolean"}, {"created_at", "time"},
        {"default_phase_id", "string"}, {"description", "string?"},
        {"github_connected", "boolean"}, {"github_owner", "string?"}, {"github_repo", "string?"},
        {"id", "string"}, {"key", "string"}, {"name", "string"}, {"settings", "object"},
        {"status", "ProjectStatus"}, {"updated_at", "time"}, {"version", "string"},
        {"webhook_configured", "boolean"}}},
      {"Ticket",
       {{"approval_deadline_at", "time?"}, {"approval_status", "ApprovalStatus"},
        {"blocked_at", "time?"}, {"blocked_by", "string[]"}, {"blocked_reason", "string?"},
        {"blocks", "string[]"}, {"context", "object"}, {"created_at", "time"},
        {"description", "string?"}, {"github_issue_number", "integer?"}, {"id", "string"},
        {"is_blocked", "boolean"}, {"key", "string"}, {"number", "integer"},
        {"phase_id", "string"}, {"previous_phase_id", "string?"}, {"priority", "Priority"},
        {"project_id", "string"}, {"rejection_reason", "string?"},
        {"requested_by_agent_id", "string?"}, {"status", "TicketStatus"}, {"title", "string"},
        {"updated_at", "time"}, {"version", "string"}}},
      {"Agent",
       {{"agent_name", "string?"}, {"agent_type", "AgentType"}, {"capabilities", "string[]"},
        {"capacity", "integer"}, {"created_at", "time"}, {"health_status", "HealthStatus"},
        {"id", "string"}, {"last_heartbeat", "time?"}, {"metadata", "object"},
        {"phase_id", "string?"}, {"project_id", "string?"}, {"status", "AgentStatus"},
        {"tags", "string[]"}, {"updated_at", "time"}, {"version", "string"}}},
      {"Task",
       {{"assigned_agent_id", "string?"}, {"awaiting_approvals", "integer"},
        {"completed_at", "time?"}, {"created_at", "time"}, {"deadline_at", "time?"},
        {"depends_on", "string[]"}, {"description", "string?"}, {"error_message", "string?"},
        {"estimate", "number?"}, {"id", "string"}, {"lease_expires_at", "time?"},
        {"max_retries", "integer"}, {"parent_task_id", "string?"}, {"phase_id", "string"},
        {"priority", "Priority"}, {"project_id", "string"}, {"required_capabilities", "string[]"},
        {"result", "any"}, {"retry_at", "time?"}, {"retry_count", "integer"}, {"score", "number"},
        {"started_at", "time?"}, {"status", "TaskStatus"}, {"stranded", "boolean"},
        {"task_type", "string"}, {"ticket_id", "string"}, {"timeout_seconds", "integer?"},
        {"title", "string"}, {"updated_at", "time"}, {"version", "string"}}},
      {"PhaseHistoryEntry",
       {{"artifacts", "object[]"}, {"created_at", "time"}, {"from_phase", "string?"},
        {"from_status", "TicketStatus?"}, {"id", "string"}, {"ticket_id", "string"},
        {"to_phase", "string"}, {"to_status", "TicketStatus"}, {"transition_reason", "string?"},
        {"transitioned_by", "string?"}}},
      {"AuditEntry",
       {{"actor", "string?"}, {"agent_id", "string?"}, {"agent_name", "string?"},
        {"description", "string"}, {"details", "object"}, {"event_type", "string"},
        {"id", "integer"}, {"task_id", "string?"}, {"ticket_id", "string?"},
        {"timestamp", "time"}, {"type", "string"}}},
      {"Event",
       {{"actor", "string?"}, {"created_at", "time"}, {"entity_id", "string"},
        {"entity_type", "string"}, {"event_type", "string"}, {"id", "integer"},
        {"payload", "object"}, {"project_id", "string?"}}},
      {"TicketCommit",
       {{"agent_id", "string?"}, {"author", "string?"}, {"commit_message", "string"},
        {"commit_sha", "string"}, {"commit_timestamp", "time"}, {"deletions", "integer"},
        {"files_changed", "integer"}, {"files_list", "object[]"}, {"id", "string"},
        {"insertions", "integer"}, {"link_method", "string"}, {"linked_at", "time"},
        {"project_id", "string"}, {"ticket_id", "string"}}},
      {"Document",
       {{"approved_at", "time?"}, {"approved_by", "string?"}, {"components_designed", "string[]"},
        {"content_hash", "string"}, {"content_size", "integer"}, {"content_type", "string"},
        {"created_at", "time"}, {"created_by", "string?"}, {"diagrams_included", "string[]"},
        {"exploration_id", "string?"}, {"id", "string"}, {"kind", "string"},
        {"lineage_id", "string"}, {"previous_version_id", "string?"}, {"project_id", "string?"},
        {"rejected_at", "time?"}, {"rejected_by", "string?"}, {"rejection_reason", "string?"},
        {"requirements_by_category", "map<integer>"}, {"requirements_id", "string?"},
        {"s3_bucket", "string?"}, {"s3_key", "string?"}, {"s3_region", "string?"},
        {"sections", "string[]"}, {"status", "string"}, {"storage_location", "string"},
        {"submitted_at", "time?"}, {"title", "string"}, {"total_requirements", "integer"},
        {"updated_at", "time"}, {"version", "integer"}}},
      {"Requirement",
       {{"category", "string"}, {"created_at", "time"}, {"description", "string"},
        {"document_id", "string"}, {"ears_format", "string?"}, {"ears_pattern", "string?"},
        {"id", "string"}, {"linked_task_ids", "string[]"}, {"priority", "string?"},
        {"requirement_id", "string"}, {"requirement_number", "integer"}, {"source", "string?"},
        {"title", "string?"}}},
      {"ApprovalGate",
       {{"created_at", "time"}, {"document_id", "string"}, {"satisfied", "boolean"},
        {"satisfied_at", "time?"}, {"task_id", "string"}}},
      {"Exploration",
       {{"completed_at", "time?"}, {"conversation_history", "object"}, {"created_at", "time"},
        {"current_stage", "string"}, {"design_document_id", "string?"}, {"id", "string"},
        {"initial_idea", "string"}, {"project_id", "string?"},
        {"requirements_document_id", "string?"}, {"updated_at", "time"}, {"user_id", "string"}}},
      {"ExplorationQuestion",
       {{"ai_confidence", "number?"}, {"answer_text", "string?"}, {"answered_at", "time?"},
        {"created_at", "time"}, {"exploration_id", "string"}, {"follow_up_questions", "string[]"},
        {"id", "string"}, {"question_category", "string?"}, {"question_text", "string"}}},
      {"Discovery",
       {{"agent_id", "string?"}, {"description", "string"}, {"discovered_at", "time"},
        {"discovery_type", "string"}, {"id", "string"}, {"metadata", "object"},
        {"priority_boost", "boolean"}, {"project_id", "string"}, {"resolution_status", "string"},
        {"resolved_at", "time?"}, {"source_task_id", "string"}, {"spawned_count", "integer"},
        {"spawned_task_ids", "string[]"}, {"task_id", "string"}, {"ticket_id", "string"},
        {"type", "string"}}},
      {"Reference",
       {{"action", "string"}, {"argument", "string"}, {"keyword", "string"}, {"kind", "string"},
        {"offset", "integer"}, {"repository", "string?"}, {"target", "string"},
        {"time_seconds", "integer", kMayBeAbsent}}},
  };
  return table;
}

template <class E>
Json enum_schema() {
  Json values = Json::array();
  for (auto v : wire_values<E>()) values.push_back(std::string(v));
  return Json{{"type", "string"}, {"enum", values}};
}

Json type_schema(std::string_view type) {
  if (type.ends_with("?")) return Json{{"anyOf", {type_schema(type.substr(0, type.size() - 1)), {{"type", "null"}}}}};
  if (type.ends_with("[]")) return Json{{"type", "array"}, {"items", type_schema(type.substr(0, type.size() - 2))}};
  if (type.starts_with("map<"))
    return Json{{"type", "object"}, {"additionalProperties", type_schema(type.substr(4, type.size() - 5))}};
  static const std::map<std::string_view, Json (*)()> enums = {
      {"Priority", enum_schema<Priority>},         {"TicketStatus", enum_schema<TicketStatus>},
      {"TaskStatus", enum_schema<TaskStatus>},     {"ApprovalStatus", enum_schema<ApprovalStatus>},
      {"AgentStatus", enum_schema<AgentStatus>},   {"AgentType", enum_schema<AgentType>},
      {"HealthStatus", enum_schema<HealthStatus>}, {"ProjectStatus", enum_schema<ProjectStatus>}};
  if (auto it = enums.find(type); it != enums.end()) return it->second();
  if (type == "time") return Json{{"type", "string"}, {"format", "date-time"}};
  if (type == "any") return Json::object();
  return Json{{"type", std::string(type)}};
}

}  // namespace

Json record_schema(std::string_view name) {
  auto it = records().find(name);
  if (it == records().end())
    throw ValidationError("name", "no record type named '" + std::string(name) + "'");
  Json properties = Json::object(), required = Json::array();
  for (const auto& f : it->second) {
    properties[f.name] = type_schema(f.type);
    if (!f.may_be_absent) required.push_back(f.name);
  }
  return Json{{"type", "object"}, {"properties", properties}, {"required", required},
              {"additionalProperties", false}};
}

std::vector<std::string> record_schema_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : records()) names.push_back(name);
  return names;
}

}  // namespace DAGBOARD_NAMESPACE
