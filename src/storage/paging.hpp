// SPDX-License-Identifier: Apache-2.0
// Keyset paging: lists are ordered by (created_at, id); a page starts after the last key seen.
#pragma once

#include <optional>
#include <string>
#include <type_traits>

#include <dagboard/enums.hpp>

#include "storage/row.hpp"

namespace dagboard::storage {

struct Keyset {
  long long created_at = 0;
  std::string id;
};

/// The WHERE clause of a list query: one `column = :column` term per filter that is given.
class Where {
 public:
  template <class T>
  Where& equals(const char* column, const std::optional<T>& value) {
    if (!value) return *this;
    sql += std::string(" AND ") + column + " = :" + column;
    if constexpr (std::is_enum_v<T>) {
      params.set(column, to_string(*value));
    } else {
      params.set(column, *value);
    }
    return *this;
  }

  std::string sql = " WHERE 1 = 1";
  Params params;
};

struct ListWindow {
  std::optional<Keyset> after;
  int limit = 50;  // the query fetches limit + 1 rows to learn whether there is more
};

/// Appends "AND (created_at, id) > after" to `where`, and the ORDER BY/LIMIT tail to `tail`.
inline std::string window_sql(std::string where, Params& params, const ListWindow& window,
                              const std::string& alias = "") {
  if (window.after) {
    where += " AND (" + alias + "created_at > :after_c1 OR (" + alias +
             "created_at = :after_c2 AND " + alias + "id > :after_id))";
    params.set("after_c1", window.after->created_at)
        .set("after_c2", window.after->created_at)
        .set("after_id", window.after->id);
  }
  return where + " ORDER BY " + alias + "created_at, " + alias + "id LIMIT " +
         std::to_string(window.limit + 1);
}

}  // namespace dagboard::storage
