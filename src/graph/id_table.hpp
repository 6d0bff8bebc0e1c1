// SPDX-License-Identifier: Apache-2.0
// Task ids of one index: a character arena plus an open-addressing hash table of node numbers.
// About 44 bytes per UUID, against ~100 for an unordered_map<std::string, uint32_t>.
#pragma once

#include "dagboard/version.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace DAGBOARD_NAMESPACE::graph {

class IdTable {
 public:
  static constexpr std::uint32_t kMissing = 0xffffffffu;

  std::uint32_t find(std::string_view id) const;
  /// Adds `id` (which must not be present) and returns its number, the next in sequence.
  std::uint32_t add(std::string_view id);
  std::string_view id(std::uint32_t n) const {
    return std::string_view(arena_.data() + offsets_[n], offsets_[n + 1] - offsets_[n]);
  }
  std::size_t size() const { return offsets_.size() - 1; }
  std::size_t memory_bytes() const {
    return arena_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
           slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  void grow();
  std::size_t slot_of(std::string_view id) const;

  std::string arena_;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<std::uint32_t> slots_;  // node numbers, kMissing when empty; size is a power of 2
};

}  // namespace dagboard::graph
