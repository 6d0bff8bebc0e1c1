// SPDX-License-Identifier: Apache-2.0
// Writes JSON text straight into a string, for big documents where building a Json tree first
// would cost more than the writing (the board view of 1,000 tickets: 3x).
#pragma once

#include <string>
#include <string_view>

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::util {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  /// The key of the next member.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(long long number);
  JsonWriter& null();
  /// Any Json value (small ones: its dump() is appended).
  JsonWriter& value(const Json& json);

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();
  std::string& out_;
  bool first_ = true;  // no comma before the next element
};

/// Appends `text` as a JSON string: quotes, escapes, and U+FFFD for bytes that are not UTF-8.
void append_json_string(std::string& out, std::string_view text);

}  // namespace dagboard::util
