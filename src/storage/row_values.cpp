// SPDX-License-Identifier: Apache-2.0
// Typed reads of one result row, from SOCI (whatever type the driver reports) or from libpq
// (text format).
#include <cstdlib>
#include <stdexcept>

#include <libpq-fe.h>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include "storage/row.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::storage {

const char* Row::pg_value(const char* col) const {
  int index = PQfnumber(pg_, col);
  if (index < 0) throw std::logic_error(std::string("no column ") + col + " in result");
  return PQgetisnull(pg_, pg_row_, index) ? nullptr : PQgetvalue(pg_, pg_row_, index);
}

bool Row::is_null(const char* col) const {
  if (pg_) return pg_value(col) == nullptr;
  return r_->get_indicator(col) == soci::i_null;
}

std::string Row::text(const char* col) const {
  if (pg_) {
    const char* v = pg_value(col);
    return v ? std::string(v) : std::string();
  }
  if (is_null(col)) return {};
  switch (r_->get_properties(col).get_data_type()) {
    case soci::dt_string: return r_->get<std::string>(col);
    case soci::dt_integer: return std::to_string(r_->get<int>(col));
    case soci::dt_long_long: return std::to_string(r_->get<long long>(col));
    case soci::dt_double: return std::to_string(r_->get<double>(col));
    default: return r_->get<std::string>(col);
  }
}

std::optional<std::string> Row::opt_text(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

long long Row::integer(const char* col) const {
  if (pg_) {
    const char* v = pg_value(col);
    return v ? std::strtoll(v, nullptr, 10) : 0;
  }
  if (is_null(col)) return 0;
  switch (r_->get_properties(col).get_data_type()) {
    case soci::dt_integer: return r_->get<int>(col);
    case soci::dt_long_long: return r_->get<long long>(col);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r_->get<unsigned long long>(col));
    case soci::dt_double: return static_cast<long long>(r_->get<double>(col));
    default: return std::stoll(r_->get<std::string>(col));
  }
}

std::optional<long long> Row::opt_integer(const char* col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}

double Row::real(const char* col) const {
  if (pg_) {
    const char* v = pg_value(col);
    return v ? std::strtod(v, nullptr) : 0;
  }
  if (is_null(col)) return 0;
  switch (r_->get_properties(col).get_data_type()) {
    case soci::dt_double: return r_->get<double>(col);
    case soci::dt_integer: return r_->get<int>(col);
    case soci::dt_long_long: return static_cast<double>(r_->get<long long>(col));
    default: return std::stod(r_->get<std::string>(col));
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
  const char* v = nullptr;
  std::string lite;
  if (pg_) {
    v = pg_value(col);
  } else if (!is_null(col)) {
    lite = text(col);
    v = lite.c_str();
  }
  if (!v) return nullptr;
  return stored_json(v, col);
}

Json stored_json(std::string_view text, const char* column) {
  try {
    // Bounded: a value stored before the limits existed (or by hand) must not crash its readers.
    return parse_json(text, column);
  } catch (const ValidationError& e) {
    throw Error(ErrorCode::integrity_error,
                std::string("a stored JSON value cannot be read: ") + e.what(), Json{{"column", column}});
  }
}

}  // namespace dagboard::storage
