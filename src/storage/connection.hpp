// SPDX-License-Identifier: Apache-2.0
// Lost connections: finding a pooled PostgreSQL connection that died (a server restart, a
// network cut) and opening it again, so an outage ends when the database is back.
#pragma once

#include "dagboard/version.hpp"

#include <exception>
#include <string>

#include <soci/soci.h>

namespace DAGBOARD_NAMESPACE::storage {

/// PostgreSQL: server notices are not printed on stderr (libpq's default).
void quiet_notices(soci::session& sql) noexcept;

/// PostgreSQL: true when the idle connection cannot be used any more: it was never reopened
/// after a failure, libpq marks it bad, or the server sent something while it sat idle (the
/// goodbye of a restarting server). No round trip. Always false on SQLite.
bool connection_is_broken(soci::session& sql) noexcept;

/// True when `error` says the connection was lost, not that a statement was refused.
bool lost_connection(std::exception_ptr error, soci::session& sql) noexcept;

/// Opens the session's connection again (its prepared statements are forgotten).
/// @throws Error UNAVAILABLE naming `redacted_url` when the database cannot be reached.
void reopen(soci::session& sql, const std::string& redacted_url);

}  // namespace dagboard::storage
