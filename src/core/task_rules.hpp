// SPDX-License-Identifier: Apache-2.0
// Field rules and event shapes of tasks, shared by create and update.
#pragma once

#include <dagboard/task.hpp>
#include <dagboard/workflow.hpp>

namespace DAGBOARD_NAMESPACE::core {

/// Normalizes capabilities and checks every field. @throws ValidationError.
void normalize_and_check(Task& t);
/// The task's phase must be one of its project's workflow. @throws ValidationError (phase_id).
void check_phase_in(const Workflow& w, const Task& t);
void apply_update(Task& t, const TaskUpdate& u);
/// started_at on `running`, completed_at on `completed`/`failed`/`cancelled` (kept once set).
void stamp_status_times(Task& t, Timestamp now);

/// TASK_STARTED, TASK_COMPLETED, TASK_FAILED, TASK_CANCELLED, TASK_STATUS_CHANGED for another
/// status change, TASK_UPDATED when the status did not change.
const char* update_event_type(TaskStatus before, TaskStatus after);
Json created_payload(const Task& t);
Json updated_payload(const Task& t, TaskStatus old_status, const Json& changes);

}  // namespace dagboard::core
