// SPDX-License-Identifier: Apache-2.0
// Work that can never run: pending tasks behind a failed or cancelled dependency.
#pragma once

#include <string>

#include <dagboard/project.hpp>

#include "core/context.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::progress {

/// settings.on_dependency_failure of a project: "strand" (default: flag and announce the tasks
/// that can never run) or "cancel" (cancel them). @throws ValidationError naming the field.
bool cancels_stranded(const Json& project_settings);

/// Asks for the project's stranded tasks to be brought up to date before `tx` commits, once
/// however many changes ask. Call after any change that can strand or free work: a task
/// entering or leaving failed/cancelled, dependency edits, deleted tasks, new dependents.
void refresh_before_commit(const detail::Context& ctx, storage::Tx& tx,
                           const std::string& project_id);

/// Whether moving from `before` to `after` can strand or free dependents.
bool changes_strandedness(TaskStatus before, TaskStatus after);

}  // namespace dagboard::progress
