// SPDX-License-Identifier: Apache-2.0
// Finds a record inside a transaction or throws the matching *_NOT_FOUND error.
#pragma once

#include <string_view>

#include <dagboard/agent.hpp>
#include <dagboard/project.hpp>
#include <dagboard/task.hpp>
#include <dagboard/ticket.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::core {

// One lock order for every write: the project's row, then its tickets and tasks, then (in the
// statement before COMMIT) the event sequence. Writers of one project queue on its row instead
// of deadlocking on each other's rows. A locking require_ticket/require_task takes the
// project's row first; other writers call lock_project before touching the project's rows.
Project require_project(storage::Tx& tx, std::string_view id_or_key, bool lock = false);
/// Locks the project's row once per transaction. Phase changes of one project are thereby
/// serialized, so counting a column and moving into it cannot interleave with another move
/// (the hard WIP limit). @throws NotFound (project).
void lock_project(storage::Tx& tx, const std::string& project_id);
Ticket require_ticket(storage::Tx& tx, std::string_view id_or_key, bool lock = false);
Task require_task(storage::Tx& tx, std::string_view id, bool lock = false);
Agent require_agent(storage::Tx& tx, std::string_view id, bool lock = false);

}  // namespace dagboard::core
