// SPDX-License-Identifier: Apache-2.0
#include "storage/content_repo.hpp"

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {

std::optional<ContentRow> find_content(Tx& tx, std::string_view hash, bool with_content) {
  std::optional<ContentRow> out;
  query(tx.sql(),
        std::string("SELECT content_hash, content_size, storage_location, s3_bucket, s3_key, content_type") +
            (with_content ? ", content" : "") + " FROM content_blobs WHERE content_hash = :h",
        Params().set("h", hash), [&](const Row& r) {
          ContentRow row;
          row.meta.content_hash = r.text("content_hash");
          row.meta.content_size = r.integer("content_size");
          row.meta.storage_location = r.text("storage_location");
          row.meta.s3_bucket = r.opt_text("s3_bucket");
          row.meta.s3_key = r.opt_text("s3_key");
          row.meta.content_type = r.text("content_type");
          if (with_content) row.content = r.opt_text("content");
          out = std::move(row);
        });
  return out;
}

bool insert_content(Tx& tx, const StoredContent& c, const std::optional<std::string_view>& inline_content) {
  return exec(tx.sql(),
       "INSERT INTO content_blobs (content_hash, content_size, storage_location, content, s3_bucket, s3_key, "
       "content_type, created_at) VALUES (:h, :n, :l, :c, :b, :k, :t, :at) ON CONFLICT (content_hash) DO NOTHING",
       Params()
           .set("h", c.content_hash)
           .set("n", c.content_size)
           .set("l", c.storage_location)
           .set("c", inline_content ? std::optional<std::string>(std::string(*inline_content)) : std::nullopt)
           .set("b", c.s3_bucket)
           .set("k", c.s3_key)
           .set("t", c.content_type)
           .set("at", tx.now())) > 0;
}

}  // namespace dagboard::storage
