// SPDX-License-Identifier: Apache-2.0
#include "storage/row.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

#include "storage/pg_statements.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::storage {

Params::Slot& Params::add(std::string_view name, Slot::Kind kind) {
  Slot& slot = slots_.emplace_back();
  slot.name = name;
  slot.kind = kind;
  return slot;
}

Params& Params::set(std::string_view name, std::string_view v) {
  add(name, Slot::text).s = std::string(v);
  return *this;
}

Params& Params::set(std::string_view name, const std::optional<std::string>& v) {
  Slot& slot = add(name, Slot::text);
  if (v) slot.s = *v; else slot.ind = soci::i_null;
  return *this;
}

Params& Params::set(std::string_view name, long long v) {
  add(name, Slot::integer).i = v;
  return *this;
}

Params& Params::set(std::string_view name, std::optional<long long> v) {
  Slot& slot = add(name, Slot::integer);
  if (v) slot.i = *v; else slot.ind = soci::i_null;
  return *this;
}

Params& Params::set(std::string_view name, std::optional<int> v) {
  return set(name, v ? std::optional<long long>(*v) : std::nullopt);
}

Params& Params::set(std::string_view name, double v) {
  add(name, Slot::real).d = v;
  return *this;
}

Params& Params::set(std::string_view name, std::optional<double> v) {
  Slot& slot = add(name, Slot::real);
  if (v) slot.d = *v; else slot.ind = soci::i_null;
  return *this;
}

Params& Params::set(std::string_view name, Timestamp v) { return set(name, util::to_micros(v)); }

Params& Params::set(std::string_view name, std::optional<Timestamp> v) {
  return set(name, v ? std::optional<long long>(util::to_micros(*v)) : std::nullopt);
}

Params& Params::set_json(std::string_view name, const Json& v) { return set(name, v.dump()); }

namespace {

// The `:name` placeholders of `sql` in order of appearance (string literals skipped), and the
// same SQL with each of them replaced by `?`.
struct Placeholders {
  std::vector<std::string_view> names;
  std::string positional_sql;  // `?` for each (SQLite)
  std::string dollar_sql;      // `$1`, `$2`, ... (libpq)
};

Placeholders scan_placeholders(std::string_view sql) {
  Placeholders out;
  out.positional_sql.reserve(sql.size());
  out.dollar_sql.reserve(sql.size() + 16);
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') {
      size_t close = sql.find('\'', i + 1);
      if (close == std::string_view::npos) close = sql.size() - 1;
      out.positional_sql.append(sql.substr(i, close - i + 1));
      out.dollar_sql.append(sql.substr(i, close - i + 1));
      i = close;
    } else if (sql[i] == ':' && i + 1 < sql.size() && is_name_char(sql[i + 1]) &&
               (i == 0 || sql[i - 1] != ':')) {
      size_t end = i + 1;
      while (end < sql.size() && is_name_char(sql[end])) ++end;
      out.names.push_back(sql.substr(i + 1, end - i - 1));
      out.positional_sql.push_back('?');
      out.dollar_sql += '$' + std::to_string(out.names.size());
      i = end - 1;
    } else {
      out.positional_sql.push_back(sql[i]);
      out.dollar_sql.push_back(sql[i]);
    }
  }
  return out;
}

bool is_sqlite(soci::session& sql) { return sql.get_backend_name() == "sqlite3"; }

}  // namespace

void Params::take_values(Params& other) {
  if (other.slots_.size() != slots_.size())
    throw std::logic_error("take_values: different number of values");
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& to = slots_[i];
    Slot& from = other.slots_[i];
    if (to.name != from.name || to.kind != from.kind)
      throw std::logic_error("take_values: value " + from.name + " does not match " + to.name);
    to.s = std::move(from.s);
    to.i = from.i;
    to.d = from.d;
    to.ind = from.ind;
  }
}

void Params::bind_slot(soci::statement& st, Slot& slot) {
  switch (slot.kind) {
    case Slot::text: st.exchange(soci::use(slot.s, slot.ind)); break;
    case Slot::integer: st.exchange(soci::use(slot.i, slot.ind)); break;
    case Slot::real: st.exchange(soci::use(slot.d, slot.ind)); break;
  }
}

std::vector<Params::Slot*> Params::in_order(const std::vector<std::string_view>& names,
                                            const std::string& sql) {
  std::unordered_map<std::string_view, Slot*> by_name;
  by_name.reserve(slots_.size());
  for (Slot& slot : slots_) by_name[slot.name] = &slot;
  if (names.size() != slots_.size())
    throw std::logic_error("statement has " + std::to_string(names.size()) + " placeholders for " +
                           std::to_string(slots_.size()) + " values: " + sql);
  std::vector<Slot*> out;
  out.reserve(names.size());
  for (auto name : names) {
    auto it = by_name.find(name);
    if (it == by_name.end() || it->second == nullptr)
      throw std::logic_error("placeholder :" + std::string(name) + " unbound or repeated: " + sql);
    out.push_back(it->second);
    it->second = nullptr;
  }
  return out;
}

void Params::bind(soci::statement& st, const std::vector<std::string_view>& names,
                  const std::string& sql) {
  for (Slot* slot : in_order(names, sql)) bind_slot(st, *slot);
}

std::vector<const char*> Params::text_values(const std::vector<std::string_view>& names,
                                             const std::string& sql) {
  std::vector<const char*> out;
  for (Slot* slot : in_order(names, sql)) {
    if (slot->ind == soci::i_null) {
      out.push_back(nullptr);
      continue;
    }
    if (slot->kind == Slot::integer) slot->s = std::to_string(slot->i);
    if (slot->kind == Slot::real) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", slot->d);
      slot->s = buf;
    }
    out.push_back(slot->s.c_str());
  }
  return out;
}

std::string join_columns(const std::vector<std::string>& columns) {
  std::string s;
  for (const auto& c : columns) s += (s.empty() ? "" : ", ") + c;
  return s;
}

std::string insert_sql(const std::string& table, const std::vector<std::string>& columns) {
  std::string values;
  for (const auto& c : columns) values += (values.empty() ? ":" : ", :") + c;
  return "INSERT INTO " + table + " (" + join_columns(columns) + ") VALUES (" + values + ")";
}

std::string update_by_id_sql(const std::string& table, const std::vector<std::string>& columns) {
  std::string sets;
  for (const auto& c : columns) {
    if (c != "id") sets += (sets.empty() ? "" : ", ") + c + " = :" + c;
  }
  return "UPDATE " + table + " SET " + sets + " WHERE id = :id";
}

std::string in_list(Params& params, const char* prefix, const std::vector<std::string>& values) {
  std::string sql;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string name = prefix + std::to_string(i);
    sql += i ? ", :" : ":";
    sql += name;
    params.set(name, values[i]);
  }
  return sql;
}

namespace {

std::string multi_row_insert(const std::string& head, const std::vector<std::string>& columns,
                             size_t rows) {
  std::string statement = head;
  for (size_t row = 0; row < rows; ++row) {
    std::string suffix = "_" + std::to_string(row);
    statement += row == 0 ? "(" : ", (";
    for (size_t c = 0; c < columns.size(); ++c) {
      statement += c ? ", :" : ":";
      statement += columns[c];
      statement += suffix;
    }
    statement += ")";
  }
  return statement;
}

using RowFiller = std::function<void(Params&, size_t begin, size_t rows)>;

// Runs one prepared `rows`-row INSERT per full chunk, rebinding only the values. Returns the
// number of rows written.
size_t insert_full_chunks(soci::session& sql, const std::string& head,
                          const std::vector<std::string>& columns, size_t count, size_t rows,
                          const RowFiller& fill) {
  std::string statement = multi_row_insert(head, columns, rows);
  auto placeholders = scan_placeholders(statement);
  Params bound;
  fill(bound, 0, rows);
  soci::statement st(sql);
  bound.bind(st, placeholders.names, statement);
  st.alloc();
  st.prepare(is_sqlite(sql) ? placeholders.positional_sql : statement,
             soci::details::st_repeatable_query);
  st.define_and_bind();
  st.execute(true);
  size_t chunks = count / rows;
  for (size_t chunk = 1; chunk < chunks; ++chunk) {
    Params next;
    fill(next, chunk * rows, rows);
    bound.take_values(next);
    st.execute(true);
  }
  return chunks * rows;
}

}  // namespace

void insert_rows(soci::session& sql, const std::string& table,
                 const std::vector<std::string>& columns, size_t count,
                 const std::function<void(Params&, size_t, const std::string&)>& bind,
                 size_t rows_per_statement) {
  if (count == 0) return;
  std::string head = "INSERT INTO " + table + " (" + join_columns(columns) + ") VALUES ";
  RowFiller fill = [&](Params& params, size_t begin, size_t rows) {
    for (size_t row = 0; row < rows; ++row) bind(params, begin + row, "_" + std::to_string(row));
  };
  // Preparing pays off only when the statement runs more than once: on PostgreSQL it costs
  // two extra round trips (PREPARE and DEALLOCATE).
  size_t done = 0;
  if (count >= 2 * rows_per_statement)
    done = insert_full_chunks(sql, head, columns, count, rows_per_statement, fill);
  while (done < count) {
    size_t rows = std::min(count - done, rows_per_statement);
    Params rest;
    fill(rest, done, rows);
    exec(sql, multi_row_insert(head, columns, rows), std::move(rest));
    done += rows;
  }
}

namespace {

// Binds `params` by position and prepares the statement. SQLite gets `?` placeholders: it looks
// `:name` placeholders up linearly, which made large multi-row statements quadratic.
void prepare(soci::session& sql, soci::statement& st, const std::string& query, Params& params) {
  auto placeholders = scan_placeholders(query);
  params.bind(st, placeholders.names, query);
  st.alloc();
  st.prepare(is_sqlite(sql) ? placeholders.positional_sql : query,
             soci::details::st_one_time_query);
}

}  // namespace

long long exec(soci::session& sql, const std::string& query, Params params) {
  if (!is_sqlite(sql)) {
    auto placeholders = scan_placeholders(query);
    return pg::run(sql, placeholders.dollar_sql, params.text_values(placeholders.names, query), nullptr);
  }
  soci::statement st(sql);
  prepare(sql, st, query, params);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

void query(soci::session& sql, const std::string& query, Params params,
           const std::function<void(const Row&)>& each) {
  if (!is_sqlite(sql)) {
    auto placeholders = scan_placeholders(query);
    pg::run(sql, placeholders.dollar_sql, params.text_values(placeholders.names, query), &each);
    return;
  }
  soci::row row;
  soci::statement st(sql);
  st.exchange(soci::into(row));
  prepare(sql, st, query, params);
  st.define_and_bind();
  bool got = st.execute(true);
  while (got) {
    each(Row(row));
    got = st.fetch();
  }
}

void query_then_commit(soci::session& sql, const std::string& q, Params params,
                       const std::function<void(const Row&)>& each) {
  if (is_sqlite(sql)) {
    query(sql, q, std::move(params), each);
    sql << "COMMIT";
    return;
  }
  auto placeholders = scan_placeholders(q);
  pg::run_then_commit(sql, placeholders.dollar_sql, params.text_values(placeholders.names, q), each);
}

std::optional<long long> query_integer(soci::session& sql, const std::string& q, Params params) {
  std::optional<long long> result;
  bool first = true;
  query(sql, q, std::move(params), [&](const Row& r) {
    if (!first) return;
    first = false;
    result = r.opt_integer("v");
  });
  return result;
}

}  // namespace dagboard::storage
