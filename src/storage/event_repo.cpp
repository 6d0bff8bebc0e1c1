// SPDX-License-Identifier: Apache-2.0
#include "storage/event_repo.hpp"

#include <algorithm>

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {
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

long long compacted_through(Tx& tx) {
  return query_integer(tx.sql(), "SELECT compacted_through AS v FROM event_sequence WHERE id = 1").value_or(0);
}

std::pair<long long, long long> compact_events(Tx& tx, Timestamp cutoff) {
  // The horizon is the newest deleted id; ids are in commit order, so everything at or below it
  // that is older than the cutoff goes, and nothing newer than it does.
  long long through = query_integer(tx.sql(), "SELECT MAX(id) AS v FROM events WHERE created_at < :c",
                                    Params().set("c", cutoff))
                          .value_or(0);
  if (through == 0) return {0, compacted_through(tx)};
  long long deleted = exec(tx.sql(), "DELETE FROM events WHERE id <= :t", Params().set("t", through));
  exec(tx.sql(), "UPDATE event_sequence SET compacted_through = :t WHERE id = 1 AND compacted_through < :t2",
       Params().set("t", through).set("t2", through));
  return {deleted, std::max(through, compacted_through(tx))};
}

}  // namespace dagboard::storage
