// SPDX-License-Identifier: Apache-2.0
// Creating tasks inside a transaction another service opened (ticket remediation, discoveries).
#pragma once

#include <vector>

#include <dagboard/task.hpp>

#include "core/context.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::core {

/// Checks, inserts and announces the tasks (all or nothing with `tx`), as TaskService does.
std::vector<Task> create_tasks(const detail::Context& ctx, storage::Tx& tx, const std::vector<NewTask>& reqs);

}  // namespace dagboard::core
