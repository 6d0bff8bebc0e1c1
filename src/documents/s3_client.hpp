// SPDX-License-Identifier: Apache-2.0
// S3 objects over libcurl, signed with SigV4: PUT (from memory, no copy), GET, HEAD, DELETE,
// pre-signed GET URLs. Network failures and 5xx are retried with back-off; 4xx are reported
// with S3's error code. Credentials never appear in errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dagboard/sigv4.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::documents {

struct S3Config {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:4568"
  std::string bucket;
  std::string region = "us-east-1";
  bool path_style = true;  // endpoint/bucket/key; false: bucket.endpoint-host/key
  sigv4::Credentials credentials;
  int timeout_ms = 30000;
  int max_retries = 3;
};

struct ObjectInfo {
  long long size = 0;
  std::string etag;
};

class S3Client {
 public:
  explicit S3Client(S3Config config);

  void put(const std::string& key, std::string_view data, const std::string& content_type) const;
  std::string get(const std::string& key) const;
  std::optional<ObjectInfo> head(const std::string& key) const;
  void remove(const std::string& key) const;
  /// @throws ValidationError when expires is outside 1 .. 604800 seconds.
  std::string presigned_get(const std::string& key, int expires_seconds, Timestamp now) const;

 private:
  struct Target {
    std::string scheme, host, path;
  };
  Target target(const std::string& key) const;
  S3Config config_;
};

}  // namespace dagboard::documents
