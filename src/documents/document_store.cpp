// SPDX-License-Identifier: Apache-2.0
#include <dagboard/documents.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/sigv4.hpp>

#include <algorithm>
#include <cstdlib>

#include "core/context.hpp"
#include "documents/content.hpp"
#include "documents/s3_client.hpp"
#include "storage/content_repo.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

documents::S3Client s3_client(const S3Options& o) {
  documents::S3Config c;
  c.endpoint = o.endpoint;
  c.bucket = o.bucket;
  c.region = o.region ? *o.region : env("AWS_REGION").value_or(env("AWS_DEFAULT_REGION").value_or("us-east-1"));
  c.path_style = o.path_style;
  c.credentials.access_key_id = o.access_key_id ? *o.access_key_id : env("AWS_ACCESS_KEY_ID").value_or("");
  c.credentials.secret_access_key = o.secret_access_key ? *o.secret_access_key : env("AWS_SECRET_ACCESS_KEY").value_or("");
  c.credentials.session_token = o.session_token ? o.session_token : env("AWS_SESSION_TOKEN");
  c.timeout_ms = o.timeout_ms;
  c.max_retries = o.max_retries;
  if (c.credentials.access_key_id.empty() || c.credentials.secret_access_key.empty())
    throw ValidationError("s3", "S3 credentials are missing (options or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
  return documents::S3Client(std::move(c));
}

// A media type such as text/markdown or text/plain; charset=utf-8: it is sent back as a header.
void check_content_type(const std::string& type) {
  util::check_required_text("content_type", type, 255);
  bool printable = std::all_of(type.begin(), type.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  auto slash = type.find('/');
  if (!printable || slash == std::string::npos || slash == 0 || slash + 1 == type.size() || type[slash + 1] == ';')
    throw ValidationError("content_type", "content_type must be a media type such as text/markdown");
}

std::string s3_key_for(const std::string& hash) { return "documents/" + hash.substr(0, 2) + "/" + hash; }

}  // namespace

}  // namespace dagboard

namespace DAGBOARD_NAMESPACE::documents {

StoredContent prepare_content(const detail::Context& ctx, std::string_view content, const std::string& content_type) {
  util::check_text("content", content, static_cast<size_t>(1) << 31);
  check_content_type(content_type);
  std::string hash = sigv4::sha256_hex(content);
  const auto& options = ctx.documents;
  StoredContent c{hash, static_cast<long long>(content.size()), "database", std::nullopt, std::nullopt, content_type, false};
  if (options.s3 && c.content_size >= options.max_database_bytes) {
    // Known content is not uploaded again. (Database content needs no look first: the insert is
    // a no-op for a known hash, and record_content tells.)
    auto existing = ctx.db->read([&](storage::Tx& tx) { return storage::find_content(tx, hash, false); });
    if (existing) {
      existing->meta.deduplicated = true;
      return existing->meta;
    }
    // The object first: a crash after it leaves an unreferenced object, never a row without one.
    c.storage_location = "s3";
    c.s3_bucket = options.s3->bucket;
    c.s3_key = s3_key_for(hash);
    s3_client(*options.s3).put(*c.s3_key, content, content_type);
  }
  return c;
}

StoredContent record_content(storage::Tx& tx, const StoredContent& c, std::string_view content) {
  if (c.deduplicated) return c;
  if (storage::insert_content(tx, c, c.storage_location == "s3" ? std::nullopt : std::optional<std::string_view>(content)))
    return c;
  StoredContent known = storage::find_content(tx, c.content_hash, false).value().meta;  // stored before
  known.deduplicated = true;
  return known;
}

std::string fetch_verified(const detail::Context& ctx, const storage::ContentRow& row) {
  const StoredContent& meta = row.meta;
  std::string content;
  if (meta.storage_location == "s3") {
    if (!ctx.documents.s3) throw ValidationError("s3", "this content is in S3 but no S3 store is configured");
    content = s3_client(*ctx.documents.s3).get(*meta.s3_key);
  } else {
    content = row.content.value_or("");
  }
  if (sigv4::sha256_hex(content) != meta.content_hash || static_cast<long long>(content.size()) != meta.content_size)
    throw Error(ErrorCode::integrity_error, "stored content does not match its hash " + meta.content_hash,
                Json{{"content_hash", meta.content_hash}, {"storage_location", meta.storage_location}});
  return content;
}

std::string s3_region(const detail::Context& ctx) {
  if (ctx.documents.s3 && ctx.documents.s3->region) return *ctx.documents.s3->region;
  return env("AWS_REGION").value_or(env("AWS_DEFAULT_REGION").value_or("us-east-1"));
}

}  // namespace dagboard::documents

namespace DAGBOARD_NAMESPACE {

StoredContent DocumentStore::store(std::string_view content, const std::string& content_type) const {
  StoredContent c = documents::prepare_content(*ctx_, content, content_type);
  if (c.deduplicated) return c;
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) { return documents::record_content(tx, c, content); });
}

std::optional<StoredContent> DocumentStore::describe(std::string_view content_hash) const {
  auto row = ctx_->db->read([&](storage::Tx& tx) { return storage::find_content(tx, content_hash, false); });
  if (!row) return std::nullopt;
  return row->meta;
}

std::string DocumentStore::retrieve(std::string_view content_hash) const {
  auto row = ctx_->db->read([&](storage::Tx& tx) { return storage::find_content(tx, content_hash, true); });
  if (!row) throw NotFound(ErrorCode::document_not_found, "document content", content_hash);
  return documents::fetch_verified(*ctx_, *row);
}

std::string DocumentStore::presigned_url(std::string_view content_hash, int expires_seconds) const {
  auto meta = describe(content_hash);
  if (!meta) throw NotFound(ErrorCode::document_not_found, "document content", content_hash);
  if (meta->storage_location != "s3" || !ctx_->documents.s3)
    throw ValidationError("storage_location", "only content kept in S3 has a pre-signed URL");
  return s3_client(*ctx_->documents.s3).presigned_get(*meta->s3_key, expires_seconds, now());
}

Json to_json(const StoredContent& c) {
  return Json{{"content_hash", c.content_hash}, {"content_size", c.content_size}, {"storage_location", c.storage_location},
              {"s3_bucket", c.s3_bucket ? Json(*c.s3_bucket) : Json()}, {"s3_key", c.s3_key ? Json(*c.s3_key) : Json()},
              {"content_type", c.content_type}, {"deduplicated", c.deduplicated}};
}

}  // namespace dagboard

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

DocumentStoreOptions document_store_options_from_json(const Json& j) {
  util::JsonInput in(j);
  DocumentStoreOptions o;
  if (auto v = in.integer("max_database_bytes")) o.max_database_bytes = *v;
  if (auto s3 = in.object("s3")) {
    util::JsonInput s(*s3);
    S3Options x;
    x.endpoint = s.required_string("endpoint");
    x.bucket = s.required_string("bucket");
    x.region = s.string("region");
    if (auto v = s.boolean("path_style")) x.path_style = *v;
    x.access_key_id = s.string("access_key_id");
    x.secret_access_key = s.string("secret_access_key");
    x.session_token = s.string("session_token");
    if (auto v = s.integer("timeout_ms")) x.timeout_ms = static_cast<int>(*v);
    if (auto v = s.integer("max_retries")) x.max_retries = static_cast<int>(*v);
    s.finish();
    o.s3 = x;
  }
  in.finish();
  if (o.max_database_bytes < 0) throw ValidationError("max_database_bytes", "max_database_bytes must not be negative");
  return o;
}

}  // namespace dagboard
