// SPDX-License-Identifier: Apache-2.0
#include "storage/document_repo.hpp"

#include <map>

#include "storage/row.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

const std::vector<std::string> kColumns{"id",
                                        "lineage_id",
                                        "kind",
                                        "project_id",
                                        "exploration_id",
                                        "requirements_id",
                                        "title",
                                        "version",
                                        "content_hash",
                                        "s3_region",
                                        "total_requirements",
                                        "requirements_by_category",
                                        "sections",
                                        "components_designed",
                                        "diagrams_included",
                                        "status",
                                        "submitted_at",
                                        "approved_by",
                                        "approved_at",
                                        "rejected_by",
                                        "rejected_at",
                                        "rejection_reason",
                                        "previous_version_id",
                                        "created_by",
                                        "created_at",
                                        "updated_at"};

// The content store's record of the content, read alongside (its key is the primary key there).
std::string select_sql() {
  std::string sql = "SELECT " + join_columns(kColumns);
  for (const char* c : {"storage_location", "content_size", "content_type", "s3_bucket", "s3_key"})
    sql += std::string(", (SELECT c.") + c +
           " FROM content_blobs c WHERE c.content_hash = documents.content_hash) AS " + c;
  return sql + " FROM documents";
}

Document document_from_row(const Row& r) {
  Document d;
  d.id = r.text("id");
  d.lineage_id = r.text("lineage_id");
  d.kind = r.text("kind");
  d.project_id = r.opt_text("project_id");
  d.exploration_id = r.opt_text("exploration_id");
  d.requirements_id = r.opt_text("requirements_id");
  d.title = r.text("title");
  d.version = static_cast<int>(r.integer("version"));
  d.content_hash = r.text("content_hash");
  d.storage_location = r.text("storage_location");
  d.content_size = r.integer("content_size");
  d.content_type = r.text("content_type");
  d.s3_bucket = r.opt_text("s3_bucket");
  d.s3_key = r.opt_text("s3_key");
  d.s3_region = r.opt_text("s3_region");
  d.total_requirements = r.integer("total_requirements");
  d.requirements_by_category =
      r.json("requirements_by_category").get<std::map<std::string, long long>>();
  d.sections = r.json("sections").get<std::vector<std::string>>();
  d.components_designed = r.json("components_designed").get<std::vector<std::string>>();
  d.diagrams_included = r.json("diagrams_included").get<std::vector<std::string>>();
  d.status = r.text("status");
  d.submitted_at = r.opt_time("submitted_at");
  d.approved_by = r.opt_text("approved_by");
  d.approved_at = r.opt_time("approved_at");
  d.rejected_by = r.opt_text("rejected_by");
  d.rejected_at = r.opt_time("rejected_at");
  d.rejection_reason = r.opt_text("rejection_reason");
  d.previous_version_id = r.opt_text("previous_version_id");
  d.created_by = r.opt_text("created_by");
  d.created_at = r.time("created_at");
  d.updated_at = r.time("updated_at");
  return d;
}

std::vector<Document> select_documents(Tx& tx, const std::string& sql, Params params) {
  return query_rows(tx.sql(), sql, std::move(params), document_from_row);
}

Params status_params(const Document& d) {
  return Params()
      .set("id", d.id)
      .set("status", d.status)
      .set("submitted_at", d.submitted_at)
      .set("approved_by", d.approved_by)
      .set("approved_at", d.approved_at)
      .set("rejected_by", d.rejected_by)
      .set("rejected_at", d.rejected_at)
      .set("rejection_reason", d.rejection_reason)
      .set("updated_at", d.updated_at);
}

IndividualRequirement requirement_from_row(const Row& r) {
  IndividualRequirement q;
  q.id = r.text("id");
  q.document_id = r.text("document_id");
  q.requirement_id = r.text("requirement_id");
  q.requirement_number = static_cast<int>(r.integer("requirement_number"));
  q.title = r.opt_text("title");
  q.description = r.text("description");
  q.ears_format = r.opt_text("ears_format");
  q.ears_pattern = r.opt_text("ears_pattern");
  q.category = r.text("category");
  q.priority = r.opt_text("priority");
  q.source = r.opt_text("source");
  q.created_at = r.time("created_at");
  return q;
}

const char* kRequirementColumns =
    "r.id AS id, r.document_id AS document_id, r.requirement_id AS requirement_id, "
    "r.requirement_number AS "
    "requirement_number, r.title AS title, r.description AS description, r.ears_format AS "
    "ears_format, "
    "r.ears_pattern AS ears_pattern, r.category AS category, r.priority AS priority, r.source AS "
    "source, r.created_at AS created_at";

std::map<std::string, std::vector<std::string>> links_of(Tx& tx, const std::string& lineage_id) {
  std::map<std::string, std::vector<std::string>> out;
  query(tx.sql(),
        "SELECT requirement_id, task_id FROM requirement_task_links WHERE lineage_id = :l ORDER BY "
        "created_at, task_id",
        Params().set("l", lineage_id),
        [&](const Row& r) { out[r.text("requirement_id")].push_back(r.text("task_id")); });
  return out;
}

ApprovalGate gate_from_row(const Row& r) {
  ApprovalGate g;
  g.task_id = r.text("task_id");
  g.document_id = r.text("lineage_id");
  g.created_at = r.time("created_at");
  g.satisfied_at = r.opt_time("satisfied_at");
  g.satisfied = g.satisfied_at.has_value();
  return g;
}

std::vector<ApprovalGate> select_gates(Tx& tx, const std::string& where, Params params) {
  return query_rows(
      tx.sql(),
      "SELECT task_id, lineage_id, created_at, satisfied_at FROM task_approval_gates WHERE " +
          where,
      std::move(params), gate_from_row);
}

}  // namespace

void insert_document(Tx& tx, const Document& d) {
  exec(tx.sql(), insert_sql("documents", kColumns),
       status_params(d)
           .set("lineage_id", d.lineage_id)
           .set("kind", d.kind)
           .set("project_id", d.project_id)
           .set("exploration_id", d.exploration_id)
           .set("requirements_id", d.requirements_id)
           .set("title", d.title)
           .set("version", d.version)
           .set("content_hash", d.content_hash)
           .set("s3_region", d.s3_region)
           .set("total_requirements", d.total_requirements)
           .set_json("requirements_by_category", Json(d.requirements_by_category))
           .set_json("sections", Json(d.sections))
           .set_json("components_designed", Json(d.components_designed))
           .set_json("diagrams_included", Json(d.diagrams_included))
           .set("previous_version_id", d.previous_version_id)
           .set("created_by", d.created_by)
           .set("created_at", d.created_at));
}

std::optional<Document> find_document(Tx& tx, std::string_view id, bool lock) {
  if (!util::is_storable_text(id)) return std::nullopt;  // no stored id is like it
  return first_of(select_documents(tx,
                                   select_sql() + " WHERE id = :id" + (lock ? tx.for_update() : ""),
                                   Params().set("id", id)));
}

std::vector<Document> lineage_versions(Tx& tx, const std::string& lineage_id) {
  return select_documents(tx, select_sql() + " WHERE lineage_id = :l ORDER BY version",
                          Params().set("l", lineage_id));
}

Listed<Document> list_documents(Tx& tx, const DocumentFilter& f, const ListWindow& window) {
  Where where;
  where.equals("project_id", f.project_id)
      .equals("exploration_id", f.exploration_id)
      .any_of("kind", f.kind)
      .any_of("status", f.status);
  if (f.latest_only)
    where.sql +=
        " AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.lineage_id = documents.lineage_id AND "
        "n.version > documents.version)";
  return list_rows(tx, select_sql(), "documents", std::move(where), window,
                   [&](const std::string& sql, Params params) {
                     return select_documents(tx, sql, std::move(params));
                   });
}

void update_document_status(Tx& tx, const Document& d) {
  exec(tx.sql(),
       "UPDATE documents SET status = :status, submitted_at = :submitted_at, approved_by = "
       ":approved_by, "
       "approved_at = :approved_at, rejected_by = :rejected_by, rejected_at = :rejected_at, "
       "rejection_reason = :rejection_reason, updated_at = :updated_at WHERE id = :id",
       status_params(d));
}

void insert_requirements(Tx& tx, const std::string& document_id,
                         const std::vector<ExtractedRequirement>& reqs, Timestamp now) {
  insert_rows(
      tx.sql(), "individual_requirements",
      {"id", "document_id", "requirement_id", "requirement_number", "title", "description",
       "ears_format", "ears_pattern", "category", "priority", "source", "position", "created_at"},
      reqs.size(), [&](Params& p, size_t i, const std::string& s) {
        const auto& r = reqs[i];
        p.set("id" + s, document_id + ":" + r.requirement_id)
            .set("document_id" + s, document_id)
            .set("requirement_id" + s, r.requirement_id)
            .set("requirement_number" + s, r.requirement_number)
            .set("title" + s, r.title)
            .set("description" + s, r.description)
            .set("ears_format" + s, r.ears_format)
            .set("ears_pattern" + s, r.ears_pattern)
            .set("category" + s, r.category)
            .set("priority" + s, r.priority)
            .set("source" + s, r.source)
            .set("position" + s, static_cast<long long>(i))
            .set("created_at" + s, now);
      });
}

std::vector<IndividualRequirement> document_requirements(Tx& tx, const Document& d) {
  std::vector<IndividualRequirement> out;
  query(tx.sql(),
        std::string("SELECT ") + kRequirementColumns +
            " FROM individual_requirements r WHERE r.document_id = :d ORDER BY r.position",
        Params().set("d", d.id), [&](const Row& r) { out.push_back(requirement_from_row(r)); });
  auto links = links_of(tx, d.lineage_id);
  for (auto& r : out)
    if (auto it = links.find(r.requirement_id); it != links.end()) r.linked_task_ids = it->second;
  return out;
}

bool link_requirement_task(Tx& tx, const std::string& lineage_id, const std::string& requirement_id,
                           const std::string& task_id, Timestamp now) {
  return exec(
             tx.sql(),
             "INSERT INTO requirement_task_links (lineage_id, requirement_id, task_id, created_at) "
             "VALUES (:l, :r, :t, :now) ON CONFLICT DO NOTHING",
             Params()
                 .set("l", lineage_id)
                 .set("r", requirement_id)
                 .set("t", task_id)
                 .set("now", now)) > 0;
}

bool unlink_requirement_task(Tx& tx, const std::string& lineage_id,
                             const std::string& requirement_id, const std::string& task_id) {
  return exec(tx.sql(),
              "DELETE FROM requirement_task_links WHERE lineage_id = :l AND requirement_id = :r "
              "AND task_id = :t",
              Params().set("l", lineage_id).set("r", requirement_id).set("t", task_id)) > 0;
}

std::vector<IndividualRequirement> task_requirements(Tx& tx, const std::string& task_id) {
  // Each linked requirement as the newest version holding it states it.
  std::vector<std::pair<std::string, IndividualRequirement>> rows;
  query(tx.sql(),
        std::string("SELECT l.lineage_id AS lineage_id, ") + kRequirementColumns +
            " FROM requirement_task_links l JOIN documents d ON d.lineage_id = l.lineage_id "
            "JOIN individual_requirements r ON r.document_id = d.id AND r.requirement_id = "
            "l.requirement_id "
            "WHERE l.task_id = :t AND d.version = (SELECT MAX(d2.version) FROM documents d2 JOIN "
            "individual_requirements r2 ON r2.document_id = d2.id WHERE d2.lineage_id = "
            "l.lineage_id AND "
            "r2.requirement_id = l.requirement_id) ORDER BY l.created_at, r.requirement_id",
        Params().set("t", task_id),
        [&](const Row& r) { rows.emplace_back(r.text("lineage_id"), requirement_from_row(r)); });
  std::vector<IndividualRequirement> out;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> links;
  for (auto& [lineage, req] : rows) {
    if (!links.count(lineage)) links[lineage] = links_of(tx, lineage);
    req.linked_task_ids = links[lineage][req.requirement_id];
    out.push_back(std::move(req));
  }
  return out;
}

bool lineage_approved(Tx& tx, const std::string& lineage_id) {
  return query_integer(tx.sql(),
                       "SELECT COUNT(*) AS v FROM documents WHERE lineage_id = :l AND status IN "
                       "('approved', 'superseded')",
                       Params().set("l", lineage_id))
             .value_or(0) > 0;
}

std::optional<ApprovalGate> find_gate(Tx& tx, const std::string& task_id,
                                      const std::string& lineage_id) {
  return first_of(select_gates(tx, "task_id = :t AND lineage_id = :l",
                               Params().set("t", task_id).set("l", lineage_id)));
}

void insert_gate(Tx& tx, const ApprovalGate& g, const std::string& project_id) {
  exec(
      tx.sql(),
      "INSERT INTO task_approval_gates (task_id, lineage_id, project_id, created_at, satisfied_at) "
      "VALUES (:t, :l, :p, :c, :s)",
      Params()
          .set("t", g.task_id)
          .set("l", g.document_id)
          .set("p", project_id)
          .set("c", g.created_at)
          .set("s", g.satisfied_at));
}

void delete_gate(Tx& tx, const std::string& task_id, const std::string& lineage_id) {
  exec(tx.sql(), "DELETE FROM task_approval_gates WHERE task_id = :t AND lineage_id = :l",
       Params().set("t", task_id).set("l", lineage_id));
}

std::vector<ApprovalGate> task_gates(Tx& tx, const std::string& task_id) {
  return select_gates(tx, "task_id = :t ORDER BY created_at, lineage_id",
                      Params().set("t", task_id));
}

std::vector<std::string> satisfy_gates(Tx& tx, const std::string& lineage_id, Timestamp now) {
  std::vector<std::string> tasks;
  for (const auto& g : select_gates(tx, "lineage_id = :l AND satisfied_at IS NULL ORDER BY task_id",
                                    Params().set("l", lineage_id)))
    tasks.push_back(g.task_id);
  exec(tx.sql(),
       "UPDATE task_approval_gates SET satisfied_at = :now WHERE lineage_id = :l AND satisfied_at "
       "IS NULL",
       Params().set("now", now).set("l", lineage_id));
  return tasks;
}

void adjust_awaiting_approvals(Tx& tx, const std::string& task_id, int delta) {
  exec(tx.sql(), "UPDATE tasks SET awaiting_approvals = awaiting_approvals + :d WHERE id = :id",
       Params().set("d", delta).set("id", task_id));
}

}  // namespace dagboard::storage
