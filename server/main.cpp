// SPDX-License-Identifier: Apache-2.0
// dagboard-server: the library behind HTTP and WebSocket. See --help and docs/http-api.md.
#include <fstream>
#include <sstream>
#include <cstdio>
#include <memory>

#include <dagboard/dagboard.hpp>

#include "core/app.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "net/state.hpp"
#include "openapi/openapi.hpp"

using namespace dagboard;
using namespace dagboard::server;

namespace {

dagboard::DocumentStoreOptions documents_options(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw dagboard::ValidationError("documents_config", "cannot read the documents configuration '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  auto json = dagboard::Json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) throw dagboard::ValidationError("documents_config", "'" + path + "' is not JSON");
  return dagboard::document_store_options_from_json(json);
}

// One maintenance pass (docs/http-api.md, "Maintenance"): the result on stdout; exit 3 when a check finds
// the statistics tables differing from the log and leaves them so.
int run_maintenance(const Workspace& ws, Maintenance m) {
  Json result;
  int rc = 0;
  switch (m) {
    case Maintenance::rebuild_search: result = to_json(ws.search().rebuild()); break;
    case Maintenance::check_statistics: {
      auto check = ws.statistics().check(/*rebuild=*/false);
      rc = check.mismatches > 0 ? 3 : 0;
      result = to_json(check);
      break;
    }
    case Maintenance::repair_statistics: result = to_json(ws.statistics().check(/*rebuild=*/true)); break;
    case Maintenance::none: break;
  }
  std::printf("%s\n", result.dump().c_str());
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const Error& e) {
    std::fprintf(stderr, "dagboard-server: %s\n", e.what());
    return 2;
  }
  if (options.help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (options.print_openapi) {  // docs/openapi.json is this output
    std::printf("%s\n", openapi_document().dump(2).c_str());
    return 0;
  }
  set_log_level(options.log_level);
  try {
    if (options.issue_token_for) {
      TokenVerifier signer(read_secret_file(*options.jwt_secret_file));
      std::printf("%s\n", signer.issue(*options.issue_token_for, std::chrono::seconds(options.token_ttl_seconds)).c_str());
      return 0;
    }
    OpenOptions open{.pool_size = std::max(4, options.threads + 2)};
    open.github.api_url = options.github_api_url;
    if (options.github_token_file) open.github.token = read_secret_file(*options.github_token_file);
    if (options.documents_config)
      open.documents = documents_options(*options.documents_config);
    auto workspace = Workspace::open(options.db, open);
    if (options.maintenance != Maintenance::none) return run_maintenance(workspace, options.maintenance);
    auto state = std::make_shared<ServerState>(App(options, std::move(workspace)));
    return run_server(state);
  } catch (const Error& e) {
    std::fprintf(stderr, "dagboard-server: %s (%s)\n", e.what(), std::string(e.code_name()).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dagboard-server: %s\n", e.what());
    return 1;
  }
}
