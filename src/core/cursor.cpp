// SPDX-License-Identifier: Apache-2.0
#include "core/cursor.hpp"

#include <charconv>

#include <dagboard/errors.hpp>

namespace dagboard::core {
namespace {

// Format: "c1.<created_at micros>.<id>". Opaque to callers; versioned so it can change.
std::optional<storage::Keyset> decode_cursor(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return std::nullopt;
  const std::string& c = *cursor;
  auto bad = [] { return ValidationError("cursor", "cursor is not one this library returned"); };
  if (c.rfind("c1.", 0) != 0) throw bad();
  auto dot = c.find('.', 3);
  if (dot == std::string::npos || dot + 1 >= c.size()) throw bad();
  storage::Keyset k;
  auto [ptr, ec] = std::from_chars(c.data() + 3, c.data() + dot, k.created_at);
  if (ec != std::errc() || ptr != c.data() + dot) throw bad();
  k.id = c.substr(dot + 1);
  return k;
}

}  // namespace

storage::ListWindow list_window(const PageRequest& page) {
  int limit = page.limit.value_or(50);
  if (limit < 1 || limit > 1000) throw ValidationError("limit", "limit must be between 1 and 1000");
  return {decode_cursor(page.cursor), limit};
}

std::string encode_cursor(const storage::Keyset& k) {
  return "c1." + std::to_string(k.created_at) + "." + k.id;
}

}  // namespace dagboard::core
