// SPDX-License-Identifier: Apache-2.0
// The state of every ticket and task over time, as a pure function of the event log: each event
// that moves a ticket (phase, status) or a task (status, agent) becomes one state change. The
// writing transaction stores the changes of its own events; a check replays the whole log
// through the same function and compares.
#pragma once

#include <optional>
#include <string>

#include <dagboard/events.hpp>

namespace dagboard::stats {

struct EntityState {
  std::optional<std::string> phase;   // tickets only; absent once deleted
  std::optional<std::string> status;  // absent once deleted
  std::optional<std::string> agent;   // tasks: who holds it (kept after it is let go)
};

struct StateChange {
  long long event_id = 0;
  std::string event_type, project_id, entity_type, entity_id;
  Timestamp at;
  std::optional<std::string> from_phase, to_phase, from_status, to_status, agent_id;
  bool operator==(const StateChange&) const = default;
};

/// Whether events of this type can change a ticket's or a task's state.
bool may_change_state(const Event& e);
/// The change `e` makes to an entity last seen in `before` (absent: never seen); absent when
/// it changes nothing.
std::optional<StateChange> project_event(const std::optional<EntityState>& before, const Event& e);
EntityState state_after(const StateChange& c);

}  // namespace dagboard::stats
