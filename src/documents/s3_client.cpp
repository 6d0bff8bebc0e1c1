// SPDX-License-Identifier: Apache-2.0
#include "documents/s3_client.hpp"

#include <chrono>
#include <thread>

#include <dagboard/errors.hpp>

#include "util/http_client.hpp"

namespace DAGBOARD_NAMESPACE::documents {
namespace {

using Reply = util::HttpResponse;

/// S3's <Code> from an error body.
std::string s3_code(const std::string& body) {
  auto b = body.find("<Code>"), e = body.find("</Code>");
  return b == std::string::npos || e == std::string::npos ? "" : body.substr(b + 6, e - b - 6);
}

}  // namespace

S3Client::S3Client(S3Config config) : config_(std::move(config)) {
  if (config_.endpoint.empty() || config_.bucket.empty())
    throw ValidationError("s3", "the S3 store needs an endpoint and a bucket");
}

S3Client::Target S3Client::target(const std::string& key) const {
  auto sep = config_.endpoint.find("://");
  if (sep == std::string::npos) throw ValidationError("s3.endpoint", "the S3 endpoint must be http(s)://host[:port]");
  std::string scheme = config_.endpoint.substr(0, sep), host = config_.endpoint.substr(sep + 3);
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (config_.path_style) return {scheme, host, "/" + config_.bucket + "/" + key};
  return {scheme, config_.bucket + "." + host, "/" + key};
}

namespace {

Reply exchange(const S3Config& config, const std::string& method, const std::string& scheme, const std::string& host,
               const std::string& path, std::string_view body, const std::vector<std::pair<std::string, std::string>>& extra) {
  sigv4::Request request{method, host, path, {}, extra, sigv4::sha256_hex(body)};
  long long backoff_ms = 200;
  for (int attempt = 0;; ++attempt) {
    auto signed_request = sigv4::sign(request, config.credentials, config.region, now());
    util::HttpRequest http{method, scheme + "://" + host + sigv4::uri_encode(path, false), {"Expect:"}, body,
                           config.timeout_ms};
    for (const auto& [name, value] : signed_request.headers)
      if (name != "host") http.headers.push_back(name + ": " + value);
    std::optional<Reply> reply;
    std::optional<Error> failure;
    try {
      reply = util::perform(http);
    } catch (const Error& e) {
      failure = e;  // unreachable or timed out: retried like a 5xx
    }
    if (reply && reply->status < 500) return std::move(*reply);
    if (attempt >= config.max_retries) {
      if (failure) throw Error(failure->code(), "S3 " + std::string(failure->what()), failure->details());
      throw Error(ErrorCode::upstream_error, "S3 answered " + std::to_string(reply->status),
                  Json{{"status", reply->status}, {"s3_code", s3_code(reply->body)}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    backoff_ms *= 2;
  }
}

[[noreturn]] void refused(const Reply& r, const std::string& what) {
  std::string code = s3_code(r.body);
  throw Error(ErrorCode::upstream_error, what + ": S3 answered " + std::to_string(r.status) + (code.empty() ? "" : " " + code),
              Json{{"status", r.status}, {"s3_code", code}});
}

}  // namespace

void S3Client::put(const std::string& key, std::string_view data, const std::string& content_type) const {
  auto t = target(key);
  auto r = exchange(config_, "PUT", t.scheme, t.host, t.path, data, {{"content-type", content_type}});
  if (r.status != 200) refused(r, "storing " + key);
}

std::string S3Client::get(const std::string& key) const {
  auto t = target(key);
  auto r = exchange(config_, "GET", t.scheme, t.host, t.path, {}, {});
  if (r.status == 404) throw NotFound(ErrorCode::document_not_found, "object", key);
  if (r.status != 200) refused(r, "reading " + key);
  return std::move(r.body);
}

std::optional<ObjectInfo> S3Client::head(const std::string& key) const {
  auto t = target(key);
  auto r = exchange(config_, "HEAD", t.scheme, t.host, t.path, {}, {});
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) refused(r, "checking " + key);
  ObjectInfo info;
  info.size = r.headers.count("content-length") ? std::stoll(r.headers["content-length"]) : 0;
  info.etag = r.headers["etag"];
  return info;
}

void S3Client::remove(const std::string& key) const {
  auto t = target(key);
  auto r = exchange(config_, "DELETE", t.scheme, t.host, t.path, {}, {});
  if (r.status != 204 && r.status != 200 && r.status != 404) refused(r, "deleting " + key);
}

std::string S3Client::presigned_get(const std::string& key, int expires_seconds, Timestamp at) const {
  auto t = target(key);
  return sigv4::presign({"GET", t.host, t.path, {}, {}, "UNSIGNED-PAYLOAD"}, config_.credentials, config_.region, at,
                        expires_seconds, t.scheme)
      .url;
}

}  // namespace dagboard::documents
