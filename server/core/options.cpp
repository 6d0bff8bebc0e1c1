// SPDX-License-Identifier: Apache-2.0
#include "core/options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <thread>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::server {
namespace {

long long to_number(const std::string& option, const std::string& text, long long min, long long max) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max)
    throw ValidationError(option, option + " must be a number from " + std::to_string(min) + " to " +
                                      std::to_string(max) + ", got '" + text + "'");
  return v;
}

void set_listen(Options& o, const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) throw ValidationError("--listen", "--listen takes HOST:PORT, got '" + text + "'");
  o.host = text.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
  o.port = static_cast<unsigned short>(to_number("--listen", text.substr(colon + 1), 0, 65535));
}

// "https://ui.example.com" or several, comma-separated; each a bare origin as browsers send it.
void add_cors_origins(Options& o, const std::string& text) {
  for (size_t start = 0; start <= text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string origin = text.substr(start, comma - start);
    start = comma + 1;
    if (origin.empty()) continue;
    auto scheme = origin.find("://");
    bool bare = scheme != std::string::npos && scheme > 0 &&
                origin.find('/', scheme + 3) == std::string::npos && origin.size() > scheme + 3;
    if (!bare)
      throw ValidationError("--cors-origin", "--cors-origin takes origins like https://ui.example.com, got '" +
                                                 origin + "'");
    o.cors_origins.push_back(origin);
  }
}

Maintenance maintenance_flag(const std::string& arg) {
  if (arg == "--rebuild-search") return Maintenance::rebuild_search;
  if (arg == "--check-statistics") return Maintenance::check_statistics;
  if (arg == "--repair-statistics") return Maintenance::repair_statistics;
  return Maintenance::none;
}

using Setter = std::function<void(Options&, const std::string&)>;

/// Options that take a value, with the environment variable that may give it.
const std::map<std::string, std::pair<const char*, Setter>>& valued() {
  static const std::map<std::string, std::pair<const char*, Setter>> table = {
      {"--db", {"DAGBOARD_DB", [](Options& o, const std::string& v) { o.db = v; }}},
      {"--listen", {"DAGBOARD_LISTEN", set_listen}},
      {"--jwt-secret-file", {"DAGBOARD_JWT_SECRET_FILE", [](Options& o, const std::string& v) { o.jwt_secret_file = v; }}},
      {"--static-dir", {"DAGBOARD_STATIC_DIR", [](Options& o, const std::string& v) { o.static_dir = v; }}},
      {"--threads", {"DAGBOARD_THREADS", [](Options& o, const std::string& v) { o.threads = int(to_number("--threads", v, 1, 256)); }}},
      {"--log-level", {"DAGBOARD_LOG_LEVEL", [](Options& o, const std::string& v) { o.log_level = parse_log_level(v); }}},
      {"--max-body-bytes", {"DAGBOARD_MAX_BODY_BYTES", [](Options& o, const std::string& v) { o.max_body_bytes = size_t(to_number("--max-body-bytes", v, 1, 1LL << 32)); }}},
      {"--max-connections", {"DAGBOARD_MAX_CONNECTIONS", [](Options& o, const std::string& v) { o.max_connections = int(to_number("--max-connections", v, 1, 1000000)); }}},
      {"--header-timeout", {nullptr, [](Options& o, const std::string& v) { o.header_timeout_seconds = int(to_number("--header-timeout", v, 1, 3600)); }}},
      {"--first-byte-timeout", {nullptr, [](Options& o, const std::string& v) { o.first_byte_timeout_seconds = int(to_number("--first-byte-timeout", v, 1, 3600)); }}},
      {"--max-connections-per-client", {"DAGBOARD_MAX_CONNECTIONS_PER_CLIENT", [](Options& o, const std::string& v) { o.max_connections_per_client = int(to_number("--max-connections-per-client", v, 1, 1000000)); }}},
      {"--idle-timeout", {nullptr, [](Options& o, const std::string& v) { o.idle_timeout_seconds = int(to_number("--idle-timeout", v, 1, 86400)); }}},
      {"--body-timeout", {nullptr, [](Options& o, const std::string& v) { o.body_timeout_seconds = int(to_number("--body-timeout", v, 1, 3600)); }}},
      {"--ws-max-queue-bytes", {nullptr, [](Options& o, const std::string& v) { o.ws_max_queue_bytes = size_t(to_number("--ws-max-queue-bytes", v, 1024, 1LL << 32)); }}},
      {"--ws-ping-seconds", {nullptr, [](Options& o, const std::string& v) { o.ws_ping_seconds = int(to_number("--ws-ping-seconds", v, 1, 3600)); }}},
      {"--drain-seconds", {nullptr, [](Options& o, const std::string& v) { o.drain_seconds = int(to_number("--drain-seconds", v, 0, 3600)); }}},
      {"--issue-token", {nullptr, [](Options& o, const std::string& v) { o.issue_token_for = v; }}},
      {"--github-api-url", {"DAGBOARD_GITHUB_API_URL", [](Options& o, const std::string& v) { o.github_api_url = v; }}},
      {"--github-token-file", {"DAGBOARD_GITHUB_TOKEN_FILE", [](Options& o, const std::string& v) { o.github_token_file = v; }}},
      {"--documents-config", {"DAGBOARD_DOCUMENTS_CONFIG", [](Options& o, const std::string& v) { o.documents_config = v; }}},
      {"--cors-origin", {"DAGBOARD_CORS_ORIGINS", add_cors_origins}},
      {"--token-ttl", {nullptr, [](Options& o, const std::string& v) { o.token_ttl_seconds = int(to_number("--token-ttl", v, 1, 31536000)); }}},
  };
  return table;
}

}  // namespace

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

Options parse_options(int argc, const char* const* argv) {
  Options o;
  o.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  for (const auto& [name, entry] : valued())
    if (entry.first)
      if (const char* v = std::getenv(entry.first); v && *v) entry.second(o, v);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    bool is_flag = arg == "--help" || arg == "-h" || arg == "--dev-no-auth" || arg == "--openapi" ||
                   maintenance_flag(arg) != Maintenance::none;
    if (is_flag && has_value) throw ValidationError(arg, arg + " takes no value");
    if (arg == "--help" || arg == "-h") { o.help = true; continue; }
    if (arg == "--dev-no-auth") { o.dev_no_auth = true; continue; }
    if (arg == "--openapi") { o.print_openapi = true; continue; }
    if (auto m = maintenance_flag(arg); m != Maintenance::none) {
      if (o.maintenance != Maintenance::none && o.maintenance != m)
        throw ValidationError(arg, arg + " cannot be combined with another maintenance option");
      o.maintenance = m;
      continue;
    }
    auto it = valued().find(arg);
    if (it == valued().end()) throw ValidationError(arg, "unknown option '" + arg + "' (see --help)");
    if (!has_value) {
      if (i + 1 >= argc) throw ValidationError(arg, arg + " needs a value");
      value = argv[++i];
    }
    it->second.second(o, value);
  }
  if (o.dev_no_auth && !is_loopback(o.host))
    throw ValidationError("--dev-no-auth", "--dev-no-auth is only allowed when listening on loopback");
  bool serves = !o.help && !o.print_openapi && !o.issue_token_for && o.maintenance == Maintenance::none;
  if (serves && !o.dev_no_auth && !o.jwt_secret_file)
    throw ValidationError("--jwt-secret-file", "give --jwt-secret-file FILE (or --dev-no-auth on loopback)");
  if (o.issue_token_for && !o.jwt_secret_file)
    throw ValidationError("--issue-token", "--issue-token needs --jwt-secret-file");
  return o;
}

std::string usage() {
  return R"(dagboard-server: the dagboard HTTP and WebSocket API (/api/v1, /api/v1/ws/events).

Usage: dagboard-server [options]

  --db URL                 database (default sqlite://dagboard.db; also postgresql://user:pass@host:port/db)
  --listen HOST:PORT       where to listen (default 127.0.0.1:8080; port 0 picks a free one)
  --jwt-secret-file FILE   HS256 secret (at least 32 bytes) that signs API tokens
  --dev-no-auth            no tokens at all; only allowed when listening on loopback
  --openapi                print the OpenAPI 3.1 document of the API (also GET /api/v1/openapi.json) and exit
  --static-dir DIR         serve the files of DIR (the web UI) outside /api/
  --cors-origin ORIGIN     let a page from ORIGIN (https://ui.example.com) call the API; repeat or
                           separate with commas; preflights are answered without a token
  --threads N              I/O and request threads (default: cores, at least 2)
  --log-level LEVEL        error | warn | info | debug (debug logs every request)
  --max-body-bytes N       largest request body (default 1048576); larger ones get 413
  --max-connections N      open connections at most (default 1024); more get 503
  --header-timeout S       seconds to receive a request header (default 10)
  --idle-timeout S         seconds a kept-alive connection may wait for a request (default 60)
  --first-byte-timeout S   seconds a new connection may take to send its first bytes (default 5)
  --max-connections-per-client N
                           open connections per remote address (default: half the maximum)
  --body-timeout S         seconds to receive a request body (default 60)
  --ws-max-queue-bytes N   unsent WebSocket bytes per client before it is dropped (default 8388608)
  --ws-ping-seconds S      ping a WebSocket client silent this long (default 30)
  --drain-seconds S        on SIGINT/SIGTERM, how long connections may take to finish (default 10)
  --github-api-url URL     GitHub REST API (default https://api.github.com; Enterprise: https://HOST/api/v3)
  --github-token-file FILE token for the GitHub REST API (default: $GITHUB_TOKEN)
  --documents-config FILE JSON {max_database_bytes?, s3?: {endpoint, bucket, region?, path_style?, ...}}:
                           where document content goes (credentials default to AWS_* variables)
  --issue-token SUBJECT    print a token for SUBJECT signed with --jwt-secret-file, and exit
  --token-ttl S            lifetime of --issue-token tokens (default 86400)

Maintenance (on --db; prints the result as JSON and exits, no secret needed):
  --rebuild-search         rewrite the search index from the records: {documents}
  --check-statistics       compare the statistics tables with a replay of the event log:
                           {events_replayed, rows, mismatches, rebuilt}; exit 3 when they differ
  --repair-statistics      the same, and rewrite the rows that differ (exit 0)
  --help                   this text

Environment: DAGBOARD_DB, DAGBOARD_LISTEN, DAGBOARD_JWT_SECRET_FILE, DAGBOARD_STATIC_DIR,
DAGBOARD_THREADS, DAGBOARD_LOG_LEVEL, DAGBOARD_MAX_BODY_BYTES, DAGBOARD_MAX_CONNECTIONS give
the same settings; the command line wins.

On start it prints `listening on http://HOST:PORT` on stdout. SIGINT or SIGTERM stops accepting,
lets open requests finish, closes WebSockets with 1001, and exits 0.
)";
}

}  // namespace dagboard::server
