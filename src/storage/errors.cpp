// SPDX-License-Identifier: Apache-2.0
#include "storage/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <dagboard/errors.hpp>

namespace dagboard::storage {
namespace {

constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraint = 19;

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

[[noreturn]] void translate(const soci::soci_error& e) {
  std::string message = e.get_error_message();
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    if (state == "23505") throw Conflict("already exists: " + message, Json{{"sqlstate", state}});
    if (state.rfind("23", 0) == 0)
      throw Conflict("conflicting change: " + message, Json{{"sqlstate", state}});
    throw StorageError("PostgreSQL error: " + message, Json{{"sqlstate", state}});
  }
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int rc = lite->result() & 0xff;
    if (rc == kSqliteConstraint && contains(message, "UNIQUE"))
      throw Conflict("already exists: " + message, Json{{"sqlite_code", lite->result()}});
    if (rc == kSqliteConstraint)
      throw Conflict("conflicting change: " + message, Json{{"sqlite_code", lite->result()}});
    throw StorageError("SQLite error: " + message, Json{{"sqlite_code", lite->result()}});
  }
  throw StorageError("database error: " + message);
}

}  // namespace

bool is_retryable(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const soci::postgresql_soci_error& e) {
    auto state = e.sqlstate();
    return state == "40001" || state == "40P01";  // serialization failure, deadlock
  } catch (const soci::sqlite3_soci_error& e) {
    int rc = e.result() & 0xff;
    return rc == kSqliteBusy || rc == kSqliteLocked;
  } catch (...) {
    return false;
  }
}

void rethrow_translated(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error&) {
    throw;
  } catch (const soci::soci_error& e) {
    translate(e);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::internal_error, std::string("internal error: ") + e.what());
  }
}

}  // namespace dagboard::storage
