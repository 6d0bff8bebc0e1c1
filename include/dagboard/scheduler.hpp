// SPDX-License-Identifier: Apache-2.0
// Scheduling: scores, the next task for an agent, atomic claims with leases.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/task.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Upstream's score (REQ-TQM-PRI-002) and its defaults:
///   score = priority·P + age·min(age/age_ceiling, 1) + deadline·D
///         + blockers·min(pending dependents/blocker_ceiling, 1)
///         + retry·max(0, 1 − retry_count/max(max_retries, 1))
/// with P = 1, .75, .5, .25 for CRITICAL..LOW; D = 1 past the deadline, else
/// max(0, 1 − slack/sla_urgency_window), 0 without a deadline; ×sla_boost_multiplier when
/// 0 ≤ slack ≤ window; at least starvation_floor_score once waiting ≥ starvation_limit.
struct ScoreWeights {
  double priority = 0.45;
  double age = 0.20;
  double deadline = 0.15;
  double blockers = 0.15;
  double retry = 0.05;
  double age_ceiling_seconds = 3600;
  double sla_urgency_window_seconds = 900;
  double starvation_limit_seconds = 7200;
  double blocker_ceiling = 10;
  double sla_boost_multiplier = 1.25;
  double starvation_floor_score = 0.6;
};

/// How long a claim holds a task unless renewed, when the caller does not say.
constexpr int kDefaultLeaseSeconds = 300;

/// What claim() takes: a given task, or (empty) the agent's best next task.
struct ClaimRequest {
  std::optional<std::string> task_id;
  /// Where to look for work when the agent has no project of its own (id or key).
  std::optional<std::string> project_id;
  int lease_seconds = kDefaultLeaseSeconds;  // 1 .. 86400
  /// How long to wait for claimable work when there is none yet: 0 .. 300 seconds (0: answer
  /// at once). The wait is woken by commits (this process's, PostgreSQL NOTIFY, the SQLite log
  /// poll), not a sleep loop.
  double wait_seconds = 0;
};

/// Reads task_id, project_id, lease_seconds and wait_seconds (agent_id is the caller's).
ClaimRequest claim_request_from_json(const Json& j);

/// A renew or release as a request body names it: the task and the agent holding it, and for a
/// renewal how long the new lease runs.
struct LeaseCall {
  std::string task_id;
  std::string agent_id;
  int lease_seconds = kDefaultLeaseSeconds;  // 1 .. 86400; renewals only
};

/// Reads task_id and agent_id (both required) and, when `with_lease`, lease_seconds; any other
/// field is refused.
LeaseCall lease_call_from_json(const Json& j, bool with_lease);

/// A project's `settings.retries`: a retried task waits before it is claimable again. The n-th
/// retry waits min(backoff_max_seconds, backoff_base_seconds · 2^(n−1)); 0 turns waiting off.
struct RetryPolicy {
  double backoff_base_seconds = 5;
  double backoff_max_seconds = 300;
};

/// Reads `settings.retries` of a project (absent: the defaults).
/// @throws ValidationError naming settings.retries.<field>.
RetryPolicy retry_policy_from_settings(const Json& project_settings);

Json to_json(const ScoreWeights& w);
ScoreWeights score_weights_from_json(const Json& j);

class SchedulerService {
 public:
  explicit SchedulerService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// The highest-scored ready task the agent may take (its phase, capabilities ⊇ required),
  /// without claiming it; nullopt when there is none.
  /// @throws NotFound (AGENT_NOT_FOUND), Error (AGENT_NOT_AVAILABLE) when the agent is not
  /// IDLE/RUNNING or already holds `capacity` tasks.
  std::optional<Task> next_task(std::string_view agent_id,
                                const std::optional<std::string>& project_id = std::nullopt) const;
  /// Atomically gives a task to the agent (pending → assigned, with a lease): exactly one
  /// claimer wins, across threads and processes. nullopt when nothing is claimable (within
  /// `request.wait_seconds`). Waiting agents with the same phase and capabilities queue, so a
  /// commit costs one claim attempt per such group, not one per agent.
  std::optional<Task> claim(std::string_view agent_id, const ClaimRequest& request = {}) const;
  /// Makes every claim waiting on this database return nullopt now (for shutdown).
  void interrupt_waits() const;
  /// Extends the lease of a task the agent holds. @throws CONFLICT when another agent holds it,
  /// INVALID_TRANSITION when nobody does (pending, running, finished).
  Task renew_lease(std::string_view task_id, std::string_view agent_id,
                   int lease_seconds = kDefaultLeaseSeconds) const;
  /// Gives a held task back: it returns to pending (TASK_RELEASED).
  Task release(std::string_view task_id, std::string_view agent_id) const;
  /// Returns tasks whose lease ran out to pending (TASK_LEASE_EXPIRED); their ids.
  std::vector<std::string> expire_leases() const;
  /// The score of a task now, with this workspace's weights.
  double score(std::string_view task_id) const;

 private:
  std::optional<Task> claim_now(std::string_view agent_id, const ClaimRequest& request) const;
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
