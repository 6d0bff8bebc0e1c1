// SPDX-License-Identifier: Apache-2.0
#include "storage/workflow_repo.hpp"

#include "storage/row.hpp"
#include "storage/sqlite_rows.hpp"

namespace DAGBOARD_NAMESPACE::storage {

std::optional<std::string> load_workflow_definition(Tx& tx, const std::string& project_id) {
  std::optional<std::string> out;
  query(tx.sql(), "SELECT definition FROM project_workflows WHERE project_id = :p", Params().set("p", project_id),
        [&](const Row& r) { out = r.text("definition"); });
  return out;
}

void save_workflow_definition(Tx& tx, const std::string& project_id, const std::string& definition) {
  delete_workflow_definition(tx, project_id);
  exec(tx.sql(), "INSERT INTO project_workflows (project_id, definition, updated_at) VALUES (:p, :d, :t)",
       Params().set("p", project_id).set("d", definition).set("t", tx.now()));
}

void delete_workflow_definition(Tx& tx, const std::string& project_id) {
  exec(tx.sql(), "DELETE FROM project_workflows WHERE project_id = :p", Params().set("p", project_id));
}

std::set<std::string> phases_in_use(Tx& tx, const std::string& project_id) {
  std::set<std::string> out;
  query(tx.sql(),
        "SELECT DISTINCT phase_id FROM tickets WHERE project_id = :p1 UNION SELECT DISTINCT phase_id FROM tasks "
        "WHERE project_id = :p2 UNION SELECT DISTINCT phase_id FROM agents WHERE project_id = :p3 AND "
        "phase_id IS NOT NULL",
        Params().set("p1", project_id).set("p2", project_id).set("p3", project_id),
        [&](const Row& r) { out.insert(r.text("phase_id")); });
  return out;
}

std::map<std::string, long long> ticket_counts_by_phase(Tx& tx, const std::string& project_id) {
  std::map<std::string, long long> out;
  query(tx.sql(), "SELECT phase_id, COUNT(*) AS n FROM tickets WHERE project_id = :p GROUP BY phase_id",
        Params().set("p", project_id), [&](const Row& r) { out[r.text("phase_id")] = r.integer("n"); });
  return out;
}

long long count_tickets_in_phases(Tx& tx, const std::string& project_id, const std::vector<std::string>& phases) {
  Params params;
  params.set("p", project_id);
  std::string list = in_list(params, "ph", phases);
  return query_integer(tx.sql(), "SELECT COUNT(*) AS v FROM tickets WHERE project_id = :p AND phase_id IN (" + list + ")",
                       std::move(params))
      .value_or(0);
}

namespace {

const char* kCardQuery =
    "SELECT id, key, title, phase_id, status, priority, approval_status, is_blocked, context, "
    "COALESCE(blocked_reason, '') FROM tickets WHERE project_id = ? ORDER BY created_at, id";

std::optional<std::string> reason_of(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

Json parse_context(std::string_view text) {
  return text == "{}" ? Json::object() : stored_json(text, "context");
}

// SQLite: straight on the connection (SOCI's per-value conversions were most of the view's time).
std::vector<TicketCard> sqlite_cards(Tx& tx, const std::string& project_id) {
  std::vector<TicketCard> out;
  for_each_sqlite_row(tx.sql(), kCardQuery, {project_id}, [&](const SqliteRow& r) {
    out.push_back(TicketCard{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)),
                             std::string(r.text(3)), std::string(r.text(4)), std::string(r.text(5)),
                             std::string(r.text(6)), r.integer(7) != 0, parse_context(r.text(8)),
                             reason_of(r.text(9))});
  });
  return out;
}

}  // namespace

std::vector<TicketCard> ticket_cards(Tx& tx, const std::string& project_id) {
  if (tx.backend() == Backend::sqlite) return sqlite_cards(tx, project_id);
  // PostgreSQL: fetch 1,000 rows at a time into column vectors instead of row by row.
  constexpr size_t kBatch = 1000;
  std::vector<std::string> id(kBatch), key(kBatch), title(kBatch), phase(kBatch), status(kBatch),
      priority(kBatch), approval(kBatch), context(kBatch), blocked(kBatch), reason(kBatch);
  std::string project = project_id;
  soci::statement st =
      (tx.sql().prepare << "SELECT id, key, title, phase_id, status, priority, approval_status, "
                           "CAST(is_blocked AS TEXT), context, COALESCE(blocked_reason, '') FROM tickets "
                           "WHERE project_id = :p "
                           "ORDER BY created_at, id",
       soci::use(project), soci::into(id), soci::into(key), soci::into(title), soci::into(phase), soci::into(status),
       soci::into(priority), soci::into(approval), soci::into(blocked), soci::into(context),
       soci::into(reason));
  st.execute();
  std::vector<TicketCard> out;
  while (st.fetch()) {
    for (size_t i = 0; i < id.size(); ++i) {
      Json ctx = parse_context(context[i]);
      out.push_back(TicketCard{std::move(id[i]), std::move(key[i]), std::move(title[i]), std::move(phase[i]),
                               std::move(status[i]), std::move(priority[i]), std::move(approval[i]),
                               blocked[i] == "1", std::move(ctx), reason_of(reason[i])});
    }
    for (auto* column : {&id, &key, &title, &phase, &status, &priority, &approval, &blocked, &context, &reason})
      column->resize(kBatch);
  }
  return out;
}

void insert_artifact(Tx& tx, const PhaseArtifact& a) {
  exec(tx.sql(),
       "INSERT INTO phase_artifacts (id, ticket_id, phase_id, artifact_type, path, content, met_definitions, "
       "reported_by, created_at) VALUES (:id, :t, :ph, :type, :path, :content, :met, :by, :at)",
       Params()
           .set("id", a.id)
           .set("t", a.ticket_id)
           .set("ph", a.phase_id)
           .set("type", a.artifact_type)
           .set("path", a.path)
           .set("content", a.content)
           .set_json("met", a.met_definitions)
           .set("by", a.reported_by)
           .set("at", a.created_at));
}

std::vector<PhaseArtifact> list_artifacts(Tx& tx, const std::string& ticket_id, const std::string& phase_id) {
  std::vector<PhaseArtifact> out;
  query(tx.sql(),
        "SELECT id, ticket_id, phase_id, artifact_type, path, content, met_definitions, reported_by, created_at "
        "FROM phase_artifacts WHERE ticket_id = :t AND phase_id = :ph ORDER BY created_at, id",
        Params().set("t", ticket_id).set("ph", phase_id), [&](const Row& r) {
          out.push_back(PhaseArtifact{r.text("id"), r.text("ticket_id"), r.text("phase_id"), r.text("artifact_type"),
                                      r.opt_text("path"), r.opt_text("content"), r.opt_text("reported_by"),
                                      r.json("met_definitions").get<std::vector<std::string>>(), r.time("created_at")});
        });
  return out;
}

void insert_phase_history(Tx& tx, const PhaseHistoryEntry& e, const std::string& project_id) {
  exec(tx.sql(),
       "INSERT INTO phase_history (id, ticket_id, project_id, from_phase, to_phase, from_status, to_status, "
       "transition_reason, transitioned_by, artifacts, created_at) VALUES (:id, :t, :p, :fp, :tp, :fs, :ts, "
       ":reason, :by, :artifacts, :at)",
       Params()
           .set("id", e.id)
           .set("t", e.ticket_id)
           .set("p", project_id)
           .set("fp", e.from_phase)
           .set("tp", e.to_phase)
           .set("fs", e.from_status ? std::optional<std::string>(std::string(to_string(*e.from_status))) : std::nullopt)
           .set("ts", to_string(e.to_status))
           .set("reason", e.transition_reason)
           .set("by", e.transitioned_by)
           .set_json("artifacts", e.artifacts)
           .set("at", e.created_at));
}

std::vector<PhaseHistoryEntry> list_phase_history(Tx& tx, const std::string& ticket_id) {
  std::vector<PhaseHistoryEntry> out;
  query(tx.sql(),
        "SELECT id, ticket_id, from_phase, to_phase, from_status, to_status, transition_reason, transitioned_by, "
        "artifacts, created_at FROM phase_history WHERE ticket_id = :t ORDER BY created_at, id",
        Params().set("t", ticket_id), [&](const Row& r) {
          PhaseHistoryEntry e;
          e.id = r.text("id");
          e.ticket_id = r.text("ticket_id");
          e.from_phase = r.opt_text("from_phase");
          e.to_phase = r.text("to_phase");
          if (auto s = r.opt_text("from_status")) e.from_status = parse<TicketStatus>(*s);
          e.to_status = parse<TicketStatus>(r.text("to_status")).value_or(TicketStatus::backlog);
          e.transition_reason = r.opt_text("transition_reason");
          e.transitioned_by = r.opt_text("transitioned_by");
          e.artifacts = r.json("artifacts");
          e.created_at = r.time("created_at");
          out.push_back(std::move(e));
        });
  return out;
}

}  // namespace dagboard::storage
