// SPDX-License-Identifier: Apache-2.0
// Bulk reads straight on the SQLite connection behind a SOCI session: for the few queries that
// return tens of thousands of rows, where SOCI's per-value conversions cost more than SQLite.
#pragma once

#include "dagboard/version.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

namespace DAGBOARD_NAMESPACE::storage {

/// Column access by position within one row; text stays valid until the next row.
class SqliteRow {
 public:
  explicit SqliteRow(void* statement) : st_(statement) {}  // a sqlite3_stmt
  std::string_view text(int column) const;
  long long integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  void* st_;
};

/// The `sqlite3*` behind a SOCI session (as void*: the SQLite API stays out of this header).
/// @throws std::logic_error for a session of another backend.
void* sqlite_connection(soci::session& session);

/// Runs `sql` with `?` placeholders bound to `params` (as text) and calls `each` per row.
/// @throws soci::sqlite3_soci_error with the SQLite result code.
void for_each_sqlite_row(soci::session& session, const std::string& sql, const std::vector<std::string>& params,
                         const std::function<void(const SqliteRow&)>& each);

}  // namespace dagboard::storage
