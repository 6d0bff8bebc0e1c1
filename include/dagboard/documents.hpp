// SPDX-License-Identifier: Apache-2.0
// Document content: in the database below a size threshold, in an S3-compatible store above it,
// addressed by its SHA-256, verified on every read, stored once however often it is saved.
// On top of it: versioned requirements and design documents with approval, the requirements
// read out of them, and tasks that wait for a document's approval.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Where large documents go. Credentials default to AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
/// AWS_SESSION_TOKEN; the region to AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.
struct S3Options {
  std::string endpoint;  // "https://s3.eu-west-3.amazonaws.com", "http://127.0.0.1:4568"
  std::string bucket;
  std::optional<std::string> region;
  bool path_style = true;
  std::optional<std::string> access_key_id, secret_access_key, session_token;
  int timeout_ms = 30000;
  int max_retries = 3;
};

/// OpenOptions::documents.
struct DocumentStoreOptions {
  long long max_database_bytes = 100000;  // content of this size or more goes to S3, if configured
  std::optional<S3Options> s3;
};

/// Upstream's store_document answer.
struct StoredContent {
  std::string content_hash;      // SHA-256, hex
  long long content_size = 0;    // bytes
  std::string storage_location;  // database | s3
  std::optional<std::string> s3_bucket, s3_key;
  std::string content_type;
  bool deduplicated = false;     // this content was stored before: nothing new was written
};

Json to_json(const StoredContent& c);
/// {max_database_bytes?, s3?: {endpoint, bucket, region?, path_style?, access_key_id?,
/// secret_access_key?, session_token?, timeout_ms?, max_retries?}}; null gives the defaults.
DocumentStoreOptions document_store_options_from_json(const Json& j);

class DocumentStore {
 public:
  explicit DocumentStore(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Stores UTF-8 text (no NUL bytes). @throws ValidationError, Error(UNAVAILABLE /
  /// UPSTREAM_ERROR) when S3 fails (nothing is recorded then).
  StoredContent store(std::string_view content, const std::string& content_type = "text/markdown") const;
  /// The content, checked against its hash. @throws NotFound (DOCUMENT_NOT_FOUND),
  /// Error(INTEGRITY_ERROR) when the bytes read do not hash to the address.
  std::string retrieve(std::string_view content_hash) const;
  /// Where and how big; nullopt when unknown.
  std::optional<StoredContent> describe(std::string_view content_hash) const;
  /// A pre-signed GET URL of content kept in S3 (1 .. 604800 s; VALIDATION_FAILED otherwise,
  /// and for content kept in the database).
  std::string presigned_url(std::string_view content_hash, int expires_seconds = 3600) const;

 private:
  detail::ContextPtr ctx_;
};

/// The kinds of document (upstream keeps requirements and designs in two tables).
inline constexpr const char* kDocumentKinds[] = {"requirements", "design", "document"};
/// draft -> pending_review -> approved | rejected; approved -> superseded when a newer
/// version of the same document is approved.
inline constexpr const char* kDocumentStatuses[] = {"draft", "pending_review", "approved", "rejected", "superseded"};

/// One version of a document (upstream Requirements / Designs row).
struct Document {
  std::string id;          // "doc-<uuid>", this version
  std::string lineage_id;  // the id of version 1: what every version shares
  std::string kind;        // requirements | design | document
  std::optional<std::string> project_id;
  std::optional<std::string> exploration_id;
  std::optional<std::string> requirements_id;  // a design's requirements document
  std::string title;
  int version = 1;
  std::optional<std::string> previous_version_id;
  // Storage (the content store's record of the content)
  std::string storage_location;  // database | s3
  long long content_size = 0;
  std::string content_hash;
  std::string content_type;
  std::optional<std::string> s3_bucket, s3_key, s3_region;
  // Requirements documents
  long long total_requirements = 0;
  std::map<std::string, long long> requirements_by_category;
  // Design documents
  std::vector<std::string> sections, components_designed, diagrams_included;
  // Approval
  std::string status = "draft";
  std::optional<Timestamp> submitted_at;
  std::optional<std::string> approved_by;
  std::optional<Timestamp> approved_at;
  std::optional<std::string> rejected_by;
  std::optional<Timestamp> rejected_at;
  std::optional<std::string> rejection_reason;
  std::optional<std::string> created_by;
  Timestamp created_at;
  Timestamp updated_at;
};

struct NewDocument {
  std::string kind = "document";
  std::optional<std::string> project_id;  // id or key
  std::optional<std::string> exploration_id;
  std::optional<std::string> requirements_id;  // designs: the requirements document they follow
  std::string title;
  std::string content;  // UTF-8 markdown
  std::string content_type = "text/markdown";
  std::vector<std::string> components_designed;
  std::optional<std::string> created_by;  // default: the workspace's actor
};

/// A new version: the content replaces, the rest is kept unless given.
struct NewDocumentVersion {
  std::string content;
  std::optional<std::string> title;
  std::optional<std::vector<std::string>> components_designed;
  std::optional<std::string> created_by;
};

struct DocumentQuery {
  std::optional<std::string> project_id;  // id or key
  std::optional<std::string> exploration_id;
  AnyOf<std::string> kind;  // each filter matches any of its values
  AnyOf<std::string> status;
  bool latest_only = true;  // only the newest version of each document
  PageRequest page;         // sort: created_at, updated_at
};

/// A requirement stored from a requirements document version.
struct IndividualRequirement {
  std::string id;           // "<document_id>:<requirement_id>"
  std::string document_id;  // the version it was read from
  std::string requirement_id;
  int requirement_number = 0;
  std::optional<std::string> title;
  std::string description;
  std::optional<std::string> ears_format, ears_pattern;
  std::string category;
  std::optional<std::string> priority;
  std::optional<std::string> source;  // which question or answer led to it
  std::vector<std::string> linked_task_ids;  // links hold across versions of the document
  Timestamp created_at;
};

/// A task waiting for a document's approval.
struct ApprovalGate {
  std::string task_id;
  std::string document_id;  // the document's lineage id
  bool satisfied = false;   // some version has been approved
  Timestamp created_at;
  std::optional<Timestamp> satisfied_at;
};

Json to_json(const Document& d);
Json to_json(const IndividualRequirement& r);
Json to_json(const ApprovalGate& g);
NewDocument new_document_from_json(const Json& j);
NewDocumentVersion new_document_version_from_json(const Json& j);
/// {project_id?, exploration_id?, kind?, status?, latest_only?, limit?, cursor?}
DocumentQuery document_query_from_json(const Json& j);

class DocumentService {
 public:
  explicit DocumentService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Version 1 of a new document (event DOCUMENT_CREATED). Requirements documents get their
  /// requirements extracted; an exploration's stage follows. @throws ValidationError,
  /// NotFound (project, exploration, requirements document).
  Document store(const NewDocument& req) const;
  /// The next version after `document_id`, which must be the newest (else Conflict
  /// {latest_id}: someone saved a version meanwhile).
  Document save_version(std::string_view document_id, const NewDocumentVersion& req) const;
  /// @throws NotFound (DOCUMENT_NOT_FOUND).
  Document get(std::string_view document_id) const;
  /// The content, verified against its hash (Error INTEGRITY_ERROR otherwise).
  std::string content(std::string_view document_id) const;
  /// Every version of the document `document_id` belongs to, oldest first.
  std::vector<Document> versions(std::string_view document_id) const;
  Page<Document> list(const DocumentQuery& query = {}) const;
  /// draft -> pending_review (DOCUMENT_SUBMITTED).
  Document submit(std::string_view document_id) const;
  /// pending_review -> approved (DOCUMENT_APPROVED); the previously approved version becomes
  /// superseded, gated tasks are released (TASKS_UNBLOCKED for those now ready). A version older
  /// than the approved one cannot be approved. `approved_by` defaults to the actor.
  Document approve(std::string_view document_id, const std::optional<std::string>& approved_by = std::nullopt) const;
  /// pending_review -> rejected with a reason (DOCUMENT_REJECTED).
  Document reject(std::string_view document_id, const std::string& reason,
                  const std::optional<std::string>& rejected_by = std::nullopt) const;
  /// A pre-signed GET URL of a version kept in S3.
  std::string presigned_url(std::string_view document_id, int expires_seconds = 3600) const;

  /// The requirements of a requirements document version, in document order.
  std::vector<IndividualRequirement> requirements(std::string_view document_id) const;
  /// Links requirement `requirement_id` ("REQ-001") of the document to a task (idempotent).
  IndividualRequirement link_requirement(std::string_view document_id, std::string_view requirement_id,
                                         std::string_view task_id) const;
  IndividualRequirement unlink_requirement(std::string_view document_id, std::string_view requirement_id,
                                           std::string_view task_id) const;
  /// The requirements linked to a task (from the newest version of each document).
  std::vector<IndividualRequirement> requirements_for_task(std::string_view task_id) const;

  /// Makes a pending task wait until some version of the document is approved (already
  /// approved: the gate is satisfied at once). Idempotent. @throws InvalidTransition when the
  /// task is not pending.
  ApprovalGate require_approval(std::string_view task_id, std::string_view document_id) const;
  /// Removes the gate (the task may become ready: TASKS_UNBLOCKED).
  void remove_approval_gate(std::string_view task_id, std::string_view document_id) const;
  std::vector<ApprovalGate> approval_gates(std::string_view task_id) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
