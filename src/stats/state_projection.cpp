// SPDX-License-Identifier: Apache-2.0
#include "stats/state_projection.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace DAGBOARD_NAMESPACE::stats {
namespace {

constexpr std::array<std::string_view, 8> kTicketEvents{
    "TICKET_CREATED",        "TICKET_UPDATED",  "TICKET_DELETED",   "TICKET_STATUS_CHANGED",
    "TICKET_PHASE_ADVANCED", "TICKET_BLOCKED",  "TICKET_UNBLOCKED", "BOARD_TICKET_MOVED"};
constexpr std::array<std::string_view, 12> kTaskEvents{
    "TASK_CREATED",  "TASK_UPDATED",        "TASK_STARTED",  "TASK_COMPLETED",
    "TASK_FAILED",   "TASK_CANCELLED",      "TASK_STATUS_CHANGED", "TASK_ASSIGNED",
    "TASK_RELEASED", "TASK_LEASE_EXPIRED",  "TASK_LEASE_RENEWED", "TASK_DELETED"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view type) {
  return std::find(names.begin(), names.end(), type) != names.end();
}

// `obj[key]` when `obj` is an object holding it, else null.
Json member(const Json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) ? obj.value(key, Json()) : Json();
}

// The first of `keys` the payload holds as a string; else `changes.<field>.new`.
std::optional<std::string> stated(const Json& payload, std::initializer_list<const char*> keys,
                                  const char* changed_field) {
  for (const char* k : keys)
    if (Json v = member(payload, k); v.is_string()) return v.get<std::string>();
  Json value = member(member(member(payload, "changes"), changed_field), "new");
  if (value.is_string()) return value.get<std::string>();
  return std::nullopt;
}

EntityState ticket_after(const EntityState& before, const Event& e) {
  if (e.event_type == "TICKET_DELETED") return {};
  EntityState s = before;
  if (auto phase = stated(e.payload, {"to_phase", "phase_id"}, "phase_id")) s.phase = phase;
  if (auto status = stated(e.payload, {"to_status", "status"}, "status")) s.status = status;
  return s;
}

EntityState task_after(const EntityState& before, const Event& e) {
  if (e.event_type == "TASK_DELETED") return {};
  EntityState s = before;
  if (e.event_type == "TASK_ASSIGNED") s.status = "assigned";
  else if (auto status = stated(e.payload, {"status"}, "status")) s.status = status;
  if (auto agent = stated(e.payload, {"agent_id"}, "assigned_agent_id")) s.agent = agent;
  return s;
}

// Work starts when a ticket first leaves the backlog, when a task first runs.
bool starts_work(const std::string& entity_type, const std::optional<std::string>& status) {
  if (!status) return false;
  return entity_type == "ticket" ? *status != "backlog" : *status == "running";
}

}  // namespace

bool may_change_state(const Event& e) {
  if (!e.project_id) return false;
  if (e.entity_type == "ticket") return listed(kTicketEvents, e.event_type);
  if (e.entity_type == "task") return listed(kTaskEvents, e.event_type);
  return false;
}

std::optional<StateChange> project_event(const std::optional<EntityState>& before, const Event& e) {
  if (!may_change_state(e)) return std::nullopt;
  EntityState from = before.value_or(EntityState{});
  EntityState to = e.entity_type == "ticket" ? ticket_after(from, e) : task_after(from, e);
  bool first = !before;
  if (!first && to.phase == from.phase && to.status == from.status && to.agent == from.agent)
    return std::nullopt;
  if (first && !to.status) return std::nullopt;  // an update of something never seen created
  Timestamp created = first ? e.created_at : from.created;
  std::optional<Timestamp> started = first ? std::nullopt : from.started;
  if (!started && starts_work(e.entity_type, to.status)) started = e.created_at;
  StateChange c;
  c.event_id = e.id;
  c.event_type = e.event_type;
  c.project_id = *e.project_id;
  c.entity_type = e.entity_type;
  c.entity_id = e.entity_id;
  c.at = e.created_at;
  c.from_phase = from.phase;
  c.to_phase = to.phase;
  c.from_status = from.status;
  c.to_status = to.status;
  c.agent_id = to.agent;
  c.created = created;
  c.started = started;
  return c;
}

EntityState state_after(const StateChange& c) {
  return {c.to_phase, c.to_status, c.agent_id, c.event_id, c.created, c.started};
}

void Projector::add(const Event& e) {
  if (e.event_type == "PROJECT_DELETED") {
    deleted_projects.insert(e.entity_id);
    std::erase_if(changes, [&](const StateChange& c) { return c.project_id == e.entity_id; });
    latest_.clear();
    for (size_t i = 0; i < changes.size(); ++i) latest_[changes[i].entity_id] = i;
    return;
  }
  auto known = states_.find(e.entity_id);
  std::optional<EntityState> before;
  if (known != states_.end()) before = known->second;
  auto change = project_event(before, e);
  if (!change) return;
  if (auto mine = latest_.find(e.entity_id); mine != latest_.end())
    changes[mine->second].until = change->at;
  else if (before && before->event_id)
    ended.emplace_back(before->event_id, change->at);
  states_[e.entity_id] = state_after(*change);
  latest_[e.entity_id] = changes.size();
  changes.push_back(std::move(*change));
}

}  // namespace dagboard::stats
