// SPDX-License-Identifier: Apache-2.0
// Project explorations (upstream ProjectExploration, ExplorationQuestion): an idea, the
// questions asked about it and their answers, the conversation, and the requirements and design
// documents it produced. The stage follows the documents: see docs/documents.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// exploring -> requirements_draft -> requirements_review -> design_draft -> design_review -> completed
inline constexpr const char* kExplorationStages[] = {"exploring",    "requirements_draft", "requirements_review",
                                                     "design_draft", "design_review",      "completed"};

struct Exploration {
  std::string id;  // "exp-<uuid>"
  std::optional<std::string> project_id;
  std::string user_id;
  std::string initial_idea;
  std::string current_stage = "exploring";
  std::optional<std::string> requirements_document_id;  // the newest version
  std::optional<std::string> design_document_id;
  Json conversation_history;  // {"messages": [{role, content, at}]}
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> completed_at;
};

struct NewExploration {
  std::optional<std::string> project_id;  // id or key
  std::string user_id;
  std::string initial_idea;
};

struct ExplorationQuestion {
  std::string id;  // "q-<uuid>"
  std::string exploration_id;
  std::string question_text;
  std::optional<std::string> question_category;  // scope, technical, user_experience, security, ...
  std::optional<std::string> answer_text;
  std::optional<Timestamp> answered_at;
  std::optional<double> ai_confidence;  // 0 .. 1
  std::vector<std::string> follow_up_questions;
  Timestamp created_at;
};

struct NewExplorationQuestion {
  std::string question_text;
  std::optional<std::string> question_category;
  std::optional<double> ai_confidence;
  std::vector<std::string> follow_up_questions;
};

Json to_json(const Exploration& e);
Json to_json(const ExplorationQuestion& q);
NewExploration new_exploration_from_json(const Json& j);
NewExplorationQuestion new_exploration_question_from_json(const Json& j);

class ExplorationService {
 public:
  explicit ExplorationService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// EXPLORATION_STARTED. @throws ValidationError, NotFound (project).
  Exploration start(const NewExploration& req) const;
  /// @throws NotFound (EXPLORATION_NOT_FOUND).
  Exploration get(std::string_view id) const;
  /// Oldest first (paged), optionally of one project.
  Page<Exploration> list(const std::optional<std::string>& project_id = std::nullopt,
                         const PageRequest& page = {}) const;
  /// Appends {role, content, at} to the conversation (role: user, assistant or system).
  Exploration add_message(std::string_view id, const std::string& role, const std::string& content) const;
  ExplorationQuestion ask(std::string_view exploration_id, const NewExplorationQuestion& q) const;
  /// Answers a question once (a second answer: Conflict).
  ExplorationQuestion answer(std::string_view question_id, const std::string& answer_text) const;
  /// In the order asked.
  std::vector<ExplorationQuestion> questions(std::string_view exploration_id) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
