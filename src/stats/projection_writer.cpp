// SPDX-License-Identifier: Apache-2.0
#include "stats/projection_writer.hpp"

#include <set>

#include "stats/state_change_repo.hpp"
#include "storage/event_repo.hpp"
#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::stats {
namespace {

using States = std::map<std::string, EntityState>;

void write(storage::Tx& tx, const std::vector<Event>& events) {
  // Entities this transaction creates have no stored state: only the others are looked up.
  std::set<std::string> created, ids_set;
  for (const Event& e : events) {
    if (!may_change_state(e)) continue;
    bool creates = e.event_type == "TICKET_CREATED" || e.event_type == "TASK_CREATED";
    if (creates) created.insert(e.entity_id);
    else if (!created.count(e.entity_id)) ids_set.insert(e.entity_id);
  }
  std::vector<std::string> ids(ids_set.begin(), ids_set.end());
  Projector projector(latest_states(tx, ids));
  for (const Event& e : events) projector.add(e);
  for (const auto& p : projector.deleted_projects) delete_project_state_changes(tx, p);
  end_state_changes(tx, projector.ended);
  insert_state_changes(tx, projector.changes);
}

// Every event after `after`, in id order, read in pages.
template <class F>
long long for_each_event_page(storage::Tx& tx, long long after, F each) {
  long long count = 0;
  for (;;) {
    EventQuery q;
    q.since = after;
    q.limit = 5000;
    auto page = storage::read_events(tx, q);
    if (page.empty()) return count;
    after = page.back().id;
    count += static_cast<long long>(page.size());
    each(page);
  }
}

}  // namespace

storage::EventProjection state_change_projection() {
  return {[](const Event& e) { return may_change_state(e) || e.event_type == "PROJECT_DELETED"; },
          write};
}

StatsCheck check_state_changes(storage::Database& db, bool rebuild) {
  return db.write(std::nullopt, [&](storage::Tx& tx) {
    // Every writer takes the event sequence row: holding it, the log and the table stand still.
    storage::query_integer(tx.sql(), std::string("SELECT value AS v FROM event_sequence WHERE id = 1") +
                                         tx.for_update());
    long long horizon = storage::compacted_through(tx);
    Projector projector(states_through(tx, horizon));
    StatsCheck check;
    check.events_replayed = for_each_event_page(tx, horizon, [&](const std::vector<Event>& page) {
      for (const Event& e : page) projector.add(e);
    });
    const auto& expected = projector.changes;
    auto stored = read_all_state_changes(tx, horizon);
    check.rows = static_cast<long long>(stored.size());
    size_t i = 0, j = 0;
    while (i < expected.size() || j < stored.size()) {
      if (i < expected.size() && j < stored.size() && expected[i].event_id == stored[j].event_id) {
        check.mismatches += expected[i] == stored[j] ? 0 : 1;
        ++i, ++j;
      } else if (j == stored.size() || (i < expected.size() && expected[i].event_id < stored[j].event_id)) {
        ++check.mismatches, ++i;  // missing
      } else {
        ++check.mismatches, ++j;  // extra
      }
    }
    if (rebuild && check.mismatches > 0) {
      delete_state_changes_after(tx, horizon);
      end_state_changes(tx, projector.ended);  // kept changes from before the horizon
      insert_state_changes(tx, expected);
      check.rebuilt = true;
    }
    return check;
  });
}

void backfill_state_changes(storage::Database& db) {
  bool needed = db.read([](storage::Tx& tx) {
    return !has_state_changes(tx) &&
           storage::query_integer(tx.sql(), "SELECT 1 AS v FROM events WHERE entity_type IN "
                                            "('ticket', 'task') LIMIT 1")
               .has_value();
  });
  if (needed) check_state_changes(db, /*rebuild=*/true);
}

}  // namespace dagboard::stats
