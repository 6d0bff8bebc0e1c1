// SPDX-License-Identifier: Apache-2.0
// Document content: in the database below a size threshold, in an S3-compatible store above it,
// addressed by its SHA-256, verified on every read, stored once however often it is saved.
// (Requirements, designs and their versions and approval build on this: issue 7, in progress.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace dagboard {

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

}  // namespace dagboard
