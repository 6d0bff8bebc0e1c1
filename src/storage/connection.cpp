// SPDX-License-Identifier: Apache-2.0
#include "storage/connection.hpp"

#include <poll.h>

#include <soci/postgresql/soci-postgresql.h>

#include <libpq-fe.h>

#include <dagboard/errors.hpp>

#include "storage/pg_statements.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

// The session's libpq connection (null for SQLite); `missing` when the session has none at all.
PGconn* pg_connection(soci::session& sql, bool& missing) noexcept {
  missing = sql.get_backend() == nullptr;
  return missing ? nullptr : pg::connection(sql);
}

bool is_connection_state(const std::string& state) {
  // 08: connection exception; 57P01-03: the server shuts down, crashed, or cannot connect now.
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

void ignore_notice(void*, const char*) {}

}  // namespace

void quiet_notices(soci::session& sql) noexcept {
  bool missing = false;
  // libpq prints server notices on stderr by default, among them the goodbye of a restart.
  if (PGconn* conn = pg_connection(sql, missing)) PQsetNoticeProcessor(conn, ignore_notice, nullptr);
}

bool connection_is_broken(soci::session& sql) noexcept {
  bool missing = false;
  PGconn* conn = pg_connection(sql, missing);
  if (missing) return true;
  if (!conn) return false;  // SQLite
  if (PQstatus(conn) != CONNECTION_OK) return true;
  pollfd fd{PQsocket(conn), POLLIN, 0};
  if (fd.fd < 0) return true;
  // An idle connection has nothing to read; anything there is the server saying goodbye.
  return poll(&fd, 1, 0) != 0;
}

bool lost_connection(std::exception_ptr error, soci::session& sql) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const soci::postgresql_soci_error& e) {
    if (is_connection_state(e.sqlstate())) return true;
  } catch (...) {
  }
  bool missing = false;
  PGconn* conn = pg_connection(sql, missing);
  return missing || (conn && PQstatus(conn) != CONNECTION_OK);
}

void reopen(soci::session& sql, const std::string& redacted_url) {
  bool missing = false;
  if (PGconn* conn = pg_connection(sql, missing)) pg::forget(conn);
  try {
    sql.reconnect();
    quiet_notices(sql);
  } catch (const std::exception& e) {
    std::string why;
    for (char c : std::string(e.what())) why += (c == '\n' || c == '\t') ? ' ' : c;
    while (!why.empty() && why.back() == ' ') why.pop_back();
    throw Error(ErrorCode::unavailable, "the database is unreachable (" + redacted_url + "): " + why,
                Json{{"retry_after_seconds", 1}});
  }
}

}  // namespace dagboard::storage
