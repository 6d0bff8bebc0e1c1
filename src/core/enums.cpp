// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>

#include <dagboard/enums.hpp>

namespace DAGBOARD_NAMESPACE {
namespace {

// Wire values in declaration order of each enum.
constexpr std::array<std::string_view, 4> kPriority{"CRITICAL", "HIGH", "MEDIUM", "LOW"};
constexpr std::array<std::string_view, 6> kTicketStatus{"backlog",       "analyzing", "building",
                                                        "building-done", "testing",   "done"};
constexpr std::array<std::string_view, 7> kTaskStatus{"pending",   "claiming",  "assigned", "running",
                                                      "completed", "failed",    "cancelled"};
constexpr std::array<std::string_view, 4> kApproval{"pending_review", "approved", "rejected",
                                                    "timed_out"};
constexpr std::array<std::string_view, 3> kProjectStatus{"active", "archived", "completed"};
constexpr std::array<std::string_view, 7> kAgentStatus{"SPAWNING", "IDLE",        "RUNNING",
                                                       "DEGRADED", "FAILED",      "QUARANTINED",
                                                       "TERMINATED"};
constexpr std::array<std::string_view, 4> kAgentType{"worker", "monitor", "watchdog", "guardian"};
constexpr std::array<std::string_view, 5> kHealth{"unknown", "healthy", "degraded", "unhealthy",
                                                  "stale"};
constexpr std::array<std::string_view, 3> kBucket{"hour", "day", "week"};
constexpr std::array<std::string_view, 5> kSearchType{"ticket", "task", "commit", "agent", "document"};
constexpr std::array<std::string_view, 8> kPhases{
    "PHASE_BACKLOG", "PHASE_REQUIREMENTS", "PHASE_DESIGN", "PHASE_IMPLEMENTATION",
    "PHASE_TESTING", "PHASE_DEPLOYMENT",   "PHASE_DONE",   "PHASE_BLOCKED"};

template <class E>
constexpr auto& table();
template <> constexpr auto& table<Priority>() { return kPriority; }
template <> constexpr auto& table<TicketStatus>() { return kTicketStatus; }
template <> constexpr auto& table<TaskStatus>() { return kTaskStatus; }
template <> constexpr auto& table<ApprovalStatus>() { return kApproval; }
template <> constexpr auto& table<ProjectStatus>() { return kProjectStatus; }
template <> constexpr auto& table<AgentStatus>() { return kAgentStatus; }
template <> constexpr auto& table<AgentType>() { return kAgentType; }
template <> constexpr auto& table<HealthStatus>() { return kHealth; }
template <> constexpr auto& table<Bucket>() { return kBucket; }
template <> constexpr auto& table<SearchType>() { return kSearchType; }

template <class E>
std::string_view name_of(E v) {
  return table<E>()[static_cast<size_t>(v)];
}

}  // namespace

template <class E>
std::optional<E> parse(std::string_view text) {
  const auto& names = table<E>();
  auto it = std::find(names.begin(), names.end(), text);
  if (it == names.end()) return std::nullopt;
  return static_cast<E>(it - names.begin());
}

template <class E>
std::span<const std::string_view> wire_values() {
  return table<E>();
}

#define DAGBOARD_ENUM(E)                                                  \
  std::string_view to_string(E v) { return name_of(v); }                  \
  template std::optional<E> parse<E>(std::string_view);                    \
  template std::span<const std::string_view> wire_values<E>();

DAGBOARD_ENUM(Priority)
DAGBOARD_ENUM(TicketStatus)
DAGBOARD_ENUM(TaskStatus)
DAGBOARD_ENUM(ApprovalStatus)
DAGBOARD_ENUM(ProjectStatus)
DAGBOARD_ENUM(AgentStatus)
DAGBOARD_ENUM(AgentType)
DAGBOARD_ENUM(HealthStatus)
DAGBOARD_ENUM(Bucket)
DAGBOARD_ENUM(SearchType)
#undef DAGBOARD_ENUM

std::span<const std::string_view> default_phase_ids() { return kPhases; }

bool is_default_phase(std::string_view phase_id) {
  return std::find(kPhases.begin(), kPhases.end(), phase_id) != kPhases.end();
}

}  // namespace dagboard
