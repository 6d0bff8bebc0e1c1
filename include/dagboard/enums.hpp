// SPDX-License-Identifier: Apache-2.0
// Enumerations with upstream's wire values, and their text conversions.
#pragma once

#include "dagboard/version.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace DAGBOARD_NAMESPACE {

/// Ticket and task priority: `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`.
enum class Priority : std::uint8_t { critical, high, medium, low };

/// Ticket status: `backlog`, `analyzing`, `building`, `building-done`, `testing`, `done`.
enum class TicketStatus : std::uint8_t { backlog, analyzing, building, building_done, testing, done };

/// Task status: `pending`, `claiming`, `assigned`, `running`, `completed`, `failed`, `cancelled`.
enum class TaskStatus : std::uint8_t { pending, claiming, assigned, running, completed, failed, cancelled };

/// Ticket approval: `pending_review`, `approved`, `rejected`, `timed_out`.
enum class ApprovalStatus : std::uint8_t { pending_review, approved, rejected, timed_out };

/// Project status: `active`, `archived`, `completed`.
enum class ProjectStatus : std::uint8_t { active, archived, completed };

/// Agent status: `SPAWNING`, `IDLE`, `RUNNING`, `DEGRADED`, `FAILED`, `QUARANTINED`, `TERMINATED`.
enum class AgentStatus : std::uint8_t { spawning, idle, running, degraded, failed, quarantined, terminated };

/// Agent type: `worker`, `monitor`, `watchdog`, `guardian`.
enum class AgentType : std::uint8_t { worker, monitor, watchdog, guardian };

/// Agent health: `unknown`, `healthy`, `degraded`, `unhealthy`, `stale`.
enum class HealthStatus : std::uint8_t { unknown, healthy, degraded, unhealthy, stale };

/// The length of one bucket of a statistics series: `hour`, `day`, `week` (UTC; weeks start on
/// Monday).
enum class Bucket : std::uint8_t { hour, day, week };

/// What a search can find: `ticket`, `task`, `commit`, `agent`, `document`.
enum class SearchType : std::uint8_t { ticket, task, commit, agent, document };

std::string_view to_string(Priority v);
std::string_view to_string(TicketStatus v);
std::string_view to_string(TaskStatus v);
std::string_view to_string(ApprovalStatus v);
std::string_view to_string(ProjectStatus v);
std::string_view to_string(AgentStatus v);
std::string_view to_string(AgentType v);
std::string_view to_string(HealthStatus v);
std::string_view to_string(Bucket v);
std::string_view to_string(SearchType v);

/// Parses the exact wire value; nullopt when unknown. `parse<Priority>("HIGH")`.
template <class E>
std::optional<E> parse(std::string_view text);

/// Every wire value of an enumeration, in declaration order (for messages and docs).
template <class E>
std::span<const std::string_view> wire_values();

/// The upstream phase ids known to the default workflow (`PHASE_BACKLOG` ... `PHASE_BLOCKED`).
std::span<const std::string_view> default_phase_ids();
bool is_default_phase(std::string_view phase_id);

}  // namespace dagboard
