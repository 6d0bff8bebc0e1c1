// SPDX-License-Identifier: Apache-2.0
#include "storage/row.hpp"

#include <algorithm>

#include "util/time.hpp"

namespace dagboard::storage {

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

void Params::bind(soci::statement& st) {
  for (Slot& slot : slots_) {
    switch (slot.kind) {
      case Slot::text: st.exchange(soci::use(slot.s, slot.ind, slot.name)); break;
      case Slot::integer: st.exchange(soci::use(slot.i, slot.ind, slot.name)); break;
      case Slot::real: st.exchange(soci::use(slot.d, slot.ind, slot.name)); break;
    }
  }
}

bool Row::is_null(const char* col) const { return r_.get_indicator(col) == soci::i_null; }

std::string Row::text(const char* col) const {
  if (is_null(col)) return {};
  switch (r_.get_properties(col).get_data_type()) {
    case soci::dt_string: return r_.get<std::string>(col);
    case soci::dt_integer: return std::to_string(r_.get<int>(col));
    case soci::dt_long_long: return std::to_string(r_.get<long long>(col));
    case soci::dt_double: return std::to_string(r_.get<double>(col));
    default: return r_.get<std::string>(col);
  }
}

std::optional<std::string> Row::opt_text(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

long long Row::integer(const char* col) const {
  if (is_null(col)) return 0;
  switch (r_.get_properties(col).get_data_type()) {
    case soci::dt_integer: return r_.get<int>(col);
    case soci::dt_long_long: return r_.get<long long>(col);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r_.get<unsigned long long>(col));
    case soci::dt_double: return static_cast<long long>(r_.get<double>(col));
    default: return std::stoll(r_.get<std::string>(col));
  }
}

std::optional<long long> Row::opt_integer(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}

double Row::real(const char* col) const {
  if (is_null(col)) return 0;
  switch (r_.get_properties(col).get_data_type()) {
    case soci::dt_double: return r_.get<double>(col);
    case soci::dt_integer: return r_.get<int>(col);
    case soci::dt_long_long: return static_cast<double>(r_.get<long long>(col));
    default: return std::stod(r_.get<std::string>(col));
  }
}

std::optional<double> Row::opt_real(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}

Timestamp Row::time(const char* col) const { return util::from_micros(integer(col)); }

std::optional<Timestamp> Row::opt_time(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return time(col);
}

Json Row::json(const char* col) const {
  if (is_null(col)) return nullptr;
  return Json::parse(text(col));
}

std::string join_columns(const std::vector<std::string>& columns) {
  std::string s;
  for (const auto& c : columns) s += (s.empty() ? "" : ", ") + c;
  return s;
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

void insert_rows(soci::session& sql, const std::string& table,
                 const std::vector<std::string>& columns, size_t count,
                 const std::function<void(Params&, size_t, const std::string&)>& bind,
                 size_t rows_per_statement) {
  std::string head = "INSERT INTO " + table + " (" + join_columns(columns) + ") VALUES ";
  for (size_t begin = 0; begin < count; begin += rows_per_statement) {
    size_t end = std::min(count, begin + rows_per_statement);
    std::string statement = head;
    Params params;
    for (size_t row = begin; row < end; ++row) {
      std::string suffix = "_" + std::to_string(row - begin);
      statement += row == begin ? "(" : ", (";
      for (size_t c = 0; c < columns.size(); ++c) {
        statement += c ? ", :" : ":";
        statement += columns[c];
        statement += suffix;
      }
      statement += ")";
      bind(params, row, suffix);
    }
    exec(sql, statement, std::move(params));
  }
}

long long exec(soci::session& sql, const std::string& query, Params params) {
  soci::statement st(sql);
  params.bind(st);
  st.alloc();
  st.prepare(query, soci::details::st_one_time_query);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

void query(soci::session& sql, const std::string& query, Params params,
           const std::function<void(const Row&)>& each) {
  soci::row row;
  soci::statement st(sql);
  st.exchange(soci::into(row));
  params.bind(st);
  st.alloc();
  st.prepare(query, soci::details::st_one_time_query);
  st.define_and_bind();
  bool got = st.execute(true);
  while (got) {
    each(Row(row));
    got = st.fetch();
  }
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
