// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/explorations.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/exploration_stage.hpp"
#include "core/lookup.hpp"
#include "storage/exploration_repo.hpp"
#include "util/ids.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {

template <>
Timestamp core::keyset_time(const Exploration& e) {
  return e.created_at;
}

namespace {

Exploration require_exploration(storage::Tx& tx, std::string_view id, bool lock = false) {
  auto e = storage::find_exploration(tx, id, lock);
  if (!e) throw NotFound(ErrorCode::exploration_not_found, "exploration", id);
  return *e;
}

const char* stage_after(const std::string& kind, core::DocumentAction action) {
  bool requirements = kind == "requirements";
  switch (action) {
    case core::DocumentAction::saved:
    case core::DocumentAction::rejected:
      return requirements ? "requirements_draft" : "design_draft";
    case core::DocumentAction::submitted:
      return requirements ? "requirements_review" : "design_review";
    case core::DocumentAction::approved:
      return requirements ? "design_draft" : "completed";
  }
  return "exploring";
}

void emit_stage(storage::Tx& tx, const Exploration& e, const std::string& from) {
  tx.emit("EXPLORATION_STAGE_CHANGED", "exploration", e.id, e.project_id,
          Json{{"exploration_id", e.id},
               {"from_stage", from},
               {"to_stage", e.current_stage},
               {"requirements_document_id", core::or_null(e.requirements_document_id)},
               {"design_document_id", core::or_null(e.design_document_id)}});
}

}  // namespace

void core::follow_document(storage::Tx& tx, const Document& d, DocumentAction action) {
  if (!d.exploration_id || (d.kind != "requirements" && d.kind != "design")) return;
  auto found = storage::find_exploration(tx, *d.exploration_id, true);
  if (!found) return;
  Exploration e = *found;
  auto& current = d.kind == "requirements" ? e.requirements_document_id : e.design_document_id;
  if (action == DocumentAction::saved)
    current = d.id;
  else if (current != d.id)
    return;  // an older version: the stage follows the newest
  std::string from = e.current_stage;
  e.current_stage = stage_after(d.kind, action);
  e.completed_at = e.current_stage == "completed" ? std::optional(tx.now()) : std::nullopt;
  e.updated_at = tx.now();
  storage::update_exploration(tx, e);
  if (from != e.current_stage) emit_stage(tx, e, from);
}

Exploration ExplorationService::start(const NewExploration& req) const {
  util::check_required_text("user_id", req.user_id, 255);
  util::check_required_text("initial_idea", req.initial_idea, 1 << 20);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Exploration e;
    e.id = "exp-" + util::new_uuid();
    if (req.project_id) e.project_id = core::require_project(tx, *req.project_id).id;
    e.user_id = req.user_id;
    e.initial_idea = req.initial_idea;
    e.conversation_history = Json{{"messages", Json::array()}};
    e.created_at = e.updated_at = tx.now();
    storage::insert_exploration(tx, e);
    tx.emit(
        "EXPLORATION_STARTED", "exploration", e.id, e.project_id,
        Json{{"exploration_id", e.id}, {"user_id", e.user_id}, {"current_stage", e.current_stage}});
    return e;
  });
}

Exploration ExplorationService::get(std::string_view id) const {
  return ctx_->db->read([&](storage::Tx& tx) { return require_exploration(tx, id); });
}

Page<Exploration> ExplorationService::list(const std::optional<std::string>& project_id,
                                           const PageRequest& page) const {
  auto window = core::list_window(page, core::kByTime);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    std::optional<std::string> project;
    if (project_id) project = core::require_project(tx, *project_id).id;
    return storage::list_explorations(tx, project, window);
  });
  return core::make_page(std::move(rows), window);
}

Exploration ExplorationService::add_message(std::string_view id, const std::string& role,
                                            const std::string& content) const {
  if (role != "user" && role != "assistant" && role != "system")
    throw ValidationError("role", "role must be user, assistant or system");
  util::check_required_text("content", content, 1 << 20);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Exploration e = require_exploration(tx, id, true);
    if (!e.conversation_history.is_object()) e.conversation_history = Json::object();
    auto& messages = e.conversation_history["messages"];
    if (!messages.is_array()) messages = Json::array();
    if (messages.size() >= 10000)
      throw ValidationError("content", "the conversation holds 10,000 messages already");
    messages.push_back(Json{{"role", role}, {"content", content}, {"at", to_iso8601(tx.now())}});
    e.updated_at = tx.now();
    storage::update_exploration(tx, e);
    return e;
  });
}

ExplorationQuestion ExplorationService::ask(std::string_view exploration_id,
                                            const NewExplorationQuestion& req) const {
  util::check_required_text("question_text", req.question_text, 1 << 16);
  util::check_opt_text("question_category", req.question_category, 50);
  if (req.ai_confidence && (*req.ai_confidence < 0 || *req.ai_confidence > 1))
    throw ValidationError("ai_confidence", "ai_confidence must be 0 .. 1");
  for (const auto& f : req.follow_up_questions)
    util::check_required_text("follow_up_questions", f, 1 << 16);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Exploration e = require_exploration(tx, exploration_id);
    ExplorationQuestion q;
    q.id = "q-" + util::new_uuid();
    q.exploration_id = e.id;
    q.question_text = req.question_text;
    q.question_category = req.question_category;
    q.ai_confidence = req.ai_confidence;
    q.follow_up_questions = req.follow_up_questions;
    q.created_at = tx.now();
    storage::insert_question(tx, q);
    tx.emit("EXPLORATION_QUESTION_ASKED", "exploration", e.id, e.project_id,
            Json{{"exploration_id", e.id},
                 {"question_id", q.id},
                 {"question_category", core::or_null(q.question_category)}});
    return q;
  });
}

ExplorationQuestion ExplorationService::answer(std::string_view question_id,
                                               const std::string& answer_text) const {
  util::check_required_text("answer_text", answer_text, 1 << 20);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    auto found = storage::find_question(tx, question_id, true);
    if (!found)
      throw NotFound(ErrorCode::exploration_not_found, "exploration question", question_id);
    ExplorationQuestion q = *found;
    if (q.answer_text)
      throw Conflict("question " + q.id + " is answered already", Json{{"question_id", q.id}});
    q.answer_text = answer_text;
    q.answered_at = tx.now();
    storage::update_question_answer(tx, q);
    Exploration e = require_exploration(tx, q.exploration_id);
    tx.emit("EXPLORATION_QUESTION_ANSWERED", "exploration", e.id, e.project_id,
            Json{{"exploration_id", e.id}, {"question_id", q.id}});
    return q;
  });
}

std::vector<ExplorationQuestion> ExplorationService::questions(
    std::string_view exploration_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::exploration_questions(tx, require_exploration(tx, exploration_id).id);
  });
}

Json to_json(const Exploration& e) {
  return Json{{"id", e.id},
              {"project_id", core::or_null(e.project_id)},
              {"user_id", e.user_id},
              {"initial_idea", e.initial_idea},
              {"current_stage", e.current_stage},
              {"requirements_document_id", core::or_null(e.requirements_document_id)},
              {"design_document_id", core::or_null(e.design_document_id)},
              {"conversation_history", e.conversation_history},
              {"created_at", to_iso8601(e.created_at)},
              {"updated_at", to_iso8601(e.updated_at)},
              {"completed_at", core::or_null(e.completed_at)}};
}

Json to_json(const ExplorationQuestion& q) {
  return Json{{"id", q.id},
              {"exploration_id", q.exploration_id},
              {"question_text", q.question_text},
              {"question_category", core::or_null(q.question_category)},
              {"answer_text", core::or_null(q.answer_text)},
              {"answered_at", core::or_null(q.answered_at)},
              {"ai_confidence", core::or_null(q.ai_confidence)},
              {"follow_up_questions", q.follow_up_questions},
              {"created_at", to_iso8601(q.created_at)}};
}

NewExploration new_exploration_from_json(const Json& j) {
  util::JsonInput in(j);
  NewExploration r;
  r.project_id = in.string("project_id");
  r.user_id = in.required_string("user_id");
  r.initial_idea = in.required_string("initial_idea");
  in.finish();
  return r;
}

NewExplorationQuestion new_exploration_question_from_json(const Json& j) {
  util::JsonInput in(j);
  NewExplorationQuestion r;
  r.question_text = in.required_string("question_text");
  r.question_category = in.string("question_category");
  r.ai_confidence = in.number("ai_confidence");
  r.follow_up_questions = in.strings("follow_up_questions").value_or(std::vector<std::string>{});
  in.finish();
  return r;
}

}  // namespace dagboard
