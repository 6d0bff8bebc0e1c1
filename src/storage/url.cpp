// SPDX-License-Identifier: Apache-2.0
#include "storage/url.hpp"

#include <algorithm>
#include <cctype>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::storage {
namespace {

[[noreturn]] void bad_url(const std::string& why) {
  throw ValidationError("url", "invalid storage URL: " + why +
                                   " (expected sqlite:///abs/path.db, sqlite://relative.db, "
                                   "sqlite::memory: or postgresql://user:pass@host:port/db)");
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

ConnectionSpec parse_sqlite(std::string_view url) {
  ConnectionSpec spec;
  spec.backend = Backend::sqlite;
  spec.redacted = std::string(url);
  if (url == "sqlite::memory:") {
    spec.in_memory = true;
    return spec;
  }
  if (!starts_with(url, "sqlite://")) bad_url("SQLite URLs start with sqlite://");
  std::string_view path = url.substr(std::string_view("sqlite://").size());
  if (path.empty() || path == "/") bad_url("the SQLite URL names no file");
  if (path.find('?') != std::string_view::npos) bad_url("SQLite URLs take no parameters");
  if (path == ":memory:") bad_url("write sqlite::memory: for an in-memory database");
  spec.sqlite_path = std::string(path);  // "/abs/x.db" keeps its slash; "rel.db" stays relative
  return spec;
}

std::string redact_password(std::string_view url) {
  auto scheme_end = url.find("://");
  auto at = url.find('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos) return std::string(url);
  auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '%') {
      bad_url("bad percent-escape in the URL");
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// key='value' with the quoting libpq's keyword/value form wants.
void add_param(std::string& conninfo, std::string_view key, const std::string& value) {
  conninfo += (conninfo.empty() ? "" : " ") + std::string(key) + "='";
  for (char c : value) {
    if (c == '\\' || c == '\'') conninfo.push_back('\\');
    conninfo.push_back(c);
  }
  conninfo += "'";
}

bool is_number(std::string_view s) {
  return !s.empty() && s.size() <= 5 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// SOCI 4.0 rewrites URI-style strings before libpq sees them (a '=' in the URI breaks it), so the
// URL is turned into libpq's keyword/value form here.
ConnectionSpec parse_postgresql(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) bad_url("the PostgreSQL URL names no database");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  std::string_view query;
  if (auto q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  if (path.empty()) bad_url("the PostgreSQL URL names no database");
  std::string conninfo;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    add_param(conninfo, "user", percent_decode(userinfo.substr(0, colon)));
    if (colon != std::string_view::npos)
      add_param(conninfo, "password", percent_decode(userinfo.substr(colon + 1)));
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos) bad_url("unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') bad_url("junk after the IPv6 host");
      port = authority.substr(close + 2);
      if (!is_number(port)) bad_url("the port '" + std::string(port) + "' is not a number");
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!is_number(port)) bad_url("the port '" + std::string(port) + "' is not a number");
  }
  if (!host.empty()) add_param(conninfo, "host", percent_decode(host));
  if (!port.empty()) add_param(conninfo, "port", std::string(port));
  add_param(conninfo, "dbname", percent_decode(path));
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) bad_url("bad parameter '" + std::string(pair) + "'");
    add_param(conninfo, percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
  }
  // During an outage a connection attempt must fail promptly (503), not hang on a dead host.
  if (conninfo.find("connect_timeout=") == std::string::npos) add_param(conninfo, "connect_timeout", "3");
  ConnectionSpec spec;
  spec.backend = Backend::postgresql;
  spec.libpq_conninfo = conninfo;
  spec.redacted = redact_password(url);
  return spec;
}

}  // namespace

ConnectionSpec parse_url(std::string_view url) {
  if (url.empty()) bad_url("the URL is empty");
  if (starts_with(url, "sqlite:")) return parse_sqlite(url);
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
    return parse_postgresql(url);
  auto scheme = url.substr(0, url.find(':'));
  bad_url("unsupported scheme '" + std::string(scheme) + "'");
}

std::string_view backend_name(Backend b) {
  return b == Backend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace dagboard::storage
