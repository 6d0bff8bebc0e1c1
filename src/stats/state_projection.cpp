// SPDX-License-Identifier: Apache-2.0
#include "stats/state_projection.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace dagboard::stats {
namespace {

constexpr std::array<std::string_view, 8> kTicketEvents{
    "TICKET_CREATED",        "TICKET_UPDATED",  "TICKET_DELETED",   "TICKET_STATUS_CHANGED",
    "TICKET_PHASE_ADVANCED", "TICKET_BLOCKED",  "TICKET_UNBLOCKED", "BOARD_TICKET_MOVED"};
constexpr std::array<std::string_view, 11> kTaskEvents{
    "TASK_CREATED",  "TASK_UPDATED",        "TASK_STARTED",  "TASK_COMPLETED",
    "TASK_FAILED",   "TASK_CANCELLED",      "TASK_STATUS_CHANGED", "TASK_ASSIGNED",
    "TASK_RELEASED", "TASK_LEASE_EXPIRED",  "TASK_LEASE_RENEWED"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view type) {
  return std::find(names.begin(), names.end(), type) != names.end();
}

// The first of `keys` the payload holds as a string; else `changes.<field>.new`.
std::optional<std::string> stated(const Json& payload, std::initializer_list<const char*> keys,
                                  const char* changed_field) {
  for (const char* k : keys)
    if (auto it = payload.find(k); it != payload.end() && it->is_string()) return it->get<std::string>();
  auto changes = payload.find("changes");
  if (changes == payload.end() || !changes->is_object()) return std::nullopt;
  auto field = changes->find(changed_field);
  if (field == changes->end() || !field->is_object()) return std::nullopt;
  auto value = field->find("new");
  if (value == field->end() || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

EntityState ticket_after(const EntityState& before, const Event& e) {
  if (e.event_type == "TICKET_DELETED") return {};
  EntityState s = before;
  if (auto phase = stated(e.payload, {"to_phase", "phase_id"}, "phase_id")) s.phase = phase;
  if (auto status = stated(e.payload, {"to_status", "status"}, "status")) s.status = status;
  return s;
}

EntityState task_after(const EntityState& before, const Event& e) {
  EntityState s = before;
  if (e.event_type == "TASK_ASSIGNED") s.status = "assigned";
  else if (auto status = stated(e.payload, {"status"}, "status")) s.status = status;
  if (auto agent = stated(e.payload, {"agent_id"}, "assigned_agent_id")) s.agent = agent;
  return s;
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
  return StateChange{e.id,         e.event_type,   *e.project_id, e.entity_type, e.entity_id,
                     e.created_at, from.phase,     to.phase,      from.status,   to.status,
                     to.agent};
}

EntityState state_after(const StateChange& c) {
  return {c.to_phase, c.to_status, c.agent_id};
}

}  // namespace dagboard::stats
