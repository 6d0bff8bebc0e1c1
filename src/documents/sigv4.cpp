// SPDX-License-Identifier: Apache-2.0
// SigV4 with OpenSSL: canonical request, string to sign, the derived key, the signature.
#include <dagboard/sigv4.hpp>

#include <algorithm>
#include <chrono>

#include <dagboard/errors.hpp>

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::sigv4 {
namespace {

/// "20261126T041500Z" and "20261126".
std::pair<std::string, std::string> stamps(Timestamp when) {
  auto secs = std::chrono::floor<std::chrono::seconds>(when);
  std::time_t t = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char full[17], day[9];
  std::strftime(full, sizeof full, "%Y%m%dT%H%M%SZ", &tm);
  std::strftime(day, sizeof day, "%Y%m%d", &tm);
  return {full, day};
}

std::string trim_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> query) {
  for (auto& [k, v] : query) k = uri_encode(k, true), v = uri_encode(v, true);
  std::sort(query.begin(), query.end());
  std::string out;
  for (const auto& [k, v] : query) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

struct Canonical {
  std::string request;
  std::string signed_headers;
};

Canonical canonical(const Request& r, const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::vector<std::pair<std::string, std::string>>& query, const std::string& payload) {
  std::vector<std::pair<std::string, std::string>> h;
  for (const auto& [name, value] : headers) h.emplace_back(util::ascii_lower(name), trim_value(value));
  std::sort(h.begin(), h.end());
  std::string header_block, names;
  for (const auto& [name, value] : h) {
    header_block += name + ":" + value + "\n";
    names += (names.empty() ? "" : ";") + name;
  }
  std::string path = r.path.empty() ? "/" : r.path;
  return {r.method + "\n" + uri_encode(path, false) + "\n" + canonical_query(query) + "\n" + header_block + "\n" + names +
              "\n" + payload,
          names};
}

std::string string_to_sign(const std::string& amz_date, const std::string& scope, const std::string& canonical_request) {
  return "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + sha256_hex(canonical_request);
}

std::string signature(const Credentials& c, const std::string& day, std::string_view region, std::string_view service,
                      const std::string& to_sign) {
  std::string key = util::hmac_sha256("AWS4" + c.secret_access_key, day);
  key = util::hmac_sha256(key, region);
  key = util::hmac_sha256(key, service);
  key = util::hmac_sha256(key, "aws4_request");
  return util::to_hex(util::hmac_sha256(key, to_sign));
}

}  // namespace

std::string uri_encode(std::string_view text, bool encode_slash) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool keep = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash);
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string sha256_hex(std::string_view data) { return util::sha256_hex(data); }

Signed sign(const Request& r, const Credentials& c, std::string_view region, Timestamp when, std::string_view service) {
  auto [amz_date, day] = stamps(when);
  std::string scope = day + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  Signed s;
  s.headers = r.headers;
  s.headers.emplace_back("host", r.host);
  s.headers.emplace_back("x-amz-date", amz_date);
  s.headers.emplace_back("x-amz-content-sha256", r.payload_sha256);
  if (c.session_token) s.headers.emplace_back("x-amz-security-token", *c.session_token);
  Canonical can = canonical(r, s.headers, r.query, r.payload_sha256);
  s.canonical_request = can.request;
  s.string_to_sign = string_to_sign(amz_date, scope, can.request);
  s.signature = signature(c, day, region, service, s.string_to_sign);
  s.authorization = "AWS4-HMAC-SHA256 Credential=" + c.access_key_id + "/" + scope + ", SignedHeaders=" +
                    can.signed_headers + ", Signature=" + s.signature;
  s.headers.emplace_back("authorization", s.authorization);
  return s;
}

Presigned presign(const Request& r, const Credentials& c, std::string_view region, Timestamp when, int expires_seconds,
                  std::string_view scheme, std::string_view service) {
  if (expires_seconds < 1 || expires_seconds > 604800)
    throw ValidationError("expires", "a pre-signed URL expires after 1 to 604800 seconds (7 days)");
  auto [amz_date, day] = stamps(when);
  std::string scope = day + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  auto query = r.query;
  query.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  query.emplace_back("X-Amz-Credential", c.access_key_id + "/" + scope);
  query.emplace_back("X-Amz-Date", amz_date);
  query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  if (c.session_token) query.emplace_back("X-Amz-Security-Token", *c.session_token);
  auto headers = r.headers;
  headers.emplace_back("host", r.host);
  std::string names;
  {
    std::vector<std::string> n;
    for (const auto& [name, value] : headers) n.push_back(util::ascii_lower(name));
    std::sort(n.begin(), n.end());
    for (const auto& x : n) names += (names.empty() ? "" : ";") + x;
  }
  query.emplace_back("X-Amz-SignedHeaders", names);
  Presigned p;
  p.canonical_request = canonical(r, headers, query, "UNSIGNED-PAYLOAD").request;
  p.string_to_sign = string_to_sign(amz_date, scope, p.canonical_request);
  p.signature = signature(c, day, region, service, p.string_to_sign);
  p.url = std::string(scheme) + "://" + r.host + uri_encode(r.path.empty() ? "/" : r.path, false) + "?" +
          canonical_query(query) + "&X-Amz-Signature=" + p.signature;
  return p;
}

}  // namespace dagboard::sigv4
