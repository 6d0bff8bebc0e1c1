// SPDX-License-Identifier: Apache-2.0
// Thin helpers over SOCI: named parameters that own their values, and typed row reads that
// work the same on SQLite and PostgreSQL whatever type the driver reports.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include <dagboard/types.hpp>

struct pg_result;  // libpq's PGresult

namespace DAGBOARD_NAMESPACE::storage {

/// Named values for `:name` placeholders. Values are copied in and live as long as this object.
class Params {
 public:
  Params& set(std::string_view name, std::string_view v);
  Params& set(std::string_view name, const char* v) { return set(name, std::string_view(v)); }
  Params& set(std::string_view name, const std::string& v) { return set(name, std::string_view(v)); }
  Params& set(std::string_view name, const std::optional<std::string>& v);
  Params& set(std::string_view name, long long v);
  Params& set(std::string_view name, int v) { return set(name, static_cast<long long>(v)); }
  Params& set(std::string_view name, bool v) { return set(name, static_cast<long long>(v ? 1 : 0)); }
  Params& set(std::string_view name, std::optional<long long> v);
  Params& set(std::string_view name, std::optional<int> v);
  Params& set(std::string_view name, double v);
  Params& set(std::string_view name, std::optional<double> v);
  Params& set(std::string_view name, Timestamp v);
  Params& set(std::string_view name, std::optional<Timestamp> v);
  /// JSON is stored as its compact text.
  Params& set_json(std::string_view name, const Json& v);

  /// Binds the values to `st` by position, in the order of `names` (the placeholders of `sql`).
  /// @throws std::logic_error when a placeholder has no value, appears twice, or a value is unused.
  void bind(soci::statement& st, const std::vector<std::string_view>& names, const std::string& sql);
  /// Moves the values of `other` (same names, same order) into this object's bound slots, so a
  /// prepared statement can run again with new values.
  void take_values(Params& other);
  /// The values as text in the order of `names`, nullptr for NULL (for libpq). Same checks as
  /// bind(); the pointers live as long as this object.
  std::vector<const char*> text_values(const std::vector<std::string_view>& names, const std::string& sql);

 private:
  struct Slot {
    std::string name;
    enum Kind { text, integer, real } kind = text;
    std::string s;
    long long i = 0;
    double d = 0;
    soci::indicator ind = soci::i_ok;
  };
  Slot& add(std::string_view name, Slot::Kind kind);
  std::vector<Slot*> in_order(const std::vector<std::string_view>& names, const std::string& sql);
  void bind_slot(soci::statement& st, Slot& slot);
  std::deque<Slot> slots_;  // a deque keeps addresses stable for SOCI's references
};

/// Typed, by-name access to one result row, from SOCI or straight from libpq (text format).
class Row {
 public:
  explicit Row(const soci::row& r) : r_(&r) {}
  Row(const pg_result* result, int row) : pg_(result), pg_row_(row) {}
  bool is_null(const char* col) const;
  std::string text(const char* col) const;
  std::optional<std::string> opt_text(const char* col) const;
  long long integer(const char* col) const;
  std::optional<long long> opt_integer(const char* col) const;
  double real(const char* col) const;
  std::optional<double> opt_real(const char* col) const;
  bool flag(const char* col) const { return integer(col) != 0; }
  Timestamp time(const char* col) const;
  std::optional<Timestamp> opt_time(const char* col) const;
  /// Parses stored JSON text; a NULL column gives JSON null.
  Json json(const char* col) const;

 private:
  const char* pg_value(const char* col) const;

  const soci::row* r_ = nullptr;
  const pg_result* pg_ = nullptr;
  int pg_row_ = 0;
};

/// "a, b, c".
std::string join_columns(const std::vector<std::string>& columns);

/// "INSERT INTO table (a, b) VALUES (:a, :b)".
std::string insert_sql(const std::string& table, const std::vector<std::string>& columns);
/// "UPDATE table SET a = :a, b = :b WHERE id = :id" for every column but `id`.
std::string update_by_id_sql(const std::string& table, const std::vector<std::string>& columns);

/// ":p0, :p1, ..." for an IN list of `values`, binding each under `prefix`<n>.
std::string in_list(Params& params, const char* prefix, const std::vector<std::string>& values);

/// Inserts `count` rows with multi-row INSERTs of up to `rows_per_statement` rows.
/// `bind(params, row, suffix)` sets the value of every column under the name column+suffix.
void insert_rows(soci::session& sql, const std::string& table,
                 const std::vector<std::string>& columns, size_t count,
                 const std::function<void(Params&, size_t row, const std::string& suffix)>& bind,
                 size_t rows_per_statement = 100);

/// Runs one statement; returns the number of rows it changed.
long long exec(soci::session& sql, const std::string& query, Params params = {});
/// Runs a query and calls `each` for every row.
void query(soci::session& sql, const std::string& query, Params params,
           const std::function<void(const Row&)>& each);
/// query(), then COMMIT; on PostgreSQL both go out in one round trip.
void query_then_commit(soci::session& sql, const std::string& query, Params params,
                       const std::function<void(const Row&)>& each);
/// Column `v` of the first row as an integer; nullopt when there is no row or it is NULL.
std::optional<long long> query_integer(soci::session& sql, const std::string& query,
                                       Params params = {});

/// A JSON column's text as a value. @throws Error INTEGRITY_ERROR when it is malformed or nests
/// deeper than kMaxDocumentDepth.
Json stored_json(std::string_view text, const char* column);

/// Every row of a query, each made a record by `from_row`.
template <class F>
auto query_rows(soci::session& sql, const std::string& text, Params params, F from_row) {
  std::vector<std::decay_t<decltype(from_row(std::declval<const Row&>()))>> out;
  query(sql, text, std::move(params), [&](const Row& r) { out.push_back(from_row(r)); });
  return out;
}

/// The first of `rows`, or nullopt when there is none.
template <class T>
std::optional<T> first_of(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace dagboard::storage
