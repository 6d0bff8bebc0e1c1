// SPDX-License-Identifier: Apache-2.0
#include "storage/paging.hpp"

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

constexpr Priority kPriorities[] = {Priority::low, Priority::medium, Priority::high,
                                    Priority::critical};

std::string sort_expression(SortField f, const std::string& alias) {
  switch (f) {
    case SortField::created_at:
      return alias + "created_at";
    case SortField::updated_at:
      return alias + "updated_at";
    case SortField::priority: {
      std::string sql = "(CASE " + alias + "priority";
      for (Priority p : kPriorities)
        sql += " WHEN '" + std::string(to_string(p)) + "' THEN " + std::to_string(priority_rank(p));
      return sql + " ELSE 0 END)";
    }
  }
  return alias + "created_at";
}

// (a, b, id) after (va, vb, vid) in one direction, spelled out term by term: both backends
// use the leading column's index for the first term.
std::string after_sql(const std::vector<std::string>& columns, const Keyset& k, bool descending,
                      Params& params) {
  const char* op = descending ? " < " : " > ";
  std::vector<long long> values = {k.value, k.created_at};
  if (columns.size() == 2) values = {k.created_at};
  std::string sql;
  int n = 0;
  auto param = [&](auto v) {
    std::string name = "after_" + std::to_string(n++);
    params.set(name, v);
    return ":" + name;
  };
  for (size_t term = 0; term < columns.size(); ++term) {
    sql += term == 0 ? "(" : " OR (";
    for (size_t equal = 0; equal < term; ++equal)
      sql += columns[equal] + " = " + param(values[equal]) + " AND ";
    if (term + 1 == columns.size()) {
      sql += columns[term] + op + param(k.id);
    } else {
      sql += columns[term] + op + param(values[term]);
    }
    sql += ")";
  }
  return sql;
}

}  // namespace

std::string_view to_string(SortField f) {
  switch (f) {
    case SortField::created_at:
      return "created_at";
    case SortField::updated_at:
      return "updated_at";
    case SortField::priority:
      return "priority";
  }
  return "created_at";
}

std::optional<SortField> parse_sort_field(std::string_view text) {
  for (SortField f : {SortField::created_at, SortField::updated_at, SortField::priority})
    if (text == to_string(f)) return f;
  return std::nullopt;
}

long long priority_rank(Priority p) {
  switch (p) {
    case Priority::low:
      return 1;
    case Priority::medium:
      return 2;
    case Priority::high:
      return 3;
    case Priority::critical:
      return 4;
  }
  return 0;
}

std::string window_sql(std::string where, Params& params, const ListWindow& window,
                       const std::string& alias) {
  std::vector<std::string> columns;
  if (window.order.field != SortField::created_at)
    columns.push_back(sort_expression(window.order.field, alias));
  columns.push_back(alias + "created_at");
  columns.push_back(alias + "id");
  if (window.after)
    where += " AND (" + after_sql(columns, *window.after, window.order.descending, params) + ")";
  std::string order;
  for (const auto& c : columns)
    order += (order.empty() ? "" : ", ") + c + (window.order.descending ? " DESC" : "");
  return where + " ORDER BY " + order + " LIMIT " + std::to_string(window.limit + 1);
}

long long count_rows(Tx& tx, const std::string& table, const Where& where) {
  return query_integer(tx.sql(), "SELECT COUNT(*) AS v FROM " + table + where.sql, where.params)
      .value_or(0);
}

}  // namespace dagboard::storage
