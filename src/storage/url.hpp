// SPDX-License-Identifier: Apache-2.0
// Storage URLs: which backend, and how to connect to it.
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::storage {

enum class Backend { sqlite, postgresql };

struct ConnectionSpec {
  Backend backend = Backend::sqlite;
  bool in_memory = false;      // sqlite::memory:
  std::string sqlite_path;     // the database file, for SQLite
  std::string libpq_conninfo;  // libpq keyword/value form, for PostgreSQL
  std::string redacted;        // the URL with any password replaced by ***
};

/// @throws ValidationError (field "url") when malformed or unsupported.
ConnectionSpec parse_url(std::string_view url);

std::string_view backend_name(Backend b);

}  // namespace dagboard::storage
