// SPDX-License-Identifier: Apache-2.0
#include "storage/exploration_repo.hpp"

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{"id",
                                        "project_id",
                                        "user_id",
                                        "initial_idea",
                                        "current_stage",
                                        "requirements_document_id",
                                        "design_document_id",
                                        "conversation_history",
                                        "created_at",
                                        "updated_at",
                                        "completed_at"};
const std::vector<std::string> kQuestionColumns{
    "id",          "exploration_id", "question_text",       "question_category", "answer_text",
    "answered_at", "ai_confidence",  "follow_up_questions", "created_at"};

Exploration exploration_from_row(const Row& r) {
  Exploration e;
  e.id = r.text("id");
  e.project_id = r.opt_text("project_id");
  e.user_id = r.text("user_id");
  e.initial_idea = r.text("initial_idea");
  e.current_stage = r.text("current_stage");
  e.requirements_document_id = r.opt_text("requirements_document_id");
  e.design_document_id = r.opt_text("design_document_id");
  e.conversation_history = r.json("conversation_history");
  e.created_at = r.time("created_at");
  e.updated_at = r.time("updated_at");
  e.completed_at = r.opt_time("completed_at");
  return e;
}

ExplorationQuestion question_from_row(const Row& r) {
  ExplorationQuestion q;
  q.id = r.text("id");
  q.exploration_id = r.text("exploration_id");
  q.question_text = r.text("question_text");
  q.question_category = r.opt_text("question_category");
  q.answer_text = r.opt_text("answer_text");
  q.answered_at = r.opt_time("answered_at");
  q.ai_confidence = r.opt_real("ai_confidence");
  q.follow_up_questions = r.json("follow_up_questions").get<std::vector<std::string>>();
  q.created_at = r.time("created_at");
  return q;
}

Params exploration_params(const Exploration& e) {
  return Params()
      .set("id", e.id)
      .set("current_stage", e.current_stage)
      .set("requirements_document_id", e.requirements_document_id)
      .set("design_document_id", e.design_document_id)
      .set_json("conversation_history", e.conversation_history)
      .set("updated_at", e.updated_at)
      .set("completed_at", e.completed_at);
}

}  // namespace

void insert_exploration(Tx& tx, const Exploration& e) {
  exec(tx.sql(), insert_sql("project_explorations", kColumns),
       exploration_params(e)
           .set("project_id", e.project_id)
           .set("user_id", e.user_id)
           .set("initial_idea", e.initial_idea)
           .set("created_at", e.created_at));
}

std::optional<Exploration> find_exploration(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  return first_of(query_rows(tx.sql(),
                             "SELECT " + join_columns(kColumns) +
                                 " FROM project_explorations WHERE id = :id" +
                                 (lock ? tx.for_update() : ""),
                             Params().set("id", id), exploration_from_row));
}

Listed<Exploration> list_explorations(Tx& tx, const std::optional<std::string>& project_id,
                                      const ListWindow& window) {
  Where where;
  where.equals("project_id", project_id);
  return list_rows(tx, "SELECT " + join_columns(kColumns) + " FROM project_explorations",
                   "project_explorations", std::move(where), window,
                   [&](const std::string& sql, Params params) {
                     return query_rows(tx.sql(), sql, std::move(params), exploration_from_row);
                   });
}

void update_exploration(Tx& tx, const Exploration& e) {
  exec(
      tx.sql(),
      "UPDATE project_explorations SET current_stage = :current_stage, requirements_document_id = "
      ":requirements_document_id, design_document_id = :design_document_id, conversation_history = "
      ":conversation_history, updated_at = :updated_at, completed_at = :completed_at WHERE id = "
      ":id",
      exploration_params(e));
}

void insert_question(Tx& tx, const ExplorationQuestion& q) {
  exec(tx.sql(), insert_sql("exploration_questions", kQuestionColumns),
       Params()
           .set("id", q.id)
           .set("exploration_id", q.exploration_id)
           .set("question_text", q.question_text)
           .set("question_category", q.question_category)
           .set("answer_text", q.answer_text)
           .set("answered_at", q.answered_at)
           .set("ai_confidence", q.ai_confidence)
           .set_json("follow_up_questions", Json(q.follow_up_questions))
           .set("created_at", q.created_at));
}

std::optional<ExplorationQuestion> find_question(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  return first_of(query_rows(tx.sql(),
                             "SELECT " + join_columns(kQuestionColumns) +
                                 " FROM exploration_questions WHERE id = :id" +
                                 (lock ? tx.for_update() : ""),
                             Params().set("id", id), question_from_row));
}

void update_question_answer(Tx& tx, const ExplorationQuestion& q) {
  exec(tx.sql(),
       "UPDATE exploration_questions SET answer_text = :a, answered_at = :t WHERE id = :id",
       Params().set("a", q.answer_text).set("t", q.answered_at).set("id", q.id));
}

std::vector<ExplorationQuestion> exploration_questions(Tx& tx, const std::string& exploration_id) {
  return query_rows(
      tx.sql(),
      "SELECT " + join_columns(kQuestionColumns) +
          " FROM exploration_questions WHERE exploration_id = :e ORDER BY created_at, id",
      Params().set("e", exploration_id), question_from_row);
}

}  // namespace dagboard::storage
