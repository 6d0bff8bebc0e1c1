// SPDX-License-Identifier: Apache-2.0
// Page requests and cursors: a cursor is the sort key of a page's last row, and names its sort.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <dagboard/types.hpp>

#include "storage/paging.hpp"
#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::core {

using storage::SortField;

/// What a list can be sorted by; created_at always.
inline constexpr SortField kByTime[] = {SortField::created_at, SortField::updated_at};
inline constexpr SortField kByTimeOrPriority[] = {SortField::created_at, SortField::updated_at,
                                                  SortField::priority};
inline constexpr SortField kByCreation[] = {SortField::created_at};

/// @throws ValidationError (field limit, sort or cursor) for a bad page request.
storage::ListWindow list_window(const PageRequest& page,
                                std::span<const SortField> sortable = kByCreation);
std::string encode_cursor(const storage::SortOrder& order, const storage::Keyset& k);
/// For lists with an order of their own (`what` is e.g. "ready work is ordered by score"):
/// @throws ValidationError when the request asks for a sort or a total.
void check_fixed_order(const PageRequest& page, const std::string& what);

/// The time a row is ordered by in lists (specialize for records that call it otherwise).
template <class T>
Timestamp keyset_time(const T& row) {
  return row.created_at;
}

/// The keyset of `row` in `order`; list_window admits only the fields the record has.
template <class T>
storage::Keyset keyset_of(const T& row, const storage::SortOrder& order) {
  storage::Keyset k{0, util::to_micros(keyset_time(row)), row.id};
  k.value = k.created_at;
  if constexpr (requires { row.updated_at; })
    if (order.field == SortField::updated_at) k.value = util::to_micros(row.updated_at);
  if constexpr (requires { row.priority; })
    if (order.field == SortField::priority) k.value = storage::priority_rank(row.priority);
  return k;
}

/// Trims the one extra row a list query fetched and sets next_cursor when there was one.
template <class T>
Page<T> make_page(storage::Listed<T> listed, const storage::ListWindow& window) {
  Page<T> page;
  auto& rows = listed.rows;
  if (rows.size() > static_cast<size_t>(window.limit)) {
    rows.resize(static_cast<size_t>(window.limit));
    page.next_cursor = encode_cursor(window.order, keyset_of(rows.back(), window.order));
  }
  page.items = std::move(rows);
  page.total = listed.total;
  return page;
}

}  // namespace dagboard::core
