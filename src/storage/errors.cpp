// SPDX-License-Identifier: Apache-2.0
#include "storage/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::storage {
namespace {

constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraint = 19;

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Messages name no SQL, table, column or constraint: those are ours, not the caller's. The
// SQLSTATE or SQLite code in the details tells an operator which failure it was.
std::string first_line(std::string text) {
  auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  if (text.rfind("ERROR:", 0) == 0) text = text.substr(text.find_first_not_of(' ', 6));
  return text;
}

[[noreturn]] void translate(const soci::soci_error& e) {
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    Json details{{"sqlstate", state}};
    if (state == "23505") throw Conflict("already exists: a record with that unique value is stored", details);
    if (state.rfind("23", 0) == 0) throw Conflict("conflicting change: the database refused it", details);
    // Data exceptions (22xxx) describe the value, e.g. an invalid byte sequence.
    if (state.rfind("22", 0) == 0)
      throw ValidationError("value", "the database refused a value: " + first_line(e.get_error_message()), details);
    throw StorageError("PostgreSQL failed (sqlstate " + state + ")", details);
  }
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int rc = lite->result() & 0xff;
    Json details{{"sqlite_code", lite->result()}};
    if (rc == kSqliteConstraint && contains(e.get_error_message(), "UNIQUE"))
      throw Conflict("already exists: a record with that unique value is stored", details);
    if (rc == kSqliteConstraint) throw Conflict("conflicting change: the database refused it", details);
    if (rc == kSqliteBusy || rc == kSqliteLocked) {
      details["retry_after_seconds"] = 1;
      throw Error(ErrorCode::unavailable,
                  "the database is busy: other writers held its lock for longer than busy_timeout_ms", details);
    }
    throw StorageError(std::string("SQLite failed: ") + sqlite_api::sqlite3_errstr(lite->result()), details);
  }
  throw StorageError("database error");
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
