// SPDX-License-Identifier: Apache-2.0
// The Workspace: an open dagboard database and the services that work on it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dagboard/version.hpp>
#include <dagboard/agent.hpp>
#include <dagboard/audit.hpp>
#include <dagboard/board.hpp>
#include <dagboard/commits.hpp>
#include <dagboard/discoveries.hpp>
#include <dagboard/documents.hpp>
#include <dagboard/events.hpp>
#include <dagboard/explorations.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/github.hpp>
#include <dagboard/graph.hpp>
#include <dagboard/project.hpp>
#include <dagboard/scheduler.hpp>
#include <dagboard/search.hpp>
#include <dagboard/statistics.hpp>
#include <dagboard/task.hpp>
#include <dagboard/ticket.hpp>
#include <dagboard/workflow.hpp>

namespace DAGBOARD_NAMESPACE {

struct OpenOptions {
  /// Connections kept open (PostgreSQL, SQLite files). `sqlite::memory:` always uses one.
  int pool_size = 4;
  /// How long a SQLite writer waits for another writer's lock before failing.
  int busy_timeout_ms = 10000;
  /// Recorded as `actor` on every event this workspace writes; see Workspace::as_actor.
  std::optional<std::string> actor;
  /// Weights of the scheduling score (upstream's defaults).
  ScoreWeights score_weights;
  /// The GitHub REST API (commit details, diffs, issues).
  GitHubClientOptions github;
  /// Where document content is kept.
  DocumentStoreOptions documents;
};

/// A handle on one database. Copies share the connections; all calls are thread-safe.
///
///   auto ws = dagboard::Workspace::open("sqlite://board.db");
///   auto p  = ws.projects().create({.name = "Payments", .key = "PAY"});
class Workspace {
 public:
  /// Opens (creating when needed) and migrates the database named by `url`:
  /// `sqlite:///abs/path.db`, `sqlite://relative.db`, `sqlite::memory:`,
  /// `postgresql://user:pass@host:port/db[?libpq-params]`.
  /// @throws ValidationError for a malformed URL, StorageError when the database cannot be
  /// opened or has a newer schema than this library knows.
  static Workspace open(std::string_view url, const OpenOptions& options = {});

  /// A handle that records `actor` on the events it writes.
  Workspace as_actor(std::string actor) const;

  /// `sqlite` or `postgresql`.
  std::string_view backend() const;
  /// The schema version of the open database.
  int schema_version() const;

  ProjectService projects() const { return ProjectService(open_context()); }
  TicketService tickets() const { return TicketService(open_context()); }
  TaskService tasks() const { return TaskService(open_context()); }
  AgentService agents() const { return AgentService(open_context()); }
  EventService events() const { return EventService(open_context()); }
  GraphService graph() const { return GraphService(open_context()); }
  SchedulerService scheduler() const { return SchedulerService(open_context()); }
  WorkflowService workflows() const { return WorkflowService(open_context()); }
  BoardService board() const { return BoardService(open_context()); }
  AuditService audit() const { return AuditService(open_context()); }
  CommitService commits() const { return CommitService(open_context()); }
  GitHubService github() const { return GitHubService(open_context()); }
  DocumentStore document_store() const { return DocumentStore(open_context()); }
  DocumentService documents() const { return DocumentService(open_context()); }
  ExplorationService explorations() const { return ExplorationService(open_context()); }
  DiscoveryService discoveries() const { return DiscoveryService(open_context()); }
  StatisticsService statistics() const { return StatisticsService(open_context()); }
  SearchService search() const { return SearchService(open_context()); }

  /// Lets go of this handle: the database closes once no handle, service object or subscription
  /// uses it any more. Any later call through this handle is VALIDATION_FAILED (field workspace).
  void close() { ctx_.reset(); }
  bool closed() const { return !ctx_; }

 private:
  explicit Workspace(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}
  const detail::ContextPtr& open_context() const;
  detail::ContextPtr ctx_;
};

/// The schema version this library writes.
int library_schema_version();

}  // namespace dagboard
