// SPDX-License-Identifier: Apache-2.0
// Tickets: units of work on the board, with a human key such as `PAY-42`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

struct Ticket {
  std::string id;   // UUID
  std::string key;  // "<PROJECT_KEY>-<number>", unique, never reused
  long long number = 0;
  std::string project_id;
  std::string title;
  std::optional<std::string> description;
  std::string phase_id;
  TicketStatus status = TicketStatus::backlog;
  Priority priority = Priority::medium;
  std::optional<std::string> previous_phase_id;
  bool is_blocked = false;
  std::optional<std::string> blocked_reason;
  std::optional<Timestamp> blocked_at;
  ApprovalStatus approval_status = ApprovalStatus::approved;
  std::optional<Timestamp> approval_deadline_at;
  std::optional<std::string> requested_by_agent_id;
  std::optional<std::string> rejection_reason;
  Json context = Json::object();
  std::vector<std::string> blocked_by;           // ids of tickets that block this one
  std::vector<std::string> blocks;               // ids of tickets this one blocks
  std::optional<long long> github_issue_number;  // the GitHub issue it was made from / linked to
  Timestamp created_at;
  Timestamp updated_at;
};

struct NewTicket {
  std::string project_id;  // id or key of the project
  std::string title;
  std::optional<std::string> description;
  /// The status follows the phase (Workflow::phase_for_status). Give either; giving both that
  /// disagree is refused. Neither: the project's default_phase_id.
  std::optional<std::string> phase_id;
  std::optional<TicketStatus> status;
  Priority priority = Priority::medium;
  ApprovalStatus approval_status = ApprovalStatus::approved;
  std::optional<Timestamp> approval_deadline_at;
  std::optional<std::string> requested_by_agent_id;
  bool is_blocked = false;
  std::optional<std::string> blocked_reason;
  Json context = Json::object();
  std::vector<std::string> blocked_by;           // ticket ids or keys in the same project
  std::optional<long long> github_issue_number;  // at most one ticket per issue of a project
};

struct TicketUpdate {
  std::optional<std::string> title;
  std::optional<Nullable<std::string>> description;
  std::optional<std::string> phase_id;
  std::optional<TicketStatus> status;
  std::optional<Priority> priority;
  std::optional<bool> is_blocked;
  std::optional<Nullable<std::string>> blocked_reason;
  std::optional<ApprovalStatus> approval_status;
  std::optional<Nullable<Timestamp>> approval_deadline_at;
  std::optional<Nullable<std::string>> requested_by_agent_id;
  std::optional<Nullable<std::string>> rejection_reason;
  std::optional<Json> context;
  std::optional<std::vector<std::string>> blocked_by;  // replaces the list
  /// The `version` the caller read: CONFLICT when the record has changed since (no lost update).
  std::optional<std::string> if_version;
};

struct TicketQuery {
  std::optional<std::string> project_id;  // id or key
  AnyOf<TicketStatus> status;  // each filter matches any of its values
  AnyOf<std::string> phase_id;
  AnyOf<Priority> priority;
  PageRequest page;  // sort: created_at, updated_at, priority
};

/// How a status change is made (upstream `transition_status`).
struct TransitionOptions {
  std::optional<std::string> reason;        // default "Status transition: a -> b"
  std::optional<std::string> initiated_by;  // agent or user id
  bool force = false;                       // skip the state machine and WIP limits
};

/// One row of a ticket's phase history (upstream PhaseHistory).
struct PhaseHistoryEntry {
  std::string id;
  std::string ticket_id;
  std::optional<std::string> from_phase;
  std::string to_phase;
  std::optional<TicketStatus> from_status;
  TicketStatus to_status = TicketStatus::backlog;
  std::optional<std::string> transition_reason;
  std::optional<std::string> transitioned_by;
  Json artifacts = Json::array();
  Timestamp created_at;
};

/// Upstream's blocker types, plus `manual` for a ticket moved to the blocked column by hand.
inline constexpr std::string_view kBlockerTypes[] = {"dependency", "waiting_on_clarification",
                                                     "failing_checks", "environment", "manual"};

/// Something an agent produced in a phase, reported against the phase gate: an output (type and
/// path, matched against the phase's expected_outputs) and/or done definitions it meets.
struct NewArtifact {
  std::optional<std::string> phase_id;  // default: the ticket's phase
  std::string artifact_type;            // e.g. "code", "test", "document"
  std::optional<std::string> path;
  std::optional<std::string> content;
  std::vector<std::string> met_definitions;  // done_definitions this satisfies, verbatim
  std::optional<std::string> reported_by;
};

struct PhaseArtifact {
  std::string id, ticket_id, phase_id, artifact_type;
  std::optional<std::string> path, content, reported_by;
  std::vector<std::string> met_definitions;
  Timestamp created_at;
};

/// Where a ticket stands against its phase's gate.
struct GateStatus {
  std::string ticket_id, phase_id;
  bool met = false;
  std::vector<std::string> missing_definitions;  // done_definitions not reported met
  std::vector<std::string> missing_outputs;      // "type:pattern" of required outputs not seen
  std::vector<PhaseArtifact> artifacts;
};

/// A status change as requested over an API: {to_status, reason?, initiated_by?, force?} and,
/// for a regression, validation_feedback.
struct TransitionRequest {
  TicketStatus to_status = TicketStatus::backlog;
  TransitionOptions options;
  std::optional<std::string> validation_feedback;
};

/// {blocker_type, suggested_remediation?, initiated_by?}
struct BlockRequest {
  std::string blocker_type;
  std::optional<std::string> suggested_remediation;
  std::optional<std::string> initiated_by;
};

Json to_json(const Ticket& t);
Json to_json(const PhaseHistoryEntry& e);
Json to_json(const PhaseArtifact& a);
Json to_json(const GateStatus& g);
NewArtifact new_artifact_from_json(const Json& j);
TransitionRequest transition_request_from_json(const Json& j);
/// A transition back with its required `validation_feedback`.
TransitionRequest regress_request_from_json(const Json& j);
BlockRequest block_request_from_json(const Json& j);
NewTicket new_ticket_from_json(const Json& j);
TicketUpdate ticket_update_from_json(const Json& j);
TicketQuery ticket_query_from_json(const Json& j);

class TicketService {
 public:
  explicit TicketService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Assigns the next key of the project atomically. @throws NotFound, ValidationError.
  Ticket create(const NewTicket& req) const;
  /// By id or by key (`PAY-42`). @throws NotFound (TICKET_NOT_FOUND).
  Ticket get(std::string_view id_or_key) const;
  std::optional<Ticket> find(std::string_view id_or_key) const;
  /// Ordered by creation. Filters combine with AND.
  Page<Ticket> list(const TicketQuery& query = {}) const;
  Ticket update(std::string_view id_or_key, const TicketUpdate& changes) const;
  /// Deletes the ticket with its tasks; its key is never handed out again.
  void remove(std::string_view id_or_key) const;

  /// Moves the ticket to `to` along upstream's VALID_TRANSITIONS (a blocked ticket only to
  /// analyzing, building, building-done or testing, which unblocks it). The phase follows
  /// the status (Workflow::phase_for_status); the target column's WIP limit holds.
  /// @throws InvalidTransition, Error(WIP_LIMIT_EXCEEDED) unless forced.
  Ticket transition(std::string_view id_or_key, TicketStatus to,
                    const TransitionOptions& options = {}) const;
  /// A transition that records {regressed_from, regressed_to, validation_feedback, regressed_at}
  /// in context.regressions (testing -> building is the usual one).
  Ticket regress(std::string_view id_or_key, TicketStatus to,
                 const std::string& validation_feedback,
                 const TransitionOptions& options = {}) const;
  /// Sets the blocked overlay (one of kBlockerTypes) and moves the ticket to the workflow's
  /// blocked phase; its status stays. Like upstream, it adds a HIGH remediation task to the
  /// ticket ("Resolve dependency", "Request clarification", "Fix failing checks", "Fix
  /// environment"; none for `manual`) in the phase it was working in, described by
  /// `suggested_remediation`. No change when already blocked or done.
  Ticket block(std::string_view id_or_key, const std::string& blocker_type,
               const std::optional<std::string>& suggested_remediation = std::nullopt,
               const std::optional<std::string>& initiated_by = std::nullopt) const;
  /// Clears the overlay and returns the ticket to the phase it was blocked in. No change when
  /// not blocked. Never refused for WIP; an over-full column is reported (BOARD_WIP_VIOLATION).
  Ticket unblock(std::string_view id_or_key,
                 const std::optional<std::string>& initiated_by = std::nullopt) const;
  /// Oldest first.
  std::vector<PhaseHistoryEntry> phase_history(std::string_view id_or_key) const;

  // Approval (upstream approval.py). A project reviews new tickets when its settings say
  // {"approval": {"ticket_human_review": true, "timeout_seconds": 1800, "on_reject": "delete"}}:
  // they start pending_review with a deadline, and stay out of transitions and board moves
  // (unless forced) until approved.

  /// pending_review -> approved. @throws InvalidTransition from any other state.
  Ticket approve(std::string_view id_or_key,
                 const std::optional<std::string>& approver_id = std::nullopt) const;
  /// pending_review -> rejected with the reason; the ticket is then deleted or kept (archived)
  /// per the project's on_reject. Returns it as it was rejected.
  Ticket reject(std::string_view id_or_key, const std::string& reason,
                const std::optional<std::string>& rejector_id = std::nullopt) const;
  /// Pending tickets whose deadline has passed become timed_out ("Approval timeout exceeded"),
  /// deleted or kept per on_reject. Returns their ids.
  std::vector<std::string> check_approval_timeouts() const;
  // Phase gates (upstream phase_gate / check_and_progress_ticket).

  PhaseArtifact report_artifact(std::string_view id_or_key, const NewArtifact& artifact) const;
  GateStatus gate_status(std::string_view id_or_key) const;
  /// When the ticket's current phase gate is met (every done definition reported met, every
  /// required output seen), moves it to the phase's first allowed transition other than the
  /// blocked phase, the status following; the phase history row lists the artifacts. nullopt
  /// when blocked, terminal, not approved, the gate is not met, or the next column is full.
  std::optional<Ticket> check_and_progress(
      std::string_view id_or_key,
      const std::optional<std::string>& initiated_by = std::nullopt) const;

  /// Finishes a ticket's work the way a merged pull request does (upstream): every pending,
  /// claiming, assigned or running task becomes completed with `result` (TASK_COMPLETED, and
  /// TASKS_UNBLOCKED for dependents), then the ticket moves to done, forced past the state
  /// machine and WIP limits. Returns the ticket and the ids of the tasks it completed.
  std::pair<Ticket, std::vector<std::string>> complete_work(
      std::string_view id_or_key, const Json& result, const std::string& reason,
      const std::optional<std::string>& initiated_by = std::nullopt) const;

  /// Tickets awaiting review, in one project or all.
  long long pending_review_count(const std::optional<std::string>& project = std::nullopt) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
