// SPDX-License-Identifier: Apache-2.0
#include "storage/row.hpp"
#include "storage/tx.hpp"

namespace dagboard::storage {
namespace {

// Reserves `count` ids. The row lock taken by the UPDATE is held until COMMIT, so a later
// writer gets larger ids and commits after this one: ids are increasing in commit order.
long long reserve_ids(Tx& tx, size_t count) {
  auto last = query_integer(tx.sql(),
                            "UPDATE event_sequence SET value = value + :n WHERE id = 1 RETURNING value AS v",
                            Params().set("n", static_cast<long long>(count)));
  return *last - static_cast<long long>(count) + 1;
}

}  // namespace

std::vector<Event> flush_events(Tx& tx) {
  auto& pending = tx.pending_events();
  std::vector<Event> events;
  if (pending.empty()) return events;
  long long first_id = reserve_ids(tx, pending.size());
  events.reserve(pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    PendingEvent& p = pending[i];
    events.push_back(Event{first_id + static_cast<long long>(i), std::move(p.event_type),
                           std::move(p.entity_type), std::move(p.entity_id),
                           std::move(p.project_id), std::move(p.payload), tx.actor(), tx.now()});
  }
  pending.clear();
  insert_rows(tx.sql(), "events",
              {"id", "event_type", "entity_type", "entity_id", "project_id", "payload", "actor",
               "created_at"},
              events.size(), [&](Params& p, size_t row, const std::string& s) {
                const Event& e = events[row];
                p.set("id" + s, e.id)
                    .set("event_type" + s, e.event_type)
                    .set("entity_type" + s, e.entity_type)
                    .set("entity_id" + s, e.entity_id)
                    .set("project_id" + s, e.project_id)
                    .set_json("payload" + s, e.payload)
                    .set("actor" + s, e.actor)
                    .set("created_at" + s, e.created_at);
              });
  return events;
}

}  // namespace dagboard::storage
