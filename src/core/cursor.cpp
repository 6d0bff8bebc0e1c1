// SPDX-License-Identifier: Apache-2.0
#include "core/cursor.hpp"

#include <algorithm>
#include <charconv>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::core {
namespace {

// Formats, opaque to callers: "c1.<created_at>.<id>" in the default order, and
// "c2.<sort>.<value>.<created_at>.<id>" in any other, so a cursor only continues its own sort.
std::string sort_name(const storage::SortOrder& order) {
  return (order.descending ? "-" : "") + std::string(storage::to_string(order.field));
}

bool is_default(const storage::SortOrder& order) {
  return order.field == SortField::created_at && !order.descending;
}

ValidationError bad_cursor() {
  return ValidationError("cursor", "cursor is not one this library returned");
}

// Reads "<integer>." from `text` at `pos`, moving past the dot.
long long read_number(const std::string& text, size_t& pos) {
  auto dot = text.find('.', pos);
  if (dot == std::string::npos || dot + 1 >= text.size()) throw bad_cursor();
  long long v = 0;
  auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + dot, v);
  if (ec != std::errc() || ptr != text.data() + dot) throw bad_cursor();
  pos = dot + 1;
  return v;
}

std::optional<storage::Keyset> decode_cursor(const std::optional<std::string>& cursor,
                                             const storage::SortOrder& order) {
  if (!cursor || cursor->empty()) return std::nullopt;
  const std::string& c = *cursor;
  storage::Keyset k;
  size_t pos = 3;
  if (c.rfind("c1.", 0) == 0) {
    if (!is_default(order))
      throw ValidationError("cursor",
                            "this cursor continues the list sorted by created_at; ask for that "
                            "sort or start without a cursor");
    k.created_at = read_number(c, pos);
    k.value = k.created_at;
  } else if (c.rfind("c2.", 0) == 0) {
    auto dot = c.find('.', pos);
    if (dot == std::string::npos) throw bad_cursor();
    std::string sorted_by = c.substr(pos, dot - pos);
    if (sorted_by != sort_name(order))
      throw ValidationError("cursor", "this cursor continues the list sorted by " + sorted_by +
                                          "; ask for that sort or start without a cursor");
    pos = dot + 1;
    k.value = read_number(c, pos);
    k.created_at = read_number(c, pos);
  } else {
    throw bad_cursor();
  }
  k.id = c.substr(pos);
  if (k.id.empty()) throw bad_cursor();
  return k;
}

storage::SortOrder sort_order(const std::optional<std::string>& sort,
                              std::span<const SortField> sortable) {
  storage::SortOrder order;
  if (!sort) return order;
  std::string_view text = *sort;
  order.descending = text.starts_with('-');
  if (order.descending) text.remove_prefix(1);
  auto field = storage::parse_sort_field(text);
  if (!field || std::find(sortable.begin(), sortable.end(), *field) == sortable.end()) {
    std::string allowed;
    for (SortField f : sortable) {
      std::string name(storage::to_string(f));
      allowed += (allowed.empty() ? "" : ", ") + name + ", -" + name;
    }
    throw ValidationError("sort", "sort must be one of " + allowed + "; got '" + *sort + "'");
  }
  order.field = *field;
  return order;
}

}  // namespace

storage::ListWindow list_window(const PageRequest& page, std::span<const SortField> sortable) {
  int limit = page.limit.value_or(50);
  if (limit < 1 || limit > 1000) throw ValidationError("limit", "limit must be between 1 and 1000");
  auto order = sort_order(page.sort, sortable);
  return {decode_cursor(page.cursor, order), limit, order, page.include_total};
}

void check_fixed_order(const PageRequest& page, const std::string& what) {
  if (page.sort) throw ValidationError("sort", what + "; it takes no sort");
  if (page.include_total) throw ValidationError("include_total", what + "; it gives no total");
}

std::string encode_cursor(const storage::SortOrder& order, const storage::Keyset& k) {
  if (is_default(order)) return "c1." + std::to_string(k.created_at) + "." + k.id;
  return "c2." + sort_name(order) + "." + std::to_string(k.value) + "." +
         std::to_string(k.created_at) + "." + k.id;
}

}  // namespace dagboard::core
