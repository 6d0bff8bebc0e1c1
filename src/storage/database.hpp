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

namespace dagboard::storage {

class Database {
 public:
  /// Opens the pool and applies migrations. @throws ValidationError, StorageError.
  static std::shared_ptr<Database> open(std::string_view url, const OpenOptions& options);
  ~Database();

  Backend backend() const { return spec_.backend; }
  const ConnectionSpec& connection_spec() const { return spec_; }
  /// Called after every commit that wrote events (set once, right after open).
  void set_commit_signal(std::function<void()> signal) { commit_signal_ = std::move(signal); }
  int schema_version() const { return schema_version_; }

  /// Runs `fn(Tx&)` in one write transaction (SQLite: BEGIN IMMEDIATE) and commits it with the
  /// events it queued. Any exception rolls everything back. Lock conflicts are retried.
  template <class F>
  auto write(const std::optional<std::string>& actor, F&& fn) {
    using R = std::invoke_result_t<F&, Tx&>;
    for (int attempt = 1;; ++attempt) {
      soci::session sql(*pool_);
      Tx tx(sql, backend(), actor);
      try {
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
        auto error = std::current_exception();
        rollback_quietly(sql);
        if (attempt < max_attempts() && is_retryable(error)) continue;
        rethrow_translated(error);
      }
    }
  }

  /// Runs `fn(Tx&)` in a read-only transaction: one consistent snapshot for all its queries.
  template <class F>
  auto read(F&& fn) {
    using R = std::invoke_result_t<F&, Tx&>;
    soci::session sql(*pool_);
    Tx tx(sql, backend(), std::nullopt);
    try {
      begin(sql, /*write=*/false);
      R result = fn(tx);
      sql << "COMMIT";
      return result;
    } catch (...) {
      auto error = std::current_exception();
      rollback_quietly(sql);
      rethrow_translated(error);
    }
  }

 private:
  explicit Database(ConnectionSpec spec);
  void connect_all(const OpenOptions& options);
  void connect_one(soci::session& session, const OpenOptions& options);
  void begin(soci::session& sql, bool write);
  void commit(Tx& tx);
  static void rollback_quietly(soci::session& sql) noexcept;
  int max_attempts() const { return spec_.backend == Backend::postgresql ? 6 : 3; }

  ConnectionSpec spec_;
  std::function<void()> commit_signal_;
  std::unique_ptr<soci::connection_pool> pool_;
  size_t pool_size_ = 1;
  int schema_version_ = 0;
};

}  // namespace dagboard::storage
