// SPDX-License-Identifier: Apache-2.0
// Reads request fields from a JSON object with clear, coded errors that name the field.
#pragma once

#include <functional>
#include <map>
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
  std::vector<std::string> required_strings(const std::string& key);
  /// A non-empty list of objects (each read by its own reader).
  std::vector<Json> required_objects(const std::string& key);
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
    note_enum(key, wire_values<E>(), false);
    if (!text) return std::nullopt;
    if (auto v = parse<E>(*text)) return v;
    throw bad_enum(key, *text, wire_values<E>());
  }

  /// An enumeration that must be present.
  template <class E>
  E required_enumeration(const std::string& key) {
    auto v = enumeration<E>(key);
    note(key, {}, true);
    if (v) return *v;
    if (describing()) return E{};
    throw ValidationError(key, key + " is required");
  }

  template <class E>
  AnyOf<E> any_of_enum(const std::string& key) {
    AnyOf<E> out;
    auto texts = any_of(key).values;
    note_enum(key, wire_values<E>(), true);
    for (const auto& text : texts) {
      auto v = parse<E>(text);
      if (!v) throw bad_enum(key, text, wire_values<E>());
      out.values.push_back(*v);
    }
    return out;
  }

  /// Throws ValidationError for the first key that no reader asked for.
  void finish() const;

  /// True while describe_request runs the reader: the input is empty and required fields read
  /// as empty values, so readers must not reject them before finish().
  static bool describing();

 private:
  void note(const std::string& key, Json schema, bool required = false);
  void note_enum(const std::string& key, std::span<const std::string_view> allowed, bool many);
  static void note_finish();
  const Json* get(const std::string& key);  // null when absent or JSON null
  [[noreturn]] static void wrong_type(const std::string& key, const char* expected);
  [[noreturn]] static void bad_text(const std::string& key);
  static ValidationError bad_enum(const std::string& key, const std::string& value,
                                  std::span<const std::string_view> allowed);

  const Json& json_;
  std::set<std::string> seen_;
};

/// Runs `reader` on an empty object while every JsonInput notes the fields it reads: the JSON
/// Schema of the request (`properties`, `required`, `additionalProperties: false`, and the reading
/// order in `x-order`). The one description of a request's fields, behind the Python keyword
/// signatures and the OpenAPI document. @throws InternalError if the reader stopped before
/// finish().
Json describe_request(const std::function<void(const Json&)>& reader);

/// While describing, the fields read in this scope are noted as the outer request names them:
/// `prefix` + key, or `renames[key]`; those in `filled_in` are not required there (the outer
/// reader fills them in). A request made of two (branch = discovery + `spawn_*`) says so.
class DescribeAs {
 public:
  DescribeAs(std::string prefix, std::map<std::string, std::string> renames = {},
             std::set<std::string> filled_in = {});
  ~DescribeAs();
  DescribeAs(const DescribeAs&) = delete;
  DescribeAs& operator=(const DescribeAs&) = delete;

  std::string name(const std::string& key) const;
  bool filled_in(const std::string& key) const { return filled_in_.count(key) > 0; }

 private:
  std::string prefix_;
  std::map<std::string, std::string> renames_;
  std::set<std::string> filled_in_;
  const DescribeAs* outer_;
};

/// Converts a JSON integer to int, checking its range.
int to_int(const std::string& field, long long value);

}  // namespace dagboard::util
