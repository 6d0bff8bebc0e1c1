// SPDX-License-Identifier: Apache-2.0
// One database transaction, with the events it will write just before COMMIT.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <soci/soci.h>

#include <dagboard/events.hpp>
#include <dagboard/types.hpp>

#include "storage/url.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct PendingEvent {
  std::string event_type;
  std::string entity_type;
  std::string entity_id;
  std::optional<std::string> project_id;
  Json payload;
};

/// A change to a project's dependency graph, written at commit time: the project's graph_version
/// is bumped (under its row lock, held only from then to COMMIT) and the tasks are stamped with
/// it. `committed(version)` runs before COMMIT with the new version (to queue after-commit work).
struct GraphChange {
  std::string project_id;
  std::vector<std::string> task_ids;
  std::function<void(long long version)> committed;
};

class Tx {
 public:
  Tx(soci::session& sql, Backend backend, std::optional<std::string> actor)
      : sql_(sql), backend_(backend), actor_(std::move(actor)), now_(dagboard::now()) {}

  soci::session& sql() { return sql_; }
  Backend backend() const { return backend_; }
  /// One clock reading for the whole transaction, so its rows and events agree.
  Timestamp now() const { return now_; }
  const std::optional<std::string>& actor() const { return actor_; }
  /// `FOR UPDATE` on PostgreSQL; SQLite already holds the write lock (BEGIN IMMEDIATE).
  const char* for_update() const { return backend_ == Backend::postgresql ? " FOR UPDATE" : ""; }

  /// Queues an event; it is inserted in this transaction, right before COMMIT.
  void emit(std::string event_type, std::string entity_type, std::string entity_id,
            std::optional<std::string> project_id, Json payload);
  std::vector<PendingEvent>& pending_events() { return pending_; }

  /// Queues a graph change, written with the events just before COMMIT.
  void defer_graph_change(GraphChange change) { graph_changes_.push_back(std::move(change)); }
  std::vector<GraphChange>& graph_changes() { return graph_changes_; }

  /// Runs `fn` once the transaction has committed (never when it rolls back). For in-memory
  /// state that must follow the database, such as the graph index.
  void after_commit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  std::vector<std::function<void()>>& after_commit_hooks() { return after_commit_; }

  /// Runs `fn` once, right before the events are written, however often `key` is asked for in
  /// this transaction: for work that sums up many changes (the project's stranded tasks).
  void before_commit_once(const std::string& key, std::function<void()> fn);
  /// Runs the queued before-commit work, including work that it queues itself.
  void run_before_commit();

  /// Set right before COMMIT goes out: a connection lost after it leaves the outcome unknown.
  void mark_commit_sent() { commit_sent_ = true; }
  bool commit_sent() const { return commit_sent_; }

  /// True the first time `row` (e.g. "project:<id>") is named in this transaction: row locks
  /// are taken once and held to COMMIT.
  bool first_lock(const std::string& row) { return locked_.insert(row).second; }

 private:
  soci::session& sql_;
  Backend backend_;
  std::optional<std::string> actor_;
  Timestamp now_;
  std::vector<PendingEvent> pending_;
  std::vector<GraphChange> graph_changes_;
  std::vector<std::function<void()>> after_commit_;
  std::vector<std::string> before_commit_keys_;
  std::vector<std::function<void()>> before_commit_;
  std::set<std::string> locked_;
  bool commit_sent_ = false;
};

/// Rows derived from a transaction's events (the statistics' state changes), written in the same
/// transaction once the events have their ids.
struct EventProjection {
  std::function<bool(const Event&)> applies;  // cheap: whether `write` has work for this event
  std::function<void(Tx&, const std::vector<Event>&)> write;
};

/// Writes the queued graph changes, inserts the queued events with ids taken from the event
/// sequence (which makes concurrent writers commit their events in id order) and COMMITs. On
/// PostgreSQL a single graph change, the events and COMMIT take one round trip. Returns the
/// written events. Each of `projections` writes its rows right before COMMIT.
std::vector<Event> flush_and_commit(Tx& tx, const std::vector<EventProjection>& projections = {});

}  // namespace dagboard::storage
