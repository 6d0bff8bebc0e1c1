// SPDX-License-Identifier: Apache-2.0
// The one path every task status change of the lifecycle takes.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string_view>

#include <dagboard/task.hpp>

#include "core/context.hpp"

namespace DAGBOARD_NAMESPACE::core {

/// In `tx`: locks the task, checks who acts (`by`, see check_acting; nullptr for the library's
/// own moves such as lease expiry), checks that its status is one of `from` (else
/// INVALID_TRANSITION naming both ends), moves it to `to` (nullopt: keeps its status), lets
/// `change` check and edit it (the one read of the locked row; it may still redirect the status),
/// stamps times, writes it, records the graph change and emits `event` with `payload(before,
/// after)` plus task_id/ticket_id/old_status/status.
Task transition(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
                const ActingAs* by, std::initializer_list<TaskStatus> from,
                std::optional<TaskStatus> to, const char* event,
                const std::function<void(Task&)>& change,
                const std::function<Json(const Task&)>& payload = nullptr);

/// The task contract: on a held task (claiming, assigned, running) only its holder with a live
/// lease acts (else CONFLICT naming the holder and lease), unless `by.force`; naming no agent
/// there is VALIDATION_FAILED (agent_id). On a task nobody holds, a named agent may only make
/// moves that start from its status (`allowed`), else CONFLICT: a zombie never gets through.
void check_acting(const Task& t, const ActingAs& by, Timestamp now,
                  std::initializer_list<TaskStatus> allowed);

/// TASKS_UNBLOCKED for the dependents `completed` made ready, when there are any.
void emit_unblocked(storage::Tx& tx, const Task& completed);

/// Upstream's rule: permanent patterns (permission denied, not found, syntax error, ...) are
/// not retryable; anything else, including an empty message, is.
bool is_retryable_error(const std::string& message);

}  // namespace dagboard::core
