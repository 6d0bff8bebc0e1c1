// SPDX-License-Identifier: Apache-2.0
// Keyset paging: a list is ordered by its sort key, then created_at, then id (a total order);
// a page starts after the last key seen, so pages stay right while rows are added.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <dagboard/enums.hpp>

#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::storage {

class Tx;

/// What a list can be ordered by. Every value is an integer: times in microseconds, and
/// priority by rank (LOW 1 ... CRITICAL 4).
enum class SortField { created_at, updated_at, priority };

struct SortOrder {
  SortField field = SortField::created_at;
  bool descending = false;
};

/// The wire name of a sort field, and its parse (nullopt when unknown).
std::string_view to_string(SortField f);
std::optional<SortField> parse_sort_field(std::string_view text);
/// LOW 1, MEDIUM 2, HIGH 3, CRITICAL 4: the order `sort=priority` uses.
long long priority_rank(Priority p);

/// The last row of a page in the order's terms.
struct Keyset {
  long long value = 0;  // the sort field's value (equal to created_at for created_at)
  long long created_at = 0;
  std::string id;
};

/// The WHERE clause of a list query: one term per filter that is given.
class Where {
 public:
  template <class T>
  Where& equals(const char* column, const std::optional<T>& value) {
    if (!value) return *this;
    sql += std::string(" AND ") + column + " = :" + column;
    params.set(column, wire(*value));
    return *this;
  }

  /// `column IN (...)`; nothing when `values` is empty (the filter is not given).
  template <class T>
  Where& any_of(const char* column, const AnyOf<T>& values) {
    if (values.empty()) return *this;
    std::vector<std::string> texts;
    for (const auto& v : values.values) texts.emplace_back(wire(v));
    sql += std::string(" AND ") + column + " IN (" + in_list(params, column, texts) + ")";
    return *this;
  }

  std::string sql = " WHERE 1 = 1";
  Params params;

 private:
  template <class T>
  static auto wire(const T& v) {
    if constexpr (std::is_enum_v<T>) {
      return std::string(to_string(v));
    } else {
      return v;
    }
  }
};

struct ListWindow {
  std::optional<Keyset> after;
  int limit = 50;  // the query fetches limit + 1 rows to learn whether there is more
  SortOrder order;
  bool include_total = false;
};

/// Appends "after the keyset" to `where`, and the ORDER BY/LIMIT tail.
std::string window_sql(std::string where, Params& params, const ListWindow& window,
                       const std::string& alias = "");

/// SELECT COUNT(*) FROM table + where.
long long count_rows(Tx& tx, const std::string& table, const Where& where);

/// One page of rows, and the count of every match when the window asked for it.
template <class T>
struct Listed {
  std::vector<T> rows;
  std::optional<long long> total;
};

/// Runs `select` + the window over `where`; counts `table` rows matching `where` when asked.
/// `fetch(sql, params)` returns the rows.
template <class Fetch>
auto list_rows(Tx& tx, const std::string& select, const std::string& table, Where where,
               const ListWindow& window, Fetch fetch) {
  using Rows = decltype(fetch(std::string(), Params()));
  Listed<typename Rows::value_type> out;
  if (window.include_total) out.total = count_rows(tx, table, where);
  // The SQL first: window_sql adds parameters, and argument order is unspecified.
  std::string sql = select + window_sql(where.sql, where.params, window);
  out.rows = fetch(sql, std::move(where.params));
  return out;
}

}  // namespace dagboard::storage
