// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <limits>

#include "storage/event_listener.hpp"
#include "storage/graph_repo.hpp"
#include "storage/row.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

// Reserves `count` ids. The row lock taken by the UPDATE is held until COMMIT, so a later
// writer gets larger ids and commits after this one: ids are increasing in commit order.
long long reserve_ids(Tx& tx, size_t count) {
  auto last = query_integer(
      tx.sql(), "UPDATE event_sequence SET value = value + :n WHERE id = 1 RETURNING value AS v",
      Params().set("n", static_cast<long long>(count)));
  return *last - static_cast<long long>(count) + 1;
}

const std::vector<std::string> kEventColumns{
    "id", "event_type", "entity_type", "entity_id", "project_id", "payload", "actor", "created_at"};

void bind_event(Params& p, const Event& e, const std::string& s) {
  p.set("id" + s, e.id)
      .set("event_type" + s, e.event_type)
      .set("entity_type" + s, e.entity_type)
      .set("entity_id" + s, e.entity_id)
      .set("project_id" + s, e.project_id)
      .set_json("payload" + s, e.payload)
      .set("actor" + s, e.actor)
      .set("created_at" + s, e.created_at);
}

// SQLite: statements cost no round trip, so reserve, then insert in prepared chunks.
void insert_sqlite(Tx& tx, std::vector<Event>& events) {
  long long first_id = reserve_ids(tx, events.size());
  for (size_t i = 0; i < events.size(); ++i) events[i].id = first_id + static_cast<long long>(i);
  insert_rows(tx.sql(), "events", kEventColumns, events.size(),
              [&](Params& p, size_t row, const std::string& s) { bind_event(p, events[row], s); });
}

// PostgreSQL: one statement per 100 events reserves their ids and inserts them, so a write
// pays one round trip for its events instead of three or four.
// `graph`, when given, is folded into the first statement; its new version is returned.
// With `commit`, the last statement and COMMIT go out together.
std::optional<long long> insert_postgresql(Tx& tx, std::vector<Event>& events,
                                           const GraphChange* graph, bool commit) {
  std::optional<long long> version;
  for (size_t begin = 0; begin < events.size(); begin += 100) {
    size_t rows = std::min<size_t>(100, events.size() - begin);
    std::string n = std::to_string(rows);
    Params params;
    std::string graph_sql;
    if (graph && begin == 0) {
      params.set("gp", graph->project_id);
      graph_sql =
          "v AS (UPDATE projects SET graph_version = graph_version + 1 WHERE id = :gp RETURNING "
          "graph_version), st AS (UPDATE tasks SET graph_version = (SELECT graph_version FROM v) "
          "WHERE id IN (" +
          in_list(params, "gt", graph->task_ids) + ") RETURNING 1), ";
    }
    // The event sequence is the last lock a writer takes. Its WHERE waits for the graph
    // change's rows (a scalar subquery runs before the row it filters is locked).
    std::string after_graph =
        graph_sql.empty() ? "" : " AND (SELECT COUNT(*) FROM v) + (SELECT COUNT(*) FROM st) >= 0";
    std::string sql =
        "WITH " + graph_sql + "s AS (UPDATE event_sequence SET value = value + " + n +
        " WHERE id = 1" + after_graph + " RETURNING value) INSERT INTO events (id, event_type, entity_type, "
        "entity_id, project_id, payload, actor, created_at) SELECT s.value - " +
        n +
        " + e.ord, e.et, e.ent, e.eid, e.pid, e.payload, CAST(:actor AS TEXT), "
        "CAST(:created AS BIGINT) FROM s CROSS JOIN (VALUES ";
    params.set("actor", tx.actor()).set("created", tx.now());
    for (size_t i = 0; i < rows; ++i) {
      const Event& e = events[begin + i];
      std::string k = std::to_string(i);
      sql += (i ? ", (" : "(") + std::to_string(i + 1) + ", :et" + k + ", :ent" + k + ", :eid" + k +
             ", CAST(:pid" + k + " AS TEXT), :pl" + k + ")";
      params.set("et" + k, e.event_type)
          .set("ent" + k, e.entity_type)
          .set("eid" + k, e.entity_id)
          .set("pid" + k, e.project_id)
          .set_json("pl" + k, e.payload);
    }
    // NOTIFY is delivered at COMMIT, once per transaction: it wakes subscribers in other processes.
    sql += ") AS e(ord, et, ent, eid, pid, payload) RETURNING id, pg_notify('" +
           std::string(kEventChannel) + "', '') AS notified";
    if (!graph_sql.empty()) sql += ", (SELECT graph_version FROM v) AS graph_version";
    long long first = std::numeric_limits<long long>::max();
    auto each = [&](const Row& r) {
      first = std::min(first, r.integer("id"));
      if (!graph_sql.empty()) version = r.integer("graph_version");
    };
    if (commit && begin + rows == events.size())
      query_then_commit(tx.sql(), sql, std::move(params), each);
    else
      query(tx.sql(), sql, std::move(params), each);
    for (size_t i = 0; i < rows; ++i) events[begin + i].id = first + static_cast<long long>(i);
  }
  return version;
}

// Bumps and stamps each change on its own (SQLite, or more than PostgreSQL folds).
void write_graph_changes(Tx& tx, std::vector<GraphChange>& changes) {
  for (auto& c : changes) c.committed(advance_graph_version(tx, c.project_id, c.task_ids));
}

bool any_applies(const std::vector<EventProjection>& projections, const std::vector<Event>& events) {
  for (const auto& p : projections)
    if (std::any_of(events.begin(), events.end(), p.applies)) return true;
  return false;
}

}  // namespace

std::vector<Event> flush_and_commit(Tx& tx, const std::vector<EventProjection>& projections) {
  tx.run_before_commit();
  auto changes = std::move(tx.graph_changes());
  tx.graph_changes().clear();
  auto& pending = tx.pending_events();
  std::vector<Event> events;
  bool postgresql = tx.backend() == Backend::postgresql;
  bool fold = postgresql && changes.size() == 1 && !pending.empty() &&
              !changes.front().task_ids.empty() && changes.front().task_ids.size() <= 500;
  if (!fold) write_graph_changes(tx, changes);
  events.reserve(pending.size());
  for (auto& p : pending) {
    events.push_back(Event{0, std::move(p.event_type), std::move(p.entity_type),
                           std::move(p.entity_id), std::move(p.project_id), std::move(p.payload),
                           tx.actor(), tx.now()});
  }
  pending.clear();
  bool project = any_applies(projections, events);
  if (!project) tx.mark_commit_sent();  // a little early on PostgreSQL: the last statement carries the COMMIT
  if (events.empty()) {
    tx.sql() << "COMMIT";
    return events;
  }
  if (!postgresql) {
    insert_sqlite(tx, events);
  } else {
    // committed() only queues after-commit work, so it may run once COMMIT has gone out.
    auto version =
        insert_postgresql(tx, events, fold ? &changes.front() : nullptr, /*commit=*/!project);
    if (fold) changes.front().committed(*version);
  }
  if (project) {
    for (const auto& p : projections)
      if (std::any_of(events.begin(), events.end(), p.applies)) p.write(tx, events);
    tx.mark_commit_sent();
  }
  if (project || !postgresql) tx.sql() << "COMMIT";
  return events;
}

}  // namespace dagboard::storage
