// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite_rows.hpp"

#include <memory>

#include <soci/sqlite3/soci-sqlite3.h>  // declares the SQLite API inside namespace sqlite_api

namespace DAGBOARD_NAMESPACE::storage {
namespace {

using namespace sqlite_api;

sqlite3_stmt* statement(void* st) { return static_cast<sqlite3_stmt*>(st); }

[[noreturn]] void fail(sqlite3* db, int rc) {
  throw soci::sqlite3_soci_error(std::string("sqlite3 error: ") + sqlite3_errmsg(db), rc);
}

}  // namespace

void* sqlite_connection(soci::session& session) {
  if (session.get_backend_name() != "sqlite3") throw std::logic_error("not a SQLite session");
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

std::string_view SqliteRow::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement(st_), column));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(statement(st_), column))) : std::string_view();
}

long long SqliteRow::integer(int column) const { return sqlite3_column_int64(statement(st_), column); }

double SqliteRow::real(int column) const { return sqlite3_column_double(statement(st_), column); }

bool SqliteRow::is_null(int column) const { return sqlite3_column_type(statement(st_), column) == SQLITE_NULL; }

void for_each_sqlite_row(soci::session& session, const std::string& sql, const std::vector<std::string>& params,
                         const std::function<void(const SqliteRow&)>& each) {
  auto* db = static_cast<sqlite3*>(sqlite_connection(session));
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
  if (rc != SQLITE_OK) fail(db, rc);
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, &sqlite3_finalize);
  for (size_t i = 0; i < params.size(); ++i) {
    rc = sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].data(), static_cast<int>(params[i].size()),
                           SQLITE_STATIC);
    if (rc != SQLITE_OK) fail(db, rc);
  }
  SqliteRow row(raw);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) each(row);
  if (rc != SQLITE_DONE) fail(db, rc);
}

}  // namespace dagboard::storage
