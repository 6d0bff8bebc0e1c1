// SPDX-License-Identifier: Apache-2.0
#include "documents/s3_client.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

#include <dagboard/errors.hpp>

namespace dagboard::documents {
namespace {

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t n = std::min(size * count, u->data.size() - u->offset);
  std::memcpy(buffer, u->data.data() + u->offset, n);  // libcurl's own buffer: no other copy
  u->offset += n;
  return n;
}

size_t write_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* out) {
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    auto b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t\r\n");
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  }
  return size * count;
}

struct Reply {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

/// S3's <Code> from an error body.
std::string s3_code(const std::string& body) {
  auto b = body.find("<Code>"), e = body.find("</Code>");
  return b == std::string::npos || e == std::string::npos ? "" : body.substr(b + 6, e - b - 6);
}

}  // namespace

S3Client::S3Client(S3Config config) : config_(std::move(config)) {
  static bool once = (curl_global_init(CURL_GLOBAL_DEFAULT), true);
  (void)once;
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
  sigv4::Request request{method, host, path, {}, extra,
                         body.empty() ? sigv4::sha256_hex("") : sigv4::sha256_hex(body)};
  long long backoff_ms = 200;
  for (int attempt = 0;; ++attempt) {
    auto signed_request = sigv4::sign(request, config.credentials, config.region, now());
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    curl_slist* list = nullptr;
    for (const auto& [name, value] : signed_request.headers)
      if (name != "host") list = curl_slist_append(list, (name + ": " + value).c_str());
    list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, curl_slist_free_all);
    std::string url = scheme + "://" + host + sigv4::uri_encode(path, false);
    Reply reply;
    Upload upload{body};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout_ms));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (method == "PUT") {
      curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
      curl_easy_setopt(c, CURLOPT_READDATA, &upload);
      curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else if (method == "HEAD") {
      curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.headers);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    bool retry = rc != CURLE_OK || reply.status >= 500;
    if (!retry) return reply;
    if (attempt >= config.max_retries) {
      if (rc != CURLE_OK)
        throw Error(ErrorCode::unavailable, std::string("S3 request failed: ") + curl_easy_strerror(rc),
                    Json{{"reason", rc == CURLE_OPERATION_TIMEDOUT ? "timeout" : "unreachable"}});
      throw Error(ErrorCode::upstream_error, "S3 answered " + std::to_string(reply.status),
                  Json{{"status", reply.status}, {"s3_code", s3_code(reply.body)}});
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
