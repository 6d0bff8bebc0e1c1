// SPDX-License-Identifier: Apache-2.0
// Describing a request reader: run it on nothing and write down what it asks for. The readers
// stay the one place a request's fields, types and required-ness are written.
#include <string_view>
#include <utility>

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE::util {
namespace {

struct Recorder {
  Json properties = Json::object();
  Json order = Json::array();
  Json required = Json::array();
  int finished = 0;
};

thread_local Recorder* t_recorder = nullptr;
thread_local const DescribeAs* t_scope = nullptr;

bool contains(const Json& list, const std::string& key) {
  for (const auto& item : list)
    if (item == key) return true;
  return false;
}

// An optional field also accepts null (read as absent; on updates, as "clear").
Json with_null(Json schema) {
  if (schema.empty()) return schema;
  return Json{{"anyOf", {std::move(schema), {{"type", "null"}}}}};
}

}  // namespace

bool JsonInput::describing() { return t_recorder != nullptr; }

DescribeAs::DescribeAs(std::string prefix, std::map<std::string, std::string> renames,
                       std::set<std::string> filled_in)
    : prefix_(std::move(prefix)),
      renames_(std::move(renames)),
      filled_in_(std::move(filled_in)),
      outer_(std::exchange(t_scope, this)) {}

DescribeAs::~DescribeAs() { t_scope = outer_; }

std::string DescribeAs::name(const std::string& key) const {
  auto it = renames_.find(key);
  return it != renames_.end() ? it->second : prefix_ + key;
}

void JsonInput::note(const std::string& field, Json schema, bool required) {
  if (!t_recorder) return;
  const std::string key = t_scope ? t_scope->name(field) : field;
  required = required && !(t_scope && t_scope->filled_in(field));
  if (!contains(t_recorder->order, key)) t_recorder->order.push_back(key);
  // Later notes are the more specific reading (an enumeration reads its text first).
  auto& slot = t_recorder->properties[key];
  if (slot.is_null() || !schema.empty()) slot = std::move(schema);
  if (required && !contains(t_recorder->required, key)) t_recorder->required.push_back(key);
}

void JsonInput::note_enum(const std::string& key, std::span<const std::string_view> allowed,
                          bool many) {
  if (!t_recorder) return;
  Json values = Json::array();
  for (auto v : allowed) values.push_back(std::string(v));
  Json one{{"type", "string"}, {"enum", values}};
  if (!many) return note(key, one);
  note(key, {{"anyOf", {one, {{"type", "array"}, {"items", one}}}}});
}

void JsonInput::note_finish() {
  if (t_recorder) ++t_recorder->finished;
}

Json describe_request(const std::function<void(const Json&)>& reader) {
  Recorder recorder;
  Recorder* outer = std::exchange(t_recorder, &recorder);
  try {
    reader(Json::object());
  } catch (const Error&) {
    // Checks after finish() may refuse the empty values; every field was read by then.
  } catch (...) {
    t_recorder = outer;
    throw;
  }
  t_recorder = outer;
  if (recorder.finished == 0)
    throw Error(ErrorCode::internal_error,
                "a request reader refused the empty request before reading its fields");
  Json properties = Json::object();
  for (const auto& key : recorder.order) {
    const auto name = key.get<std::string>();
    Json schema = recorder.properties[name];
    properties[name] = contains(recorder.required, name) ? schema : with_null(schema);
  }
  return Json{{"type", "object"},
              {"properties", properties},
              {"required", recorder.required},
              {"additionalProperties", false},
              {"x-order", recorder.order}};
}

}  // namespace dagboard::util
