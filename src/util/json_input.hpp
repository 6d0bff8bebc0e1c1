// SPDX-License-Identifier: Apache-2.0
// Reads request fields from a JSON object with clear, coded errors that name the field.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <dagboard/enums.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::util {

class JsonInput {
 public:
  /// `j` must be an object (or null, read as empty).
  explicit JsonInput(const Json& j);

  bool has(const std::string& key);  // present, even when null
  std::optional<std::string> string(const std::string& key);
  std::string required_string(const std::string& key);
  std::optional<Nullable<std::string>> nullable_string(const std::string& key);
  std::optional<long long> integer(const std::string& key);
  std::optional<Nullable<long long>> nullable_integer(const std::string& key);
  std::optional<double> number(const std::string& key);
  std::optional<Nullable<double>> nullable_number(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<Json> object(const std::string& key);
  std::optional<Json> any(const std::string& key);
  std::optional<std::vector<std::string>> strings(const std::string& key);
  std::optional<Timestamp> time(const std::string& key);
  std::optional<Nullable<Timestamp>> nullable_time(const std::string& key);
  /// The `limit`, `cursor`, `sort` and `include_total` fields of a list request.
  PageRequest page_request();
  /// A filter of several values: a list of strings, or one string of comma-separated values
  /// (`"pending,failed"`, as a query string spells it). Absent: empty (match everything).
  AnyOf<std::string> any_of(const std::string& key);

  template <class E>
  std::optional<E> enumeration(const std::string& key) {
    auto text = string(key);
    if (!text) return std::nullopt;
    if (auto v = parse<E>(*text)) return v;
    throw bad_enum(key, *text, wire_values<E>());
  }

  template <class E>
  AnyOf<E> any_of_enum(const std::string& key) {
    AnyOf<E> out;
    for (const auto& text : any_of(key).values) {
      auto v = parse<E>(text);
      if (!v) throw bad_enum(key, text, wire_values<E>());
      out.values.push_back(*v);
    }
    return out;
  }

  /// Throws ValidationError for the first key that no reader asked for.
  void finish() const;

 private:
  const Json* get(const std::string& key);  // null when absent or JSON null
  [[noreturn]] static void wrong_type(const std::string& key, const char* expected);
  [[noreturn]] static void bad_text(const std::string& key);
  static ValidationError bad_enum(const std::string& key, const std::string& value,
                                  std::span<const std::string_view> allowed);

  const Json& json_;
  std::set<std::string> seen_;
};

/// Converts a JSON integer to int, checking its range.
int to_int(const std::string& field, long long value);

}  // namespace dagboard::util
