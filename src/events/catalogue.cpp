// SPDX-License-Identifier: Apache-2.0
// Every event type and entity type the library writes (docs/events.md, "Catalogue"). Filters are
// checked against it, so a typo is an error rather than an empty stream; the C++ tests check
// that every event they cause is listed here.

#include <dagboard/events.hpp>

namespace DAGBOARD_NAMESPACE {
namespace {

constexpr std::string_view kEventTypes[] = {"PROJECT_CREATED",
                                            "PROJECT_UPDATED",
                                            "PROJECT_ARCHIVED",
                                            "PROJECT_DELETED",
                                            "TICKET_CREATED",
                                            "TICKET_UPDATED",
                                            "TICKET_DELETED",
                                            "TICKET_STATUS_CHANGED",
                                            "TICKET_BLOCKED",
                                            "TICKET_UNBLOCKED",
                                            "TICKET_PHASE_ADVANCED",
                                            "PHASE_ARTIFACT_REPORTED",
                                            "TICKET_APPROVAL_PENDING",
                                            "TICKET_APPROVED",
                                            "TICKET_REJECTED",
                                            "TICKET_TIMED_OUT",
                                            "TICKET_ISSUE_CREATED",
                                            "TASK_CREATED",
                                            "TASK_UPDATED",
                                            "TASK_STARTED",
                                            "TASK_COMPLETED",
                                            "TASK_FAILED",
                                            "TASK_CANCELLED",
                                            "TASK_DELETED",
                                            "TASK_STATUS_CHANGED",
                                            "TASK_DEPENDENCY_UPDATED",
                                            "TASK_ASSIGNED",
                                            "TASK_LEASE_RENEWED",
                                            "TASK_RELEASED",
                                            "TASK_LEASE_EXPIRED",
                                            "TASK_RETRY_SCHEDULED",
                                            "TASK_STRANDED",
                                            "TASK_UNSTRANDED",
                                            "TASKS_UNBLOCKED",
                                            "AGENT_REGISTERED",
                                            "AGENT_UPDATED",
                                            "AGENT_STATUS_CHANGED",
                                            "AGENT_HEARTBEAT",
                                            "BOARD_TICKET_MOVED",
                                            "BOARD_WIP_VIOLATION",
                                            "WORKFLOW_UPDATED",
                                            "EVENTS_COMPACTED",
                                            "COMMIT_LINKED",
                                            "COMMIT_PUSHED",
                                            "COMMIT_COMMENTED",
                                            "COMMIT_DETAILS_FETCHED",
                                            "PR_OPENED",
                                            "PR_MERGED",
                                            "PR_CLOSED",
                                            "PR_REOPENED",
                                            "DOCUMENT_CREATED",
                                            "DOCUMENT_SUBMITTED",
                                            "DOCUMENT_APPROVED",
                                            "DOCUMENT_REJECTED",
                                            "REQUIREMENT_LINKED",
                                            "REQUIREMENT_UNLINKED",
                                            "APPROVAL_GATE_ADDED",
                                            "APPROVAL_GATE_REMOVED",
                                            "EXPLORATION_STARTED",
                                            "EXPLORATION_STAGE_CHANGED",
                                            "EXPLORATION_QUESTION_ASKED",
                                            "EXPLORATION_QUESTION_ANSWERED",
                                            "DISCOVERY_MADE",
                                            "DISCOVERY_BRANCHED",
                                            "DISCOVERY_RESOLVED",
                                            "DISCOVERY_INVALIDATED"};

constexpr std::string_view kEntityTypes[] = {"project",  "ticket",      "task",     "agent",
                                             "board",    "events",      "commit",   "pull_request",
                                             "document", "exploration", "discovery"};

}  // namespace

std::span<const std::string_view> event_type_catalogue() {
  return kEventTypes;
}
std::span<const std::string_view> entity_type_catalogue() {
  return kEntityTypes;
}

}  // namespace dagboard
