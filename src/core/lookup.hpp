// SPDX-License-Identifier: Apache-2.0
// Finds a record inside a transaction or throws the matching *_NOT_FOUND error.
#pragma once

#include <string_view>

#include <dagboard/agent.hpp>
#include <dagboard/project.hpp>
#include <dagboard/task.hpp>
#include <dagboard/ticket.hpp>

#include "storage/tx.hpp"

namespace dagboard::core {

Project require_project(storage::Tx& tx, std::string_view id_or_key, bool lock = false);
Ticket require_ticket(storage::Tx& tx, std::string_view id_or_key, bool lock = false);
Task require_task(storage::Tx& tx, std::string_view id, bool lock = false);
Agent require_agent(storage::Tx& tx, std::string_view id, bool lock = false);

}  // namespace dagboard::core
