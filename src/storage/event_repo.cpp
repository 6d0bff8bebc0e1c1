// SPDX-License-Identifier: Apache-2.0
#include "storage/event_repo.hpp"

#include "storage/row.hpp"

namespace dagboard::storage {
namespace {

void add_any_of(std::string& where, Params& params, const char* column, const char* prefix,
                const std::vector<std::string>& values) {
  if (values.empty()) return;
  where += std::string(" AND ") + column + " IN (" + in_list(params, prefix, values) + ")";
}

}  // namespace

std::vector<Event> read_events(Tx& tx, const EventQuery& q) {
  Params params;
  params.set("since", q.since);
  std::string where = " WHERE id > :since";
  add_any_of(where, params, "event_type", "et", q.event_types);
  add_any_of(where, params, "entity_type", "nt", q.entity_types);
  add_any_of(where, params, "entity_id", "ni", q.entity_ids);
  if (q.project_id) {
    where += " AND project_id = :project";
    params.set("project", *q.project_id);
  }
  std::vector<Event> out;
  query(tx.sql(),
        "SELECT id, event_type, entity_type, entity_id, project_id, payload, actor, created_at "
        "FROM events" + where + " ORDER BY id LIMIT " + std::to_string(q.limit),
        std::move(params), [&](const Row& r) {
          out.push_back(Event{r.integer("id"), r.text("event_type"), r.text("entity_type"),
                              r.text("entity_id"), r.opt_text("project_id"), r.json("payload"),
                              r.opt_text("actor"), r.time("created_at")});
        });
  return out;
}

long long last_event_id(Tx& tx) {
  return query_integer(tx.sql(), "SELECT value AS v FROM event_sequence WHERE id = 1").value_or(0);
}

}  // namespace dagboard::storage
