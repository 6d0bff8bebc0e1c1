// SPDX-License-Identifier: Apache-2.0
#include "stats/state_change_repo.hpp"

#include "stats/series.hpp"
#include "storage/row.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::stats {
namespace {

using storage::Params;
using storage::Row;

const std::vector<std::string> kColumns{"event_id",   "event_type", "project_id",  "entity_type",
                                        "entity_id",  "at",         "until_at",    "from_phase",
                                        "to_phase",   "from_status", "to_status",  "agent_id",
                                        "created_at", "started_at"};
const std::string kSelect =
    "SELECT event_id, event_type, project_id, entity_type, entity_id, at, until_at, from_phase, "
    "to_phase, from_status, to_status, agent_id, created_at, started_at FROM state_changes";

// An arrival: the status became `done` (tickets) or `completed` (tasks) from something else.
const std::string kArrival =
    "(from_status IS NULL OR from_status <> to_status) AND ((entity_type = 'ticket' AND "
    "to_status = 'done') OR (entity_type = 'task' AND to_status = 'completed'))";

StateChange change_from_row(const Row& r) {
  StateChange c;
  c.event_id = r.integer("event_id");
  c.event_type = r.text("event_type");
  c.project_id = r.text("project_id");
  c.entity_type = r.text("entity_type");
  c.entity_id = r.text("entity_id");
  c.at = r.time("at");
  c.until = r.opt_time("until_at");
  c.from_phase = r.opt_text("from_phase");
  c.to_phase = r.opt_text("to_phase");
  c.from_status = r.opt_text("from_status");
  c.to_status = r.opt_text("to_status");
  c.agent_id = r.opt_text("agent_id");
  c.created = r.time("created_at");
  c.started = r.opt_time("started_at");
  return c;
}

// The newest row of each entity among those `where` selects.
std::map<std::string, EntityState> latest_where(storage::Tx& tx, const std::string& where,
                                                Params params) {
  std::map<std::string, EntityState> out;
  storage::query(tx.sql(),
                 "SELECT s.entity_id, s.to_phase, s.to_status, s.agent_id, s.event_id, s.created_at, "
                 "s.started_at FROM state_changes s JOIN (SELECT entity_id, MAX(event_id) AS last "
                 "FROM state_changes WHERE " + where + " GROUP BY entity_id) m ON s.event_id = m.last",
                 std::move(params), [&](const Row& r) {
                   out[r.text("entity_id")] = {r.opt_text("to_phase"), r.opt_text("to_status"),
                                               r.opt_text("agent_id"), r.integer("event_id"),
                                               r.time("created_at"), r.opt_time("started_at")};
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
                             .set("until_at" + s, c.until)
                             .set("from_phase" + s, c.from_phase)
                             .set("to_phase" + s, c.to_phase)
                             .set("from_status" + s, c.from_status)
                             .set("to_status" + s, c.to_status)
                             .set("agent_id" + s, c.agent_id)
                             .set("created_at" + s, c.created)
                             .set("started_at" + s, c.started);
                       });
}

void end_state_changes(storage::Tx& tx, const std::vector<std::pair<long long, Timestamp>>& ended) {
  if (ended.empty()) return;
  Params params;
  std::string cases;
  std::vector<std::string> ids;
  for (size_t i = 0; i < ended.size(); ++i) {
    std::string k = std::to_string(i);
    cases += " WHEN :w" + k + " THEN :u" + k;
    params.set("w" + k, ended[i].first).set("u" + k, ended[i].second);
    ids.push_back(std::to_string(ended[i].first));
  }
  std::string in = storage::in_list(params, "i", ids);  // before params moves below
  storage::exec(tx.sql(),
                "UPDATE state_changes SET until_at = CAST(CASE event_id" + cases +
                    " END AS BIGINT) WHERE event_id IN (" + in + ")",
                std::move(params));
}

void delete_project_state_changes(storage::Tx& tx, const std::string& project_id) {
  storage::exec(tx.sql(), "DELETE FROM state_changes WHERE project_id = :p",
                Params().set("p", project_id));
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

ThroughputSeries count_throughput(storage::Tx& tx, const std::string& project_id, const SeriesFrame& f) {
  ThroughputSeries s{f, {}, {}, {}};
  size_t n = f.buckets.size();
  s.tickets_done.assign(n, 0);
  s.tasks_completed.assign(n, 0);
  s.tasks_failed.assign(n, 0);
  long long first = util::to_micros(f.buckets.front());
  storage::query(
      tx.sql(),
      "SELECT (at - :first) / :len AS b, entity_type, event_type, COUNT(*) AS n FROM state_changes "
      "WHERE project_id = :p AND entity_type IN ('ticket', 'task') AND at >= :first2 AND at < :to "
      "AND (event_type = 'TASK_FAILED' OR (" + kArrival + ")) GROUP BY b, entity_type, event_type",
      Params()
          .set("first", first)
          .set("len", bucket_micros(f.bucket))
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

std::map<std::string, long long> phase_counts_at(storage::Tx& tx, const std::string& project_id,
                                                 Timestamp t) {
  std::map<std::string, long long> out;
  storage::query(tx.sql(),
                 "SELECT to_phase, COUNT(*) AS n FROM state_changes WHERE project_id = :p AND "
                 "entity_type = 'ticket' AND at < :t AND (until_at IS NULL OR until_at >= :t2) AND "
                 "to_phase IS NOT NULL GROUP BY to_phase",
                 Params().set("p", project_id).set("t", t).set("t2", t),
                 [&](const Row& r) { out[r.text("to_phase")] = r.integer("n"); });
  return out;
}

std::vector<PhaseMove> phase_moves(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                                   Timestamp hi) {
  return storage::query_rows(
      tx.sql(),
      "SELECT at, from_phase, to_phase FROM state_changes WHERE project_id = :p AND entity_type = "
      "'ticket' AND at >= :lo AND at < :hi ORDER BY at, event_id",
      Params().set("p", project_id).set("lo", lo).set("hi", hi), [](const Row& r) {
        return PhaseMove{r.time("at"), r.opt_text("from_phase"), r.opt_text("to_phase")};
      });
}

std::vector<Arrival> arrivals(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                              Timestamp hi) {
  return storage::query_rows(
      tx.sql(),
      "SELECT entity_type, at, created_at, COALESCE(started_at, created_at) AS started FROM "
      "state_changes WHERE project_id = :p AND entity_type IN ('ticket', 'task') AND at >= :lo AND "
      "at < :hi AND " + kArrival,
      Params().set("p", project_id).set("lo", lo).set("hi", hi), [](const Row& r) {
        return Arrival{r.text("entity_type") == "ticket", r.time("at"), r.time("created_at"),
                       r.time("started")};
      });
}

std::map<std::string, PhaseTime> phase_time(storage::Tx& tx, const std::string& project_id,
                                            Timestamp lo, Timestamp hi) {
  std::map<std::string, PhaseTime> out;
  // Each state overlaps [lo, hi) by min(until, hi) - max(at, lo); only positive overlaps count.
  storage::query(
      tx.sql(),
      "SELECT to_phase, COUNT(DISTINCT entity_id) AS tickets, SUM((CASE WHEN until_at IS NULL OR "
      "until_at > :hi THEN :hi2 ELSE until_at END) - (CASE WHEN at < :lo THEN :lo2 ELSE at END)) AS "
      "total FROM state_changes WHERE project_id = :p AND entity_type = 'ticket' AND to_phase IS NOT "
      "NULL AND at < :hi3 AND (until_at IS NULL OR (until_at > :lo3 AND until_at > at)) GROUP BY to_phase",
      Params()
          .set("hi", hi)
          .set("hi2", hi)
          .set("lo", lo)
          .set("lo2", lo)
          .set("p", project_id)
          .set("hi3", hi)
          .set("lo3", lo),
      [&](const Row& r) {
        PhaseTime t;
        t.tickets = r.integer("tickets");
        t.total_seconds = static_cast<double>(r.integer("total")) / 1e6;
        t.average_seconds = t.total_seconds / static_cast<double>(t.tickets);
        out[r.text("to_phase")] = t;
      });
  return out;
}

std::vector<RunningStay> running_stays(storage::Tx& tx, const std::string& project_id, Timestamp lo,
                                       Timestamp hi) {
  return storage::query_rows(
      tx.sql(),
      "SELECT agent_id, at, until_at FROM state_changes WHERE project_id = :p AND entity_type = "
      "'task' AND to_status = 'running' AND agent_id IS NOT NULL AND at < :hi AND (until_at IS NULL "
      "OR until_at > :lo)",
      Params().set("p", project_id).set("hi", hi).set("lo", lo), [](const Row& r) {
        return RunningStay{r.text("agent_id"), r.time("at"), r.opt_time("until_at")};
      });
}

std::map<std::string, TaskOutcomes> task_outcomes_by_agent(storage::Tx& tx, const std::string& project_id,
                                                           std::optional<Timestamp> lo,
                                                           std::optional<Timestamp> hi) {
  std::map<std::string, TaskOutcomes> out;
  Params params;
  params.set("p", project_id);
  std::string where;
  if (lo) {
    where += " AND at >= :lo";
    params.set("lo", *lo);
  }
  if (hi) {
    where += " AND at < :hi";
    params.set("hi", *hi);
  }
  storage::query(tx.sql(),
                 "SELECT agent_id, event_type, COUNT(*) AS n FROM state_changes WHERE project_id = "
                 ":p AND entity_type = 'task' AND agent_id IS NOT NULL" + where +
                     " AND (event_type = 'TASK_FAILED' OR (" + kArrival + ")) GROUP BY agent_id, event_type",
                 std::move(params), [&](const Row& r) {
                   auto& o = out[r.text("agent_id")];
                   if (r.text("event_type") == "TASK_FAILED") o.failed += r.integer("n");
                   else o.completed += r.integer("n");
                 });
  return out;
}

}  // namespace dagboard::stats
