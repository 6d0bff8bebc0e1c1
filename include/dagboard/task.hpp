// SPDX-License-Identifier: Apache-2.0
// Tasks: the schedulable steps of a ticket, linked by `depends_on` edges.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

struct Task {
  std::string id;  // UUID
  std::string ticket_id;
  std::string project_id;
  std::string task_type;
  std::string title;
  std::optional<std::string> description;
  Priority priority = Priority::medium;
  std::string phase_id;
  TaskStatus status = TaskStatus::pending;
  double score = 0.0;
  std::optional<std::string> assigned_agent_id;
  std::vector<std::string> depends_on;             // task ids, stored as rows of task_dependencies
  std::vector<std::string> required_capabilities;  // trimmed, lower case
  int retry_count = 0;
  int max_retries = 3;
  std::optional<int> timeout_seconds;
  std::optional<Timestamp> deadline_at;
  std::optional<double> estimate;
  std::optional<std::string> parent_task_id;
  Json result;                                // null until set
  std::optional<std::string> error_message;   // the current error; cleared on completion
  std::optional<Timestamp> retry_at;          // after a retried failure: not claimable before this
  std::optional<Timestamp> lease_expires_at;  // while claimed: when the claim runs out
  int awaiting_approvals = 0;  // documents this task waits on that no one has approved yet
  bool stranded = false;  // pending, but a dependency failed for good or was cancelled: never runs
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> completed_at;
};

struct NewTask {
  std::optional<std::string> id;  // a UUID chosen by the caller, so a batch can refer to itself
  std::string ticket_id;          // id or key of the ticket
  std::string title;
  std::optional<std::string> description;
  std::string task_type = "implementation";
  Priority priority = Priority::medium;
  std::string phase_id = "PHASE_IMPLEMENTATION";
  TaskStatus status = TaskStatus::pending;
  std::vector<std::string> depends_on;  // existing tasks, or earlier items of the same batch
  std::vector<std::string> required_capabilities;
  int max_retries = 3;
  std::optional<int> timeout_seconds;
  std::optional<Timestamp> deadline_at;
  std::optional<double> estimate;
  std::optional<std::string> parent_task_id;
};

/// Fields to change. Dependencies are edited through the graph operations, not here.
struct TaskUpdate {
  std::optional<std::string> title;
  std::optional<Nullable<std::string>> description;
  std::optional<std::string> task_type;
  std::optional<Priority> priority;
  std::optional<std::string> phase_id;
  std::optional<TaskStatus> status;
  std::optional<Nullable<std::string>> assigned_agent_id;
  std::optional<std::vector<std::string>> required_capabilities;
  std::optional<int> retry_count;
  std::optional<int> max_retries;
  std::optional<Nullable<int>> timeout_seconds;
  std::optional<Nullable<Timestamp>> deadline_at;
  std::optional<Nullable<double>> estimate;
  std::optional<Nullable<std::string>> parent_task_id;
  std::optional<Json> result;
  std::optional<Nullable<std::string>> error_message;
  /// The `version` the caller read: CONFLICT when the record has changed since (no lost update).
  std::optional<std::string> if_version;
  /// Status edits skip claims, dependencies and the lifecycle's events: they need this explicit
  /// override (an operator repairing state). Agents use start/complete/fail/cancel.
  bool force = false;
};

struct TaskQuery {
  std::optional<std::string> project_id;  // id or key
  std::optional<std::string> ticket_id;   // id or key
  AnyOf<TaskStatus> status;  // each filter matches any of its values
  AnyOf<std::string> phase_id;
  AnyOf<std::string> assigned_agent_id;
  AnyOf<Priority> priority;
  PageRequest page;  // sort: created_at, updated_at, priority
};

/// Who makes a lifecycle call. An agent names itself and must hold the task with a live lease,
/// or the call is refused with CONFLICT; anyone else (an operator, a clean-up job) overrides
/// explicitly with `force`, and the event records `forced: true` and the holder it overrode.
struct ActingAs {
  std::optional<std::string> agent_id;
  bool force = false;
};

/// The body of a lifecycle call: who acts, and the call's own field. Unknown fields are a
/// ValidationError, so a misspelt `agentid` cannot skip the holder check.
struct LifecycleRequest {
  std::optional<std::string> task_id;  // when the body names the task (`/scheduler/complete`)
  ActingAs by;
  Json result;                        // complete
  std::string error_message;          // fail: required
  std::string reason = "Cancelled";   // cancel
};
enum class LifecycleCall { start, complete, fail, cancel };

Json to_json(const Task& t);
/// Reads `agent_id`, `force` and the fields `call` takes; `task_id` (required) too when
/// `with_task_id`. @throws ValidationError naming the field.
LifecycleRequest lifecycle_request_from_json(const Json& j, LifecycleCall call,
                                             bool with_task_id = false);
/// `{depends_on: [ids]}`, or a bare list of ids (upstream's check-circular body).
std::vector<std::string> dependency_ids_from_json(const Json& j);
NewTask new_task_from_json(const Json& j);
TaskUpdate task_update_from_json(const Json& j);
TaskQuery task_query_from_json(const Json& j);

class TaskService {
 public:
  explicit TaskService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// @throws NotFound (ticket or dependency), ValidationError.
  Task create(const NewTask& req) const;
  /// Creates all tasks in one transaction, or none of them.
  std::vector<Task> create_many(const std::vector<NewTask>& reqs) const;
  Task get(std::string_view id) const;
  std::optional<Task> find(std::string_view id) const;
  Page<Task> list(const TaskQuery& query = {}) const;
  Task update(std::string_view id, const TaskUpdate& changes) const;

  // Dependencies (edges of the project graph). A task may only depend on tasks of its project.

  /// Adds dependencies (set union; event TASK_DEPENDENCY_UPDATED).
  /// @throws NotFound (TASK_NOT_FOUND), ValidationError, DependencyCycle (nothing written).
  Task add_dependencies(std::string_view task, const std::vector<std::string>& deps) const;
  /// Replaces the dependency list.
  Task set_dependencies(std::string_view task, const std::vector<std::string>& deps) const;
  /// Removes one dependency. @throws ValidationError when `task` does not depend on `dep`.
  Task remove_dependency(std::string_view task, std::string_view dep) const;
  /// The cycle that adding `deps` would close, as ids with the first repeated last; nullopt
  /// when there is none. Writes nothing (upstream check-circular).
  std::optional<std::vector<std::string>> check_cycle(std::string_view task,
                                                      const std::vector<std::string>& deps) const;

  // Lifecycle: pending -> (claim) assigned -> running -> completed | failed | cancelled.
  // Each call on a held task checks `by` on the locked row (see ActingAs): a zombie agent
  // whose lease ran out, or that never held the task, changes nothing.

  /// assigned (or claiming) -> running. @throws CONFLICT (details: holder, lease_expires_at)
  /// when `by.agent_id` does not hold the task with a live lease; VALIDATION_FAILED (agent_id)
  /// when `by` names no agent and does not force.
  Task start(std::string_view task, const ActingAs& by) const;
  /// -> completed, with the result; emits TASK_COMPLETED (with agent_id) and TASKS_UNBLOCKED
  /// for dependents that became ready. Same checks as start().
  Task complete(std::string_view task, const ActingAs& by, const Json& result = nullptr) const;
  /// -> failed, or back to pending with retry_count + 1 when the error is retryable and
  /// retries remain (upstream's rules). Same checks as start().
  Task fail(std::string_view task, const ActingAs& by, const std::string& error_message) const;
  /// -> cancelled, from any state that is not finished. A held task needs its holder or force;
  /// a pending one may be cancelled by anyone.
  Task cancel(std::string_view task, const ActingAs& by, const std::string& reason) const;
  /// Fails running tasks that ran past timeout_seconds; returns their ids.
  std::vector<std::string> check_timeouts() const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
