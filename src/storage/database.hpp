// SPDX-License-Identifier: Apache-2.0
// The connection pool and the transaction runners every service goes through.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <soci/soci.h>

#include <dagboard/workspace.hpp>

#include "storage/errors.hpp"
#include "storage/tx.hpp"
#include "storage/url.hpp"

namespace DAGBOARD_NAMESPACE::storage {

class Database {
 public:
  /// Opens the pool and applies migrations. @throws ValidationError, StorageError.
  static std::shared_ptr<Database> open(std::string_view url, const OpenOptions& options);
  ~Database();

  Backend backend() const { return spec_.backend; }
  const ConnectionSpec& connection_spec() const { return spec_; }
  /// Called after every commit that wrote events (set once, right after open).
  void set_commit_signal(std::function<void()> signal) { commit_signal_ = std::move(signal); }
  /// Rows every write derives from its events (added right after open).
  void add_event_projection(EventProjection projection) { projections_.push_back(std::move(projection)); }
  int schema_version() const { return schema_version_; }

  /// Runs `fn(Tx&)` in one write transaction (SQLite: BEGIN IMMEDIATE) and commits it with the
  /// events it queued. Any exception rolls everything back. Lock conflicts are retried.
  template <class F>
  auto write(const std::optional<std::string>& actor, F&& fn) {
    using R = std::invoke_result_t<F&, Tx&>;
    for (int attempt = 1;; ++attempt) {
      Lease lease(*pool_);
      soci::session& sql = lease.session;
      Tx tx(sql, backend(), actor);
      try {
        reopen_if_broken(sql);
        begin(sql, /*write=*/true);
        if constexpr (std::is_void_v<R>) {
          fn(tx);
          commit(tx);
          return;
        } else {
          R result = fn(tx);
          commit(tx);
          return result;
        }
      } catch (...) {
        if (try_again(sql, std::current_exception(), tx.commit_sent(), attempt)) continue;
      }
    }
  }

  /// Runs `fn(Tx&)` in a read-only transaction: one consistent snapshot for all its queries.
  /// A read that met a lost connection runs again on a new one (nothing was changed).
  template <class F>
  auto read(F&& fn) {
    using R = std::invoke_result_t<F&, Tx&>;
    for (int attempt = 1;; ++attempt) {
      Lease lease(*pool_);
      soci::session& sql = lease.session;
      Tx tx(sql, backend(), std::nullopt);
      try {
        reopen_if_broken(sql);
        begin(sql, /*write=*/false);
        R result = fn(tx);
        sql << "COMMIT";
        return result;
      } catch (...) {
        if (try_again(sql, std::current_exception(), /*commit_sent=*/false, attempt,
                      /*reading=*/true))
          continue;
      }
    }
  }

 private:
  /// A connection of the pool, given back on destruction. The pool's own session, not SOCI's
  /// pooled proxy: the proxy keeps a stale backend pointer when a reconnect fails.
  struct Lease {
    explicit Lease(soci::connection_pool& p) : pool(p), position(p.lease()), session(p.at(position)) {}
    ~Lease() { pool.give_back(position); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    soci::connection_pool& pool;
    std::size_t position;
    soci::session& session;
  };

  explicit Database(ConnectionSpec spec);
  void connect_all(const OpenOptions& options);
  void connect_one(soci::session& session, const OpenOptions& options);
  void begin(soci::session& sql, bool write);
  void commit(Tx& tx);
  static void rollback_quietly(soci::session& sql) noexcept;
  /// A pooled connection that died while idle is opened again before use.
  void reopen_if_broken(soci::session& sql);
  /// After a failed attempt: true to run it again (a lock conflict; a lost connection before
  /// COMMIT went out); otherwise throws what the caller sees: the dagboard error, or
  /// UNAVAILABLE when the database cannot be reached or a COMMIT's outcome is unknown.
  bool try_again(soci::session& sql, std::exception_ptr error, bool commit_sent, int attempt,
                 bool reading = false);
  int max_attempts() const { return spec_.backend == Backend::postgresql ? 6 : 3; }

  ConnectionSpec spec_;
  std::function<void()> commit_signal_;
  std::vector<EventProjection> projections_;
  std::unique_ptr<soci::connection_pool> pool_;
  size_t pool_size_ = 1;
  int schema_version_ = 0;
};

}  // namespace dagboard::storage
