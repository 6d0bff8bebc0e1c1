// SPDX-License-Identifier: Apache-2.0
#include "util/json_input.hpp"

#include <algorithm>
#include <limits>

#include <dagboard/limits.hpp>

#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE::util {
namespace {
const Json kEmptyObject = Json::object();
}

JsonInput::JsonInput(const Json& j) : json_(j.is_null() || describing() ? kEmptyObject : j) {
  if (!json_.is_object()) throw ValidationError("body", "expected a JSON object");
}

bool JsonInput::has(const std::string& key) {
  seen_.insert(key);
  return json_.contains(key);
}

const Json* JsonInput::get(const std::string& key) {
  seen_.insert(key);
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonInput::wrong_type(const std::string& key, const char* expected) {
  throw ValidationError(key, key + " must be " + expected);
}

ValidationError JsonInput::bad_enum(const std::string& key, const std::string& value,
                                    std::span<const std::string_view> allowed) {
  std::string list;
  for (auto v : allowed) list += (list.empty() ? "" : ", ") + std::string(v);
  ValidationError e(key, "invalid " + key + " '" + value + "'; expected one of: " + list);
  return e;
}

std::optional<std::string> JsonInput::string(const std::string& key) {
  note(key, {{"type", "string"}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(key, "a string");
  const auto& text = v->get_ref<const std::string&>();
  if (!is_storable_text(text)) bad_text(key);
  return text;
}

std::string JsonInput::required_string(const std::string& key) {
  auto v = string(key);
  note(key, {{"type", "string"}}, true);
  if (v) return *v;
  if (describing()) return {};
  throw ValidationError(key, key + " is required");
}

std::optional<Nullable<std::string>> JsonInput::nullable_string(const std::string& key) {
  if (describing()) {
    (void)string(key);  // notes the field
    return std::nullopt;
  }
  if (!has(key)) return std::nullopt;
  return Nullable<std::string>(string(key));
}

std::optional<long long> JsonInput::integer(const std::string& key) {
  note(key, {{"type", "integer"}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<long long>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
  }
  wrong_type(key, "an integer");
}

std::optional<Nullable<long long>> JsonInput::nullable_integer(const std::string& key) {
  if (describing()) {
    (void)integer(key);  // notes the field
    return std::nullopt;
  }
  if (!has(key)) return std::nullopt;
  return Nullable<long long>(integer(key));
}

std::optional<double> JsonInput::number(const std::string& key) {
  note(key, {{"type", "number"}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) wrong_type(key, "a number");
  return v->get<double>();
}

std::optional<Nullable<double>> JsonInput::nullable_number(const std::string& key) {
  if (describing()) {
    (void)number(key);  // notes the field
    return std::nullopt;
  }
  if (!has(key)) return std::nullopt;
  return Nullable<double>(number(key));
}

std::optional<bool> JsonInput::boolean(const std::string& key) {
  note(key, {{"type", "boolean"}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) wrong_type(key, "true or false");
  return v->get<bool>();
}

std::optional<Json> JsonInput::object(const std::string& key) {
  note(key, {{"type", "object"}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) wrong_type(key, "a JSON object");
  check_json_value(key, *v);  // before the copy: copying recurses
  return *v;
}

std::optional<Json> JsonInput::any(const std::string& key) {
  note(key, Json::object());
  if (!has(key)) return std::nullopt;
  check_json_value(key, json_.at(key));
  return json_.at(key);
}

std::optional<std::vector<std::string>> JsonInput::strings(const std::string& key) {
  note(key, {{"type", "array"}, {"items", {{"type", "string"}}}});
  const Json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) wrong_type(key, "a list of strings");
  std::vector<std::string> out;
  out.reserve(v->size());
  for (const auto& item : *v) {
    if (!item.is_string()) wrong_type(key, "a list of strings");
    if (!is_storable_text(item.get_ref<const std::string&>())) bad_text(key);
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> JsonInput::required_strings(const std::string& key) {
  auto v = strings(key);
  note(key, {}, true);
  if (v) return *v;
  if (describing()) return {};
  throw ValidationError(key, key + " is required");
}

std::vector<Json> JsonInput::required_objects(const std::string& key) {
  const Json* v = get(key);
  note(key, {{"type", "array"}, {"items", {{"type", "object"}}}, {"minItems", 1}}, true);
  if (!v) {
    if (describing()) return {};
    throw ValidationError(key, key + " is required");
  }
  if (!v->is_array() || v->empty()) throw ValidationError(key, key + " must be a non-empty list");
  check_json_value(key, *v);
  return v->get<std::vector<Json>>();
}

AnyOf<std::string> JsonInput::any_of(const std::string& key) {
  note(key, {{"anyOf", {{{"type", "string"}}, {{"type", "array"}, {"items", {{"type", "string"}}}}}}});
  const Json* v = get(key);
  if (!v) return {};
  std::vector<std::string> out;
  auto add = [&](std::string_view text) {
    for (size_t start = 0; start <= text.size();) {
      size_t comma = std::min(text.find(',', start), text.size());
      auto item = text.substr(start, comma - start);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty() && !is_storable_text(item)) bad_text(key);
      if (!item.empty()) out.emplace_back(item);
      start = comma + 1;
    }
  };
  if (v->is_string()) {
    add(v->get_ref<const std::string&>());
  } else if (v->is_array()) {
    for (const auto& item : *v) {
      if (!item.is_string()) wrong_type(key, "a string or a list of strings");
      add(item.get_ref<const std::string&>());
    }
  } else {
    wrong_type(key, "a string or a list of strings");
  }
  if (out.empty()) throw ValidationError(key, key + " names no value");
  return AnyOf<std::string>(std::move(out));
}

std::optional<Timestamp> JsonInput::time(const std::string& key) {
  auto text = string(key);
  note(key, {{"type", "string"}, {"format", "date-time"}});
  if (!text) return std::nullopt;
  if (auto t = parse_iso8601(*text)) return t;
  throw ValidationError(key, key + " must be an ISO 8601 time with a zone, e.g. 2026-01-31T12:00:00Z");
}

std::optional<Nullable<Timestamp>> JsonInput::nullable_time(const std::string& key) {
  if (describing()) {
    (void)time(key);  // notes the field
    return std::nullopt;
  }
  if (!has(key)) return std::nullopt;
  return Nullable<Timestamp>(time(key));
}

PageRequest JsonInput::page_request() {
  PageRequest page;
  if (auto limit = integer("limit")) page.limit = to_int("limit", *limit);
  page.cursor = string("cursor");
  page.sort = string("sort");
  page.include_total = boolean("include_total").value_or(false);
  return page;
}

}  // namespace dagboard::util

namespace DAGBOARD_NAMESPACE {

PageRequest page_request_from_json(const Json& j) {
  util::JsonInput in(j);
  PageRequest page = in.page_request();
  in.finish();
  return page;
}

}  // namespace dagboard

namespace DAGBOARD_NAMESPACE::util {

void JsonInput::bad_text(const std::string& key) {
  throw ValidationError(key, key + " must be UTF-8 text without NUL bytes");
}

void JsonInput::finish() const {
  note_finish();
  for (const auto& [key, value] : json_.items()) {
    if (!seen_.count(key)) throw ValidationError(key, "unknown field '" + key + "'");
  }
}

int to_int(const std::string& field, long long value) {
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
    throw ValidationError(field, field + " is out of range");
  return static_cast<int>(value);
}

}  // namespace dagboard::util
