// SPDX-License-Identifier: Apache-2.0
// The one path every task status change of the lifecycle takes.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string_view>

#include <dagboard/task.hpp>

#include "core/context.hpp"

namespace dagboard::core {

/// In `tx`: locks the task, checks that its status is one of `from` (else INVALID_TRANSITION
/// naming both ends), moves it to `to` (nullopt: keeps its status), lets `change` check and edit
/// it (the one read of the locked row; it may still redirect the status), stamps times, writes it, records the graph change
/// and emits `event` with `payload(before, after)` plus task_id/ticket_id/old_status/status.
Task transition(const detail::Context& ctx, storage::Tx& tx, std::string_view task_id,
                std::initializer_list<TaskStatus> from, std::optional<TaskStatus> to, const char* event,
                const std::function<void(Task&)>& change,
                const std::function<Json(const Task&)>& payload = nullptr);

/// Upstream's rule: permanent patterns (permission denied, not found, syntax error, ...) are
/// not retryable; anything else, including an empty message, is.
bool is_retryable_error(const std::string& message);

}  // namespace dagboard::core
