// SPDX-License-Identifier: Apache-2.0
// Numbered schema migrations, applied on open and recorded in schema_migrations.
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <vector>

#include <soci/soci.h>

#include "storage/url.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct Migration {
  int version;
  std::string name;
  std::vector<std::string> statements;  // one SQL statement each, valid on both backends
  std::vector<std::string> sqlite_statements = {};      // then these, on SQLite only
  std::vector<std::string> postgresql_statements = {};  // or these, on PostgreSQL only
};

/// All migrations in version order.
const std::vector<Migration>& migrations();

/// Applies what is missing in one transaction, under a lock so that concurrent openers
/// migrate once. Returns the resulting version. @throws StorageError when the database
/// has a newer schema than this library.
int apply_migrations(soci::session& sql, Backend backend);

}  // namespace dagboard::storage
