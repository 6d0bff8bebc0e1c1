// SPDX-License-Identifier: Apache-2.0
// Document content in the database or S3 (s3rver on loopback; see test_s3.cpp).
#include <cstdlib>

#include <dagboard/sigv4.hpp>

#include "support.hpp"

namespace dagboard::test {
namespace {

class DocumentTest : public BackendTest {
 protected:
  Workspace with_s3(long long threshold) {
    const char* url = std::getenv("DAGBOARD_TEST_S3_URL");
    OpenOptions o;
    o.documents.max_database_bytes = threshold;
    if (url && *url) o.documents.s3 = S3Options{url, "dagboard-test", "us-east-1", true, "S3RVER", "S3RVER"};
    return Workspace::open(db->url(), o);
  }
  bool have_s3() const {
    const char* url = std::getenv("DAGBOARD_TEST_S3_URL");
    return url && *url;
  }
};

TEST_P(DocumentTest, SmallContentLivesInTheDatabaseOnceAndIsVerified) {
  std::string text = "# Requirements\n\nWHEN a refund is requested THE SYSTEM SHALL ...\n";
  auto a = ws->document_store().store(text);
  EXPECT_EQ(a.storage_location, "database");
  EXPECT_EQ(a.content_size, static_cast<long long>(text.size()));
  EXPECT_EQ(a.content_hash, sigv4::sha256_hex(text));
  EXPECT_FALSE(a.deduplicated);
  auto b = ws->document_store().store(text);
  EXPECT_TRUE(b.deduplicated);
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM content_blobs"), 1);
  EXPECT_EQ(ws->document_store().retrieve(a.content_hash), text);
  // a corrupted row is never returned as if it were the content
  db->raw_exec("UPDATE content_blobs SET content = 'tampered'");
  EXPECT_DAGBOARD_ERROR(ws->document_store().retrieve(a.content_hash), ErrorCode::integrity_error);
  EXPECT_DAGBOARD_ERROR(ws->document_store().retrieve(std::string(64, 'f')), ErrorCode::document_not_found);
  EXPECT_DAGBOARD_ERROR(ws->document_store().store(std::string("bad\0nul", 7)), ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(ws->document_store().presigned_url(a.content_hash), ErrorCode::validation_failed);
}

TEST_P(DocumentTest, LargeContentGoesToS3AndComesBackVerified) {
  if (!have_s3()) {
    const char* require = std::getenv("DAGBOARD_REQUIRE_S3");
    if (require && std::string(require) == "1") FAIL() << "DAGBOARD_REQUIRE_S3=1 but no S3 server";
    GTEST_SKIP() << "DAGBOARD_TEST_S3_URL is not set";
  }
  auto w = with_s3(1000);
  std::string big(5000, 'a');
  big += std::to_string(::getpid()) + " " + std::to_string(now().time_since_epoch().count());
  auto c = w.document_store().store(big);
  EXPECT_EQ(c.storage_location, "s3");
  EXPECT_EQ(c.s3_bucket, "dagboard-test");
  EXPECT_EQ(c.s3_key, "documents/" + c.content_hash.substr(0, 2) + "/" + c.content_hash);
  EXPECT_EQ(w.document_store().retrieve(c.content_hash), big);
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM content_blobs WHERE content IS NULL"), 1);
  auto url = w.document_store().presigned_url(c.content_hash, 60);
  EXPECT_NE(url.find("X-Amz-Signature="), std::string::npos);
  EXPECT_NE(url.find("X-Amz-Expires=60"), std::string::npos);
  EXPECT_DAGBOARD_ERROR(w.document_store().presigned_url(c.content_hash, 604801), ErrorCode::validation_failed);
  // below the threshold it stays in the database even with S3 configured
  EXPECT_EQ(w.document_store().store("small").storage_location, "database");
}

DAGBOARD_INSTANTIATE_BACKENDS(DocumentTest);

}  // namespace
}  // namespace dagboard::test
