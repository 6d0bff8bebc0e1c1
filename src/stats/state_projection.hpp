// SPDX-License-Identifier: Apache-2.0
// The state of every ticket and task over time, as a pure function of the event log: each event
// that moves a ticket (phase, status) or a task (status, agent) becomes one state change, which
// holds until the entity's next change. The writing transaction stores the changes of its own
// events; a check replays the whole log through the same code and compares.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <dagboard/events.hpp>

namespace DAGBOARD_NAMESPACE::stats {

struct EntityState {
  std::optional<std::string> phase;   // tickets only; absent once deleted
  std::optional<std::string> status;  // absent once deleted
  std::optional<std::string> agent;   // tasks: who holds it (kept after it is let go)
  long long event_id = 0;             // the change that set this state
  Timestamp created;                  // the entity's first change
  std::optional<Timestamp> started;   // when work on it first started, if it has
};

struct StateChange {
  long long event_id = 0;
  std::string event_type, project_id, entity_type, entity_id;
  Timestamp at;
  std::optional<Timestamp> until;  // the entity's next change; absent while this state holds
  std::optional<std::string> from_phase, to_phase, from_status, to_status, agent_id;
  Timestamp created;                 // carried from the entity's first change
  std::optional<Timestamp> started;  // work start as of this change (see docs/statistics.md)
  bool operator==(const StateChange&) const = default;
};

/// Whether events of this type can change a ticket's or a task's state.
bool may_change_state(const Event& e);
/// The change `e` makes to an entity last seen in `before` (absent: never seen); absent when
/// it changes nothing. `until` is left absent.
std::optional<StateChange> project_event(const std::optional<EntityState>& before, const Event& e);
EntityState state_after(const StateChange& c);

/// Projects events, in log order, onto the states known before them.
class Projector {
 public:
  explicit Projector(std::map<std::string, EntityState> known = {}) : states_(std::move(known)) {}
  void add(const Event& e);

  /// The changes made, each ended (`until`) by the next change of its entity.
  std::vector<StateChange> changes;
  /// Changes stored before these events that a new change ended: {event_id, until}.
  std::vector<std::pair<long long, Timestamp>> ended;
  std::set<std::string> deleted_projects;

 private:
  std::map<std::string, EntityState> states_;
  std::map<std::string, size_t> latest_;  // entity -> its latest entry in `changes`
};

}  // namespace dagboard::stats
