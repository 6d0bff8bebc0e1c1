// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/explorations.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

void insert_exploration(Tx& tx, const Exploration& e);
std::optional<Exploration> find_exploration(Tx& tx, std::string_view id, bool lock = false);
Listed<Exploration> list_explorations(Tx& tx, const std::optional<std::string>& project_id, const ListWindow& window);
/// Writes stage, document ids, conversation, updated_at, completed_at.
void update_exploration(Tx& tx, const Exploration& e);

void insert_question(Tx& tx, const ExplorationQuestion& q);
std::optional<ExplorationQuestion> find_question(Tx& tx, std::string_view id, bool lock = false);
void update_question_answer(Tx& tx, const ExplorationQuestion& q);
std::vector<ExplorationQuestion> exploration_questions(Tx& tx, const std::string& exploration_id);

}  // namespace dagboard::storage
