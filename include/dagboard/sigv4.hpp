// SPDX-License-Identifier: Apache-2.0
// AWS Signature Version 4, as S3 checks it: the document store signs its S3 requests and
// pre-signed URLs with this. Public so that hosts (and the tests against botocore) can check it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
};

struct Request {
  std::string method = "GET";
  std::string host;       // as sent in Host: "bucket.s3.eu-west-1.amazonaws.com", "127.0.0.1:4568"
  std::string path = "/"; // not yet encoded: "/bucket/docs/a b.md"
  std::vector<std::pair<std::string, std::string>> query;    // not yet encoded
  std::vector<std::pair<std::string, std::string>> headers;  // more headers to sign
  std::string payload_sha256 = "UNSIGNED-PAYLOAD";           // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

struct Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // hex
  std::string authorization;
  /// Every header to send, names in lower case: the request's, host, x-amz-date,
  /// x-amz-content-sha256, x-amz-security-token (with a session token), authorization.
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Presigned {
  std::string url;  // scheme://host/path?query with X-Amz-Signature last
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

/// Signs with an Authorization header.
Signed sign(const Request& request, const Credentials& credentials, std::string_view region, Timestamp when,
            std::string_view service = "s3");
/// A pre-signed URL valid for `expires_seconds` (1 .. 604800; ValidationError otherwise).
Presigned presign(const Request& request, const Credentials& credentials, std::string_view region, Timestamp when,
                  int expires_seconds, std::string_view scheme = "https", std::string_view service = "s3");

/// RFC 3986 unreserved characters kept, everything else %XX (upper case); '/' kept unless
/// `encode_slash`.
std::string uri_encode(std::string_view text, bool encode_slash);
std::string sha256_hex(std::string_view data);

}  // namespace dagboard::sigv4
