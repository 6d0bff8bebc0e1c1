// SPDX-License-Identifier: Apache-2.0
// dagboard-server's command line and environment (DAGBOARD_*); the command line wins.
#pragma once

#include "dagboard/version.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"

namespace DAGBOARD_NAMESPACE::server {

/// A pass over --db instead of serving: its result is printed as JSON, then the server exits.
enum class Maintenance {
  none,
  rebuild_search,      // --rebuild-search: rewrite the search index from the records
  check_statistics,    // --check-statistics: compare the statistics tables with the event log
  repair_statistics,   // --repair-statistics: the same, rewriting the rows that differ
};

struct Options {
  std::string db = "sqlite://dagboard.db";
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (printed on start)
  std::optional<std::string> jwt_secret_file;
  std::optional<std::string> static_dir;
  int threads = 4;
  LogLevel log_level = LogLevel::info;
  bool dev_no_auth = false;
  std::size_t max_body_bytes = 1 << 20;
  int max_connections = 1024;
  int header_timeout_seconds = 10;  // to receive a request's header once its first byte came
  int idle_timeout_seconds = 60;    // between requests on a kept-alive connection
  int first_byte_timeout_seconds = 5;  // for a new connection's first bytes (1 s when near full)
  int max_connections_per_client = 0;  // per remote address; 0: half of max_connections
  std::size_t unauthenticated_body_budget = 64u << 20;  // webhook bodies being read, all together
  int body_timeout_seconds = 60;    // to receive a request's body
  std::size_t ws_max_queue_bytes = 8 << 20;  // a WebSocket client further behind is dropped
  int ws_ping_seconds = 30;
  int drain_seconds = 10;  // on SIGINT/SIGTERM: how long open connections may take to finish
  std::optional<std::string> issue_token_for;  // print a token for this subject and exit
  int token_ttl_seconds = 86400;
  std::optional<std::string> github_api_url;
  std::optional<std::string> github_token_file;
  std::optional<std::string> documents_config;  // JSON file, see document_store_options_from_json
  std::vector<std::string> cors_origins;  // origins (scheme://host[:port]) a browser may call from
  bool help = false;
  bool print_openapi = false;  // --openapi: print the OpenAPI document and exit
  Maintenance maintenance = Maintenance::none;
};

/// @throws ValidationError naming the option.
Options parse_options(int argc, const char* const* argv);
std::string usage();
bool is_loopback(const std::string& host);

}  // namespace dagboard::server
