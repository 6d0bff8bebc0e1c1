// SPDX-License-Identifier: Apache-2.0
// PostgreSQL statements straight through libpq on a SOCI session's connection. A statement
// text seen twice on a connection is prepared there once and then runs without being parsed and
// planned again, which on a small machine is most of a short statement's cost.
#pragma once

#include "dagboard/version.hpp"

#include <functional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "storage/row.hpp"

struct pg_conn;
using PGconn = pg_conn;  // libpq's connection, as libpq-fe.h declares it

namespace DAGBOARD_NAMESPACE::storage::pg {

/// Runs `sql` (`$n` placeholders) with `values` (text, nullptr for NULL) and calls `*each` for
/// every row when given. Returns the number of rows changed.
/// @throws soci::postgresql_soci_error carrying the SQLSTATE, like SOCI's own statements.
long long run(soci::session& session, const std::string& sql, const std::vector<const char*>& values,
              const std::function<void(const Row&)>* each);

/// Like run(), then COMMIT, sent together in one round trip (libpq pipeline mode): the locks the
/// statement takes are released without waiting for this process to be scheduled again.
void run_then_commit(soci::session& session, const std::string& sql, const std::vector<const char*>& values,
                     const std::function<void(const Row&)>& each);

/// The session's libpq connection; null when it has none (a reopen failed) or is not PostgreSQL.
PGconn* connection(soci::session& session) noexcept;

/// Drops what is known of `conn`'s prepared statements: it is about to be closed.
void forget(const PGconn* conn);

}  // namespace dagboard::storage::pg
