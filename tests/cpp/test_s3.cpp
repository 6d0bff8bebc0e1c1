// SPDX-License-Identifier: Apache-2.0
// The S3 client against a real S3-protocol server on loopback (s3rver, started by make test and
// named by DAGBOARD_TEST_S3_URL). Without it these tests skip, unless DAGBOARD_REQUIRE_S3=1.
#include <gtest/gtest.h>

#include <cstdlib>

#include <dagboard/errors.hpp>

#include "documents/s3_client.hpp"
#include "util/http_client.hpp"

namespace dagboard::test {
namespace {

class S3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("DAGBOARD_TEST_S3_URL");
    if (!url || !*url) {
      const char* require = std::getenv("DAGBOARD_REQUIRE_S3");
      if (require && std::string(require) == "1") FAIL() << "DAGBOARD_REQUIRE_S3=1 but DAGBOARD_TEST_S3_URL is not set";
      GTEST_SKIP() << "DAGBOARD_TEST_S3_URL is not set";
    }
    config.endpoint = url;
    config.bucket = "dagboard-test";
    config.credentials = {"S3RVER", "S3RVER", std::nullopt};
  }
  documents::S3Config config;
};

TEST_F(S3Test, PutGetHeadDeleteRoundTrip) {
  documents::S3Client s3(config);
  std::string key = "docs/a b/é中-" + std::to_string(::getpid()) + ".md";
  std::string content(300000, 'x');
  content += "\nend é\n";
  s3.put(key, content, "text/markdown");
  EXPECT_EQ(s3.get(key), content);
  auto info = s3.head(key);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, static_cast<long long>(content.size()));
  EXPECT_FALSE(info->etag.empty());
  auto url = s3.presigned_get(key, 60, now());
  auto fetched = util::perform({"GET", url, {}, {}, 10000});
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, content);
  s3.remove(key);
  EXPECT_FALSE(s3.head(key));
  try {
    s3.get(key);
    FAIL() << "a deleted object was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::document_not_found);
  }
}

TEST_F(S3Test, RefusalsCarryTheS3CodeAndNeverTheSecret) {
  config.bucket = "no-such-bucket";
  config.credentials.secret_access_key = "TOP-SECRET-VALUE";
  documents::S3Client s3(config);
  try {
    s3.put("k", "v", "text/plain");
    FAIL() << "a put into a missing bucket succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::upstream_error);
    EXPECT_EQ(e.details().at("s3_code"), "NoSuchBucket");
    EXPECT_EQ(std::string(e.what()).find("TOP-SECRET"), std::string::npos);
    EXPECT_EQ(e.details().dump().find("TOP-SECRET"), std::string::npos);
  }
  EXPECT_THROW(s3.presigned_get("k", 0, now()), ValidationError);
  EXPECT_THROW(s3.presigned_get("k", 604801, now()), ValidationError);
}

TEST(S3Unreachable, NetworkFailuresAreRetriedThenUnavailable) {
  documents::S3Config config;
  config.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  config.bucket = "b";
  config.credentials = {"k", "s", std::nullopt};
  config.max_retries = 1;
  config.timeout_ms = 2000;
  documents::S3Client s3(config);
  try {
    s3.get("x");
    FAIL() << "reached nothing";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_EQ(e.details().at("reason"), "unreachable");
  }
}

}  // namespace
}  // namespace dagboard::test
