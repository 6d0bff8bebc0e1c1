// SPDX-License-Identifier: Apache-2.0
// Document versions and their approval. Every change to a document takes the row lock of the
// document's first version, so versions and approvals of one document are serialized.
#include <dagboard/documents.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/requirements.hpp>

#include <algorithm>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/cursor.hpp"
#include "core/exploration_stage.hpp"
#include "core/lookup.hpp"
#include "documents/approval.hpp"
#include "documents/content.hpp"
#include "storage/content_repo.hpp"
#include "storage/document_repo.hpp"
#include "storage/exploration_repo.hpp"
#include "util/ids.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {

template <>
Timestamp core::keyset_time(const Document& d) {
  return d.created_at;
}

namespace {

template <size_t N>
bool one_of(const std::string& v, const char* const (&allowed)[N]) {
  return std::any_of(std::begin(allowed), std::end(allowed), [&](const char* a) { return v == a; });
}

void check_kind(const std::string& kind) {
  if (!one_of(kind, kDocumentKinds))
    throw ValidationError(
        "kind", "kind must be requirements, design or document, got '" + kind.substr(0, 40) + "'");
}

void check_components(const std::vector<std::string>& components) {
  if (components.size() > 1000)
    throw ValidationError("components_designed", "at most 1,000 components");
  for (const auto& c : components) util::check_required_text("components_designed", c, 255);
}

// What the content says about itself: requirements (returned, to be stored), or a design's outline.
std::vector<ExtractedRequirement> read_content(Document& d, std::string_view content) {
  if (d.kind == "requirements") {
    auto extracted = extract_requirements(content);
    d.total_requirements = static_cast<long long>(extracted.requirements.size());
    d.requirements_by_category = extracted.by_category;
    return std::move(extracted.requirements);
  }
  if (d.kind == "design") {
    auto outline = outline_design(content);
    d.sections = std::move(outline.sections);
    d.diagrams_included = std::move(outline.diagrams_included);
  }
  return {};
}

void fill_storage(const detail::Context& ctx, Document& d, const StoredContent& c) {
  d.content_hash = c.content_hash;
  d.content_size = c.content_size;
  d.content_type = c.content_type;
  d.storage_location = c.storage_location;
  d.s3_bucket = c.s3_bucket;
  d.s3_key = c.s3_key;
  d.s3_region =
      c.storage_location == "s3" ? std::optional(documents::s3_region(ctx)) : std::nullopt;
}

Json document_event(const Document& d) {
  return Json{{"document_id", d.id},
              {"lineage_id", d.lineage_id},
              {"kind", d.kind},
              {"version", d.version},
              {"title", d.title},
              {"status", d.status},
              {"content_hash", d.content_hash},
              {"storage_location", d.storage_location},
              {"exploration_id", core::or_null(d.exploration_id)}};
}

// Inserts a prepared version with its requirements and content, and announces it.
Document insert_version(const detail::Context& ctx, storage::Tx& tx, Document d,
                        const StoredContent& c, std::string_view content,
                        const std::vector<ExtractedRequirement>& requirements) {
  fill_storage(ctx, d, documents::record_content(tx, c, content));
  storage::insert_document(tx, d);
  if (!requirements.empty()) storage::insert_requirements(tx, d.id, requirements, tx.now());
  tx.emit("DOCUMENT_CREATED", "document", d.id, d.project_id, document_event(d));
  core::follow_document(tx, d, core::DocumentAction::saved);
  return d;
}

std::optional<std::string> actor_or(const std::optional<std::string>& given,
                                    const std::optional<std::string>& actor) {
  return given ? given : actor;
}

}  // namespace

namespace documents {

Document require_document(storage::Tx& tx, std::string_view id, bool lock) {
  auto d = storage::find_document(tx, id, lock);
  if (!d) throw NotFound(ErrorCode::document_not_found, "document", id);
  return *d;
}

Document lock_document(storage::Tx& tx, std::string_view id) {
  Document d = require_document(tx, id, false);
  Document root = require_document(tx, d.lineage_id, true);
  return d.id == root.id ? root : require_document(tx, id, false);  // as of holding the lock
}

}  // namespace documents

Document DocumentService::store(const NewDocument& req) const {
  check_kind(req.kind);
  util::check_required_text("title", req.title, 255);
  util::check_opt_text("created_by", req.created_by, 255);
  check_components(req.components_designed);
  Document d;
  d.kind = req.kind;
  d.title = req.title;
  d.components_designed = req.components_designed;
  auto requirements =
      read_content(d, req.content);  // before anything is stored: bad content changes nothing
  if (req.requirements_id && req.kind != "design")
    throw ValidationError("requirements_id", "only a design follows a requirements document");
  // Resolve references before uploading anything.
  if (req.project_id || req.exploration_id || req.requirements_id)
    ctx_->db->read([&](storage::Tx& tx) {
      if (req.project_id) d.project_id = core::require_project(tx, *req.project_id).id;
      if (req.exploration_id && !storage::find_exploration(tx, *req.exploration_id))
        throw NotFound(ErrorCode::exploration_not_found, "exploration", *req.exploration_id);
      if (req.requirements_id) {
        Document r = documents::require_document(tx, *req.requirements_id, false);
        if (r.kind != "requirements")
          throw ValidationError("requirements_id",
                                "requirements_id names a " + r.kind + " document");
      }
      return 0;
    });
  StoredContent c = documents::prepare_content(*ctx_, req.content, req.content_type);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    d.id = d.lineage_id = "doc-" + util::new_uuid();
    d.exploration_id = req.exploration_id;
    d.requirements_id = req.requirements_id;
    d.created_by = req.created_by ? req.created_by : tx.actor();
    d.created_at = d.updated_at = tx.now();
    return insert_version(*ctx_, tx, d, c, req.content, requirements);
  });
}

Document DocumentService::save_version(std::string_view document_id,
                                       const NewDocumentVersion& req) const {
  util::check_opt_text("title", req.title, 255);
  if (req.title) util::check_required_text("title", *req.title, 255);
  util::check_opt_text("created_by", req.created_by, 255);
  if (req.components_designed) check_components(*req.components_designed);
  Document base = get(document_id);
  Document d = base;
  if (req.title) d.title = *req.title;
  if (req.components_designed) d.components_designed = *req.components_designed;
  d.total_requirements = 0, d.requirements_by_category.clear(), d.sections.clear(),
  d.diagrams_included.clear();
  auto requirements = read_content(d, req.content);
  StoredContent c = documents::prepare_content(*ctx_, req.content, base.content_type);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    documents::require_document(tx, base.lineage_id, true);
    auto versions = storage::lineage_versions(tx, base.lineage_id);
    const Document& latest = versions.back();
    if (latest.id != base.id)
      throw Conflict("document " + base.id + " is version " + std::to_string(base.version) +
                         "; version " + std::to_string(latest.version) + " (" + latest.id +
                         ") is the newest",
                     Json{{"document_id", base.id},
                          {"latest_id", latest.id},
                          {"latest_version", latest.version}});
    d.id = "doc-" + util::new_uuid();
    d.version = latest.version + 1;
    d.previous_version_id = latest.id;
    d.status = "draft";
    d.submitted_at = d.approved_at = d.rejected_at = std::nullopt;
    d.approved_by = d.rejected_by = d.rejection_reason = std::nullopt;
    d.created_by = req.created_by ? req.created_by : tx.actor();
    d.created_at = d.updated_at = tx.now();
    return insert_version(*ctx_, tx, d, c, req.content, requirements);
  });
}

Document DocumentService::get(std::string_view document_id) const {
  return ctx_->db->read(
      [&](storage::Tx& tx) { return documents::require_document(tx, document_id, false); });
}

std::string DocumentService::content(std::string_view document_id) const {
  auto row = ctx_->db->read([&](storage::Tx& tx) {
    return storage::find_content(
        tx, documents::require_document(tx, document_id, false).content_hash, true);
  });
  if (!row) throw NotFound(ErrorCode::document_not_found, "document content", document_id);
  return documents::fetch_verified(*ctx_, *row);
}

std::string DocumentService::presigned_url(std::string_view document_id,
                                           int expires_seconds) const {
  return DocumentStore(ctx_).presigned_url(get(document_id).content_hash, expires_seconds);
}

std::vector<Document> DocumentService::versions(std::string_view document_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::lineage_versions(
        tx, documents::require_document(tx, document_id, false).lineage_id);
  });
}

Page<Document> DocumentService::list(const DocumentQuery& q) const {
  for (const auto& kind : q.kind.values) check_kind(kind);
  for (const auto& status : q.status.values)
    if (!one_of(status, kDocumentStatuses))
      throw ValidationError("status",
                            "status must be draft, pending_review, approved, rejected or superseded");
  auto window = core::list_window(q.page, core::kByTime);
  auto rows = ctx_->db->read([&](storage::Tx& tx) {
    storage::DocumentFilter f{std::nullopt, q.exploration_id, q.kind, q.status, q.latest_only};
    if (q.project_id) f.project_id = core::require_project(tx, *q.project_id).id;
    return storage::list_documents(tx, f, window);
  });
  return core::make_page(std::move(rows), window);
}

namespace {

void require_status(const Document& d, const char* wanted, const char* action) {
  if (d.status == wanted) return;
  throw InvalidTransition(
      "document " + d.id + " is " + d.status + "; only a " + wanted + " version can be " + action,
      Json{{"document_id", d.id}, {"status", d.status}, {"required_status", wanted}});
}

}  // namespace

Document DocumentService::submit(std::string_view document_id) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Document d = documents::lock_document(tx, document_id);
    require_status(d, "draft", "submitted");
    d.status = "pending_review";
    d.submitted_at = d.updated_at = tx.now();
    storage::update_document_status(tx, d);
    tx.emit("DOCUMENT_SUBMITTED", "document", d.id, d.project_id, document_event(d));
    core::follow_document(tx, d, core::DocumentAction::submitted);
    return d;
  });
}

Document DocumentService::approve(std::string_view document_id,
                                  const std::optional<std::string>& approved_by) const {
  util::check_opt_text("approved_by", approved_by, 255);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Document d = documents::lock_document(tx, document_id);
    auto versions = storage::lineage_versions(tx, d.lineage_id);
    require_status(d, "pending_review", "approved");
    bool was_approved = false;
    Json superseded = Json::array();
    for (auto& v : versions) {
      if (v.status != "approved" && v.status != "superseded") continue;
      was_approved = true;
      if (v.version > d.version)
        throw InvalidTransition(
            "version " + std::to_string(v.version) + " of this document is approved already; " +
                "an older version cannot replace it",
            Json{{"document_id", d.id}, {"approved_id", v.id}, {"approved_version", v.version}});
      if (v.status == "approved") {
        v.status = "superseded";
        v.updated_at = tx.now();
        storage::update_document_status(tx, v);
        superseded.push_back(v.id);
      }
    }
    d.status = "approved";
    d.approved_by = actor_or(approved_by, tx.actor());
    d.approved_at = d.updated_at = tx.now();
    storage::update_document_status(tx, d);
    Json payload = document_event(d);
    payload["approved_by"] = core::or_null(d.approved_by);
    payload["superseded_ids"] = superseded;
    tx.emit("DOCUMENT_APPROVED", "document", d.id, d.project_id, payload);
    core::follow_document(tx, d, core::DocumentAction::approved);
    if (!was_approved) documents::release_gates(*ctx_, tx, d);
    return d;
  });
}

Document DocumentService::reject(std::string_view document_id, const std::string& reason,
                                 const std::optional<std::string>& rejected_by) const {
  util::check_required_text("reason", reason, 1 << 16);
  util::check_opt_text("rejected_by", rejected_by, 255);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Document d = documents::lock_document(tx, document_id);
    require_status(d, "pending_review", "rejected");
    d.status = "rejected";
    d.rejection_reason = reason;
    d.rejected_by = actor_or(rejected_by, tx.actor());
    d.rejected_at = d.updated_at = tx.now();
    storage::update_document_status(tx, d);
    Json payload = document_event(d);
    payload["reason"] = reason;
    payload["rejected_by"] = core::or_null(d.rejected_by);
    tx.emit("DOCUMENT_REJECTED", "document", d.id, d.project_id, payload);
    core::follow_document(tx, d, core::DocumentAction::rejected);
    return d;
  });
}

}  // namespace dagboard
