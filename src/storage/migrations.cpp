// SPDX-License-Identifier: Apache-2.0
#include "storage/migrations.hpp"

#include <dagboard/errors.hpp>
#include <dagboard/workspace.hpp>

#include "storage/row.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

// Any constant works; it only has to be the same in every dagboard process.
constexpr long long kMigrationLockKey = 0x646167626f617264;  // "dagboard"

int current_version(soci::session& sql) {
  return static_cast<int>(
      query_integer(sql, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
          .value_or(0));
}

// The version on record, read without a lock: 0 for a new database.
int recorded_version(soci::session& sql, Backend backend) {
  const char* exists = backend == Backend::sqlite
                           ? "SELECT COUNT(*) AS v FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                           : "SELECT COUNT(*) AS v FROM (SELECT to_regclass('schema_migrations') AS t) r WHERE t IS NOT NULL";
  return query_integer(sql, exists).value_or(0) == 0 ? 0 : current_version(sql);
}

void refuse_newer(int version, int latest) {
  if (version <= latest) return;
  throw StorageError("the database has schema version " + std::to_string(version) +
                         ", newer than this library's " + std::to_string(latest) + "; upgrade dagboard to open it",
                     Json{{"database_version", version}, {"library_version", latest}});
}

void apply_one(soci::session& sql, const Migration& m, Backend backend) {
  for (const auto& statement : m.statements) sql << statement;
  for (const auto& statement : backend == Backend::sqlite ? m.sqlite_statements : m.postgresql_statements)
    sql << statement;
  exec(sql, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
       Params().set("v", m.version).set("n", m.name).set("t", dagboard::now()));
}

}  // namespace

int apply_migrations(soci::session& sql, Backend backend) {
  const int latest = library_schema_version();
  // An up-to-date database is opened without the write lock: on SQLite that lock is the one
  // every writer takes, and a fleet of busy agents must not keep a new process from opening.
  const int recorded = recorded_version(sql, backend);
  refuse_newer(recorded, latest);
  if (recorded == latest) return latest;
  if (backend == Backend::sqlite) {
    sql << "BEGIN IMMEDIATE";
  } else {
    sql << "BEGIN";
    exec(sql, "SELECT pg_advisory_xact_lock(:k)", Params().set("k", kMigrationLockKey));
    sql << "SET LOCAL client_min_messages = warning";  // "already exists, skipping" is no news
  }
  try {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    int version = current_version(sql);  // again, under the lock: another opener may have migrated
    refuse_newer(version, latest);
    for (const auto& m : migrations()) {
      if (m.version > version) apply_one(sql, m, backend);
    }
    sql << "COMMIT";
    return latest;
  } catch (...) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

}  // namespace dagboard::storage
