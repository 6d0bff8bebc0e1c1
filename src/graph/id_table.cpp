// SPDX-License-Identifier: Apache-2.0
#include "graph/id_table.hpp"

#include <functional>

namespace DAGBOARD_NAMESPACE::graph {

std::size_t IdTable::slot_of(std::string_view id) const {
  std::size_t mask = slots_.size() - 1;
  std::size_t i = std::hash<std::string_view>{}(id) & mask;
  while (slots_[i] != kMissing && this->id(slots_[i]) != id) i = (i + 1) & mask;
  return i;
}

std::uint32_t IdTable::find(std::string_view id) const {
  if (slots_.empty()) return kMissing;
  return slots_[slot_of(id)];
}

void IdTable::grow() {
  std::size_t capacity = slots_.empty() ? 64 : slots_.size() * 2;
  slots_.assign(capacity, kMissing);
  for (std::uint32_t n = 0; n < size(); ++n) slots_[slot_of(id(n))] = n;
}

std::uint32_t IdTable::add(std::string_view id) {
  if ((size() + 1) * 2 > slots_.size()) grow();  // load factor stays under one half
  auto n = static_cast<std::uint32_t>(size());
  arena_.append(id);
  offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
  slots_[slot_of(id)] = n;
  return n;
}

}  // namespace dagboard::graph
