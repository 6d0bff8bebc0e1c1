// SPDX-License-Identifier: Apache-2.0
// The audit trail (upstream AuditEntry), built from the event log: one entry per event, typed
// and described; *_UPDATED events give one field_update entry per changed field.
#include <dagboard/audit.hpp>
#include <dagboard/errors.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/lookup.hpp"
#include "storage/audit_repo.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string type_of(const std::string& event_type) {
  if (starts_with(event_type, "COMMIT_") || starts_with(event_type, "PR_")) return "commit";
  if (starts_with(event_type, "DISCOVERY")) return "discovery";
  if (starts_with(event_type, "AGENT_")) return "agent_action";
  if (ends_with(event_type, "_UPDATED")) return "field_update";
  static const std::set<std::string> status{
      "TICKET_STATUS_CHANGED", "TICKET_BLOCKED",   "TICKET_UNBLOCKED",      "TICKET_APPROVED",
      "TICKET_REJECTED",       "TICKET_TIMED_OUT", "TICKET_PHASE_ADVANCED", "BOARD_TICKET_MOVED",
      "TASK_ASSIGNED",         "TASK_STARTED",     "TASK_COMPLETED",        "TASK_FAILED",
      "TASK_CANCELLED",        "TASK_RELEASED",    "TASK_LEASE_EXPIRED",    "TASK_RETRY_SCHEDULED",
      "TASK_STATUS_CHANGED"};
  return status.count(event_type) ? "status_change" : "event";
}

std::optional<std::string> text_field(const Json& payload, const char* key) {
  auto it = payload.find(key);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// "task "Schema" (PAY-1 "Refund flow")": keys and titles, not bare ids.
std::string describe(const Event& e, const Json& details,
                     const std::map<std::string, std::string>& names) {
  auto name = [&](const std::string& id) {
    auto it = names.find(id);
    return it != names.end() ? it->second : id;
  };
  std::string what = e.entity_type + " " +
                     (e.entity_type == "task" || e.entity_type == "ticket"
                          ? name(e.entity_id)
                          : text_field(e.payload, "key").value_or(e.entity_id));
  if (e.entity_type == "task")
    if (auto ticket = text_field(e.payload, "ticket_id")) what += " (" + name(*ticket) + ")";
  if (details.contains("from_status") && details.contains("to_status"))
    return what + ": " + details["from_status"].get<std::string>() + " -> " +
           details["to_status"].get<std::string>();
  if (details.contains("field_name"))
    return what + ": " + details["field_name"].get<std::string>() + " changed";
  return what + ": " + e.event_type;
}

Json status_details(const Json& p) {
  Json d = Json::object();
  for (const char* k :
       {"from_status",   "to_status",   "from_phase",   "to_phase",         "from_column",
        "to_column",     "reason",      "blocker_type", "rejection_reason", "commit_sha",
        "files_changed", "insertions",  "deletions",    "discovery_type",   "spawned_tasks",
        "error_message", "retry_count", "will_retry",   "retry_at",         "forced",
        "holder"})
    if (p.contains(k)) d[k] = p[k];
  if (!d.contains("from_status") && p.contains("old_status")) d["from_status"] = p["old_status"];
  if (!d.contains("to_status") && p.contains("status") && p.contains("old_status"))
    d["to_status"] = p["status"];
  return d;
}

void append_entries(const Event& e, const std::map<std::string, std::string>& names,
                    std::vector<AuditEntry>& out) {
  AuditEntry base;
  base.id = e.id;
  base.timestamp = e.created_at;
  base.type = type_of(e.event_type);
  base.event_type = e.event_type;
  base.agent_id = text_field(e.payload, "agent_id");
  if (!base.agent_id) base.agent_id = text_field(e.payload, "initiated_by");
  base.actor = e.actor;
  base.ticket_id =
      e.entity_type == "ticket" ? std::optional(e.entity_id) : text_field(e.payload, "ticket_id");
  if (e.entity_type == "task") base.task_id = e.entity_id;
  auto changes = e.payload.find("changes");
  if (base.type == "field_update" && changes != e.payload.end() && changes->is_object()) {
    for (const auto& [field, change] : changes->items()) {
      AuditEntry entry = base;
      entry.details = Json{{"field_name", field},
                           {"old_value", change.value("old", Json())},
                           {"new_value", change.value("new", Json())}};
      entry.description = describe(e, entry.details, names);
      out.push_back(std::move(entry));
    }
    return;
  }
  base.details = status_details(e.payload);
  base.description = describe(e, base.details, names);
  out.push_back(std::move(base));
}

long long cursor_id(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return 0;
  if (cursor->rfind("a1.", 0) != 0)
    throw ValidationError("cursor", "cursor is not one the audit trail returned");
  try {
    return std::stoll(cursor->substr(3));
  } catch (const std::exception&) {
    throw ValidationError("cursor", "cursor is not one the audit trail returned");
  }
}

Page<AuditEntry> run(const detail::Context& ctx, storage::AuditScope scope, const AuditQuery& q,
                     const std::function<void(storage::Tx&, storage::AuditScope&)>& resolve) {
  int limit = q.page.limit.value_or(50);
  if (limit < 1 || limit > 1000) throw ValidationError("limit", "limit must be between 1 and 1000");
  core::check_fixed_order(q.page, "the audit trail is in the order things happened");
  scope.after_id = cursor_id(q.page.cursor);
  scope.from = q.from;
  scope.to = q.to;
  scope.limit = limit;
  return ctx.db->read([&](storage::Tx& tx) {
    resolve(tx, scope);
    auto events = storage::audit_events(tx, scope);
    Page<AuditEntry> page;
    if (events.size() > static_cast<size_t>(limit)) {
      events.resize(static_cast<size_t>(limit));
      page.next_cursor = "a1." + std::to_string(events.back().id);
    }
    std::vector<std::string> task_ids, ticket_ids;
    for (const auto& e : events) {
      if (e.entity_type == "task") task_ids.push_back(e.entity_id);
      if (e.entity_type == "ticket") ticket_ids.push_back(e.entity_id);
      if (auto t = text_field(e.payload, "ticket_id")) ticket_ids.push_back(*t);
    }
    auto dedupe = [](std::vector<std::string>& v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    dedupe(task_ids);
    dedupe(ticket_ids);
    auto display = storage::display_names(tx, task_ids, ticket_ids);
    for (const auto& e : events) append_entries(e, display, page.items);
    std::vector<std::string> agents;
    for (const auto& entry : page.items)
      if (entry.agent_id) agents.push_back(*entry.agent_id);
    std::sort(agents.begin(), agents.end());
    agents.erase(std::unique(agents.begin(), agents.end()), agents.end());
    auto names = storage::agent_names(tx, agents);
    for (auto& entry : page.items)
      if (entry.agent_id)
        if (auto it = names.find(*entry.agent_id); it != names.end()) entry.agent_name = it->second;
    return page;
  });
}

}  // namespace

Json to_json(const AuditEntry& e) {
  return Json{{"id", e.id},
              {"timestamp", to_iso8601(e.timestamp)},
              {"type", e.type},
              {"event_type", e.event_type},
              {"agent_id", core::or_null(e.agent_id)},
              {"agent_name", core::or_null(e.agent_name)},
              {"actor", core::or_null(e.actor)},
              {"ticket_id", core::or_null(e.ticket_id)},
              {"task_id", core::or_null(e.task_id)},
              {"description", e.description},
              {"details", e.details}};
}

AuditQuery audit_query_from_json(const Json& j) {
  util::JsonInput in(j);
  AuditQuery q;
  q.from = in.time("from");
  if (auto alias = in.time("from_")) q.from = alias;  // Python spelling: `from` is a keyword
  q.to = in.time("to");
  q.page = in.page_request();
  in.finish();
  return q;
}

Page<AuditEntry> AuditService::ticket(std::string_view id_or_key, const AuditQuery& q) const {
  return run(*ctx_, {storage::AuditScope::ticket}, q, [&](storage::Tx& tx, storage::AuditScope& s) {
    Ticket t = core::require_ticket(tx, id_or_key);
    s.id = t.id;
    s.project_id = t.project_id;
  });
}

Page<AuditEntry> AuditService::agent(std::string_view agent_id, const AuditQuery& q) const {
  return run(*ctx_, {storage::AuditScope::agent}, q, [&](storage::Tx& tx, storage::AuditScope& s) {
    s.id = core::require_agent(tx, agent_id).id;
  });
}

Page<AuditEntry> AuditService::project(std::string_view id_or_key, const AuditQuery& q) const {
  return run(*ctx_, {storage::AuditScope::project}, q,
             [&](storage::Tx& tx, storage::AuditScope& s) {
               Project p = core::require_project(tx, id_or_key);
               s.id = p.id;
               s.project_id = p.id;
             });
}

}  // namespace dagboard
