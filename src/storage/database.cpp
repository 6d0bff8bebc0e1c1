// SPDX-License-Identifier: Apache-2.0
#include "storage/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <dagboard/errors.hpp>

#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_busy.hpp"
#include "storage/sqlite_functions.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

std::string sqlite_connect_string(const ConnectionSpec& spec) {
  std::string path = spec.in_memory ? ":memory:" : spec.sqlite_path;
  if (path.find_first_of(" \"") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : path) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
    path = quoted + "\"";
  }
  return "db=" + path;  // waiting for locks: wait_fairly_when_busy
}

}  // namespace

Database::Database(ConnectionSpec spec) : spec_(std::move(spec)) {}

Database::~Database() = default;

std::shared_ptr<Database> Database::open(std::string_view url, const OpenOptions& options) {
  auto spec = parse_url(url);
  if (options.pool_size < 1 || options.pool_size > 256)
    throw ValidationError("pool_size", "pool_size must be between 1 and 256");
  if (options.busy_timeout_ms < 0)
    throw ValidationError("busy_timeout_ms", "busy_timeout_ms must not be negative");
  std::shared_ptr<Database> db(new Database(std::move(spec)));
  db->connect_all(options);
  soci::session sql(*db->pool_);
  try {
    db->schema_version_ = apply_migrations(sql, db->backend());
  } catch (...) {
    rethrow_translated(std::current_exception());
  }
  return db;
}

void Database::connect_all(const OpenOptions& options) {
  // Each connection to ":memory:" would be a separate database: keep exactly one.
  pool_size_ = spec_.in_memory ? 1 : static_cast<size_t>(options.pool_size);
  pool_ = std::make_unique<soci::connection_pool>(pool_size_);
  for (size_t i = 0; i < pool_size_; ++i) {
    try {
      connect_one(pool_->at(i), options);
    } catch (const soci::soci_error& e) {
      throw StorageError("cannot open database " + spec_.redacted + ": " + e.get_error_message(),
                         Json{{"url", spec_.redacted}});
    }
  }
}

void Database::connect_one(soci::session& session, const OpenOptions& options) {
  if (spec_.backend == Backend::postgresql) {
    session.open(*soci::factory_postgresql(), spec_.libpq_conninfo);
    quiet_notices(session);
    return;
  }
  session.open(*soci::factory_sqlite3(), sqlite_connect_string(spec_));
  register_sqlite_functions(session);
  wait_fairly_when_busy(session, options.busy_timeout_ms);  // before anything that may wait
  session << "PRAGMA foreign_keys = ON";
  if (!spec_.in_memory) {
    session << "PRAGMA journal_mode = WAL";
    // With WAL, NORMAL never loses a committed transaction when the process dies; only an
    // operating-system crash or power loss can drop the last commits.
    session << "PRAGMA synchronous = NORMAL";
    // A bigger page cache keeps large transactions from spilling to the WAL before COMMIT.
    session << "PRAGMA cache_size = -32768";
  }
}

void Database::begin(soci::session& sql, bool write) {
  if (spec_.backend == Backend::sqlite) {
    sql << (write ? "BEGIN IMMEDIATE" : "BEGIN");
  } else {
    sql << (write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }
}

void Database::commit(Tx& tx) {
  bool wrote_events = !flush_and_commit(tx, projections_).empty();
  for (auto& hook : tx.after_commit_hooks()) {
    try {
      hook();
    } catch (...) {
      // The commit stands; in-memory state that failed to follow is rebuilt on its next use.
    }
  }
  if (wrote_events && commit_signal_) commit_signal_();
}

void Database::reopen_if_broken(soci::session& sql) {
  if (connection_is_broken(sql)) reopen(sql, spec_.redacted);
}

bool Database::try_again(soci::session& sql, std::exception_ptr error, bool commit_sent,
                         int attempt, bool reading) {
  if (!lost_connection(error, sql)) {
    rollback_quietly(sql);
    if (!reading && attempt < max_attempts() && is_retryable(error)) return true;
    rethrow_translated(error);
  }
  // The server ended the transaction with the connection: nothing of it stands, unless the
  // COMMIT had gone out, when it may have been applied. Only that case is not run again.
  reopen(sql, spec_.redacted);  // UNAVAILABLE while the database is down
  if (commit_sent)
    throw Error(ErrorCode::unavailable,
                "the connection to the database was lost while committing: the change may or "
                "may not have been saved; read it back before you repeat it",
                Json{{"committed", "unknown"}, {"retry_after_seconds", 1}});
  if (attempt < 3) return true;
  throw Error(ErrorCode::unavailable, "the database connection keeps failing",
              Json{{"retry_after_seconds", 1}});
}

void Database::rollback_quietly(soci::session& sql) noexcept {
  try {
    sql << "ROLLBACK";
  } catch (...) {
    // Nothing was open, or the connection is gone; either way nothing is committed.
  }
}

}  // namespace dagboard::storage
