// SPDX-License-Identifier: Apache-2.0
#include "stats/state_change_repo.hpp"

#include "storage/row.hpp"
#include "stats/series.hpp"
#include "util/time.hpp"

namespace dagboard::stats {
namespace {

using storage::Params;
using storage::Row;

const std::vector<std::string> kColumns{"event_id",  "event_type",  "project_id", "entity_type",
                                        "entity_id", "at",          "from_phase", "to_phase",
                                        "from_status", "to_status", "agent_id"};
const std::string kSelect =
    "SELECT event_id, event_type, project_id, entity_type, entity_id, at, from_phase, to_phase, "
    "from_status, to_status, agent_id FROM state_changes";

StateChange change_from_row(const Row& r) {
  return StateChange{r.integer("event_id"),     r.text("event_type"),     r.text("project_id"),
                     r.text("entity_type"),     r.text("entity_id"),      r.time("at"),
                     r.opt_text("from_phase"),  r.opt_text("to_phase"),   r.opt_text("from_status"),
                     r.opt_text("to_status"),   r.opt_text("agent_id")};
}

// The newest row of each entity among those `where` selects.
std::map<std::string, EntityState> latest_where(storage::Tx& tx, const std::string& where,
                                                Params params) {
  std::map<std::string, EntityState> out;
  storage::query(tx.sql(),
                 "SELECT s.entity_id, s.to_phase, s.to_status, s.agent_id FROM state_changes s "
                 "JOIN (SELECT entity_id, MAX(event_id) AS last FROM state_changes WHERE " +
                     where + " GROUP BY entity_id) m ON s.event_id = m.last",
                 std::move(params), [&](const Row& r) {
                   out[r.text("entity_id")] = {r.opt_text("to_phase"), r.opt_text("to_status"),
                                               r.opt_text("agent_id")};
                 });
  return out;
}

}  // namespace

std::map<std::string, EntityState> latest_states(storage::Tx& tx,
                                                 const std::vector<std::string>& entity_ids) {
  if (entity_ids.empty()) return {};
  Params params;
  std::string where = "entity_id IN (" + storage::in_list(params, "e", entity_ids) + ")";
  return latest_where(tx, where, std::move(params));
}

void insert_state_changes(storage::Tx& tx, const std::vector<StateChange>& changes) {
  storage::insert_rows(tx.sql(), "state_changes", kColumns, changes.size(),
                       [&](Params& p, size_t row, const std::string& s) {
                         const StateChange& c = changes[row];
                         p.set("event_id" + s, c.event_id)
                             .set("event_type" + s, c.event_type)
                             .set("project_id" + s, c.project_id)
                             .set("entity_type" + s, c.entity_type)
                             .set("entity_id" + s, c.entity_id)
                             .set("at" + s, c.at)
                             .set("from_phase" + s, c.from_phase)
                             .set("to_phase" + s, c.to_phase)
                             .set("from_status" + s, c.from_status)
                             .set("to_status" + s, c.to_status)
                             .set("agent_id" + s, c.agent_id);
                       });
}

void delete_project_state_changes(storage::Tx& tx, const std::string& project_id) {
  storage::exec(tx.sql(), "DELETE FROM state_changes WHERE project_id = :p",
                Params().set("p", project_id));
}

std::vector<StateChange> read_state_changes(storage::Tx& tx, const std::string& project_id,
                                            const std::string& entity_type, Timestamp before) {
  return storage::query_rows(
      tx.sql(),
      kSelect + " WHERE project_id = :p AND entity_type = :t AND at < :before ORDER BY event_id",
      Params().set("p", project_id).set("t", entity_type).set("before", before), change_from_row);
}

ThroughputSeries count_throughput(storage::Tx& tx, const std::string& project_id, const SeriesFrame& f) {
  ThroughputSeries s{f, {}, {}, {}};
  size_t n = f.buckets.size();
  s.tickets_done.assign(n, 0);
  s.tasks_completed.assign(n, 0);
  s.tasks_failed.assign(n, 0);
  long long first = util::to_micros(f.buckets.front());
  long long length = bucket_micros(f.bucket);
  storage::query(
      tx.sql(),
      "SELECT (at - :first) / :len AS b, entity_type, event_type, COUNT(*) AS n FROM state_changes "
      "WHERE project_id = :p AND entity_type IN ('ticket', 'task') AND at >= :first2 AND at < :to "
      "AND (event_type = 'TASK_FAILED' OR ((from_status IS NULL OR from_status <> to_status) AND "
      "((entity_type = 'ticket' AND to_status = 'done') OR (entity_type = 'task' AND to_status = "
      "'completed')))) GROUP BY b, entity_type, event_type",
      Params()
          .set("first", first)
          .set("len", length)
          .set("p", project_id)
          .set("first2", first)
          .set("to", f.to),
      [&](const Row& r) {
        auto b = static_cast<size_t>(r.integer("b"));
        if (b >= n) return;
        long long count = r.integer("n");
        if (r.text("entity_type") == "ticket") s.tickets_done[b] += count;
        else if (r.text("event_type") == "TASK_FAILED") s.tasks_failed[b] += count;
        else s.tasks_completed[b] += count;
      });
  return s;
}

std::vector<StateChange> read_all_state_changes(storage::Tx& tx, long long after_event) {
  return storage::query_rows(tx.sql(), kSelect + " WHERE event_id > :a ORDER BY event_id",
                             Params().set("a", after_event), change_from_row);
}

std::map<std::string, EntityState> states_through(storage::Tx& tx, long long through) {
  return latest_where(tx, "event_id <= :t", Params().set("t", through));
}

void delete_state_changes_after(storage::Tx& tx, long long after_event) {
  storage::exec(tx.sql(), "DELETE FROM state_changes WHERE event_id > :a",
                Params().set("a", after_event));
}

bool has_state_changes(storage::Tx& tx) {
  return storage::query_integer(tx.sql(), "SELECT 1 AS v FROM state_changes LIMIT 1").has_value();
}

}  // namespace dagboard::stats
