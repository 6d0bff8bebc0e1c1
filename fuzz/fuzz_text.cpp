// SPDX-License-Identifier: Apache-2.0
// Commit-message and branch-name references, pull-request references, unified diffs: text from
// outside that the library parses. Any crash, sanitizer report or escaping exception is a bug.
#include <dagboard/diffs.hpp>
#include <dagboard/references.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)dagboard::parse_references(text);
  (void)dagboard::parse_branch_references(text.substr(0, 300));
  auto split = text.find('\n');
  (void)dagboard::pull_request_reference(text.substr(0, split),
                                         split == std::string_view::npos ? "" : text.substr(split + 1),
                                         text.substr(0, 100));
  (void)dagboard::parse_unified_diff(text);
  return 0;
}
