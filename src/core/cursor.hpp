// SPDX-License-Identifier: Apache-2.0
// Page requests and cursors: a cursor is the (created_at, id) key of a page's last row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/types.hpp>

#include "storage/paging.hpp"
#include "util/time.hpp"

namespace dagboard::core {

/// @throws ValidationError (field limit or cursor) for a bad page request.
storage::ListWindow list_window(const PageRequest& page);
std::string encode_cursor(const storage::Keyset& k);

/// The time a row is ordered by in lists (specialize for records that call it otherwise).
template <class T>
Timestamp keyset_time(const T& row) {
  return row.created_at;
}

/// Trims the one extra row a list query fetched and sets next_cursor when there was one.
template <class T>
Page<T> make_page(std::vector<T> rows, int limit) {
  Page<T> page;
  if (rows.size() > static_cast<size_t>(limit)) {
    rows.resize(static_cast<size_t>(limit));
    page.next_cursor = encode_cursor({util::to_micros(keyset_time(rows.back())), rows.back().id});
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace dagboard::core
