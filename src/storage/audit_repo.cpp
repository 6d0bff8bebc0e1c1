// SPDX-License-Identifier: Apache-2.0
#include "storage/audit_repo.hpp"

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

// A top-level string field of the stored payload.
std::string payload_field(const Tx& tx, const char* field) {
  return tx.backend() == Backend::postgresql
             ? std::string("(payload::json ->> '") + field + "')"
             : std::string("json_extract(payload, '$.") + field + "')";
}

}  // namespace

std::vector<Event> audit_events(Tx& tx, const AuditScope& s) {
  Params params;
  params.set("after", s.after_id);
  std::string where = " WHERE id > :after";
  switch (s.kind) {
    case AuditScope::ticket:
      where += " AND (entity_id = :id1 OR " + payload_field(tx, "ticket_id") + " = :id2)";
      params.set("id1", s.id).set("id2", s.id);
      break;
    case AuditScope::agent:
      where += " AND (entity_id = :id1 OR actor = :id2 OR " + payload_field(tx, "agent_id") +
               " = :id3 OR " + payload_field(tx, "initiated_by") + " = :id4)";
      params.set("id1", s.id).set("id2", s.id).set("id3", s.id).set("id4", s.id);
      break;
    case AuditScope::project:
      break;
  }
  if (s.project_id) {
    where += " AND project_id = :p";
    params.set("p", *s.project_id);
  }
  if (s.from) {
    where += " AND created_at >= :from";
    params.set("from", *s.from);
  }
  if (s.to) {
    where += " AND created_at < :to";
    params.set("to", *s.to);
  }
  std::vector<Event> out;
  query(tx.sql(),
        "SELECT id, event_type, entity_type, entity_id, project_id, payload, actor, created_at "
        "FROM events" +
            where + " ORDER BY id LIMIT " + std::to_string(s.limit + 1),
        std::move(params), [&](const Row& r) {
          out.push_back(Event{r.integer("id"), r.text("event_type"), r.text("entity_type"),
                              r.text("entity_id"), r.opt_text("project_id"), r.json("payload"),
                              r.opt_text("actor"), r.time("created_at")});
        });
  return out;
}

std::map<std::string, std::string> agent_names(Tx& tx, const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  if (ids.empty()) return out;
  Params params;
  std::string list = in_list(params, "a", ids);
  query(tx.sql(),
        "SELECT id, agent_name FROM agents WHERE agent_name IS NOT NULL AND id IN (" + list + ")",
        std::move(params), [&](const Row& r) { out[r.text("id")] = r.text("agent_name"); });
  return out;
}

std::map<std::string, std::string> display_names(Tx& tx, const std::vector<std::string>& task_ids,
                                                 const std::vector<std::string>& ticket_ids) {
  std::map<std::string, std::string> out;
  if (!task_ids.empty()) {
    Params params;
    std::string list = in_list(params, "t", task_ids);
    query(tx.sql(), "SELECT id, title FROM tasks WHERE id IN (" + list + ")", std::move(params),
          [&](const Row& r) { out[r.text("id")] = "\"" + r.text("title") + "\""; });
  }
  if (!ticket_ids.empty()) {
    Params params;
    std::string list = in_list(params, "k", ticket_ids);
    query(tx.sql(), "SELECT id, key, title FROM tickets WHERE id IN (" + list + ")",
          std::move(params), [&](const Row& r) {
            out[r.text("id")] = r.text("key") + " \"" + r.text("title") + "\"";
          });
  }
  return out;
}

}  // namespace dagboard::storage
