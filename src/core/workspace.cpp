// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>

#include <dagboard/errors.hpp>
#include <dagboard/workspace.hpp>

#include "core/context.hpp"
#include "core/event_hub.hpp"
#include "scheduling/claim_waiters.hpp"
#include "search/search_index.hpp"
#include "stats/projection_writer.hpp"
#include "storage/migrations.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {

Workspace Workspace::open(std::string_view url, const OpenOptions& options) {
  util::check_opt_text("actor", options.actor, 255);
  auto ctx = std::make_shared<detail::Context>();
  ctx->db = storage::Database::open(url, options);
  ctx->db->add_event_projection(stats::state_change_projection());
  ctx->db->add_event_projection(search::search_projection());
  stats::backfill_state_changes(*ctx->db);
  search::backfill_search_index(*ctx->db);
  ctx->graphs = std::make_shared<graph::GraphCache>();
  ctx->events = std::make_shared<detail::EventHub>(ctx->db);
  std::weak_ptr<detail::EventHub> hub = ctx->events;  // the hub owns the database, not back
  ctx->waiters = std::make_shared<scheduling::ClaimWaiters>(ctx->db, ctx->events);
  ctx->db->set_commit_signal([hub] {
    if (auto h = hub.lock()) h->wake();
  });
  ctx->weights = options.score_weights;
  ctx->actor = options.actor;
  ctx->github = options.github;
  ctx->documents = options.documents;
  if (!ctx->github.api_url) {
    const char* env = std::getenv("DAGBOARD_GITHUB_API_URL");
    ctx->github.api_url = env && *env ? env : "https://api.github.com";
  }
  if (!ctx->github.token)
    if (const char* env = std::getenv("GITHUB_TOKEN"); env && *env) ctx->github.token = env;
  return Workspace(std::move(ctx));
}

const detail::ContextPtr& Workspace::open_context() const {
  if (!ctx_) throw ValidationError("workspace", "the workspace is closed");
  return ctx_;
}

Workspace Workspace::as_actor(std::string actor) const {
  util::check_text("actor", actor, 255);
  auto ctx = std::make_shared<detail::Context>(*open_context());
  ctx->actor = std::move(actor);
  return Workspace(std::move(ctx));
}

std::string_view Workspace::backend() const {
  return storage::backend_name(open_context()->db->backend());
}

int Workspace::schema_version() const {
  return open_context()->db->schema_version();
}

int library_schema_version() {
  return storage::migrations().back().version;
}

}  // namespace dagboard
