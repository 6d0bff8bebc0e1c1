// SPDX-License-Identifier: Apache-2.0
// Unified diffs (git's format) as files and hunks, in upstream's documented diff shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

struct DiffLine {
  std::string type;  // context | added | removed
  std::string content;
};

struct DiffHunk {
  long long old_start = 0, old_lines = 0, new_start = 0, new_lines = 0;
  std::string header;  // the text after the second @@, often the enclosing function
  std::vector<DiffLine> lines;
};

struct DiffFile {
  std::string path;                     // the new path (the old one for a deletion)
  std::optional<std::string> old_path;  // set for renames
  std::string status = "modified";      // added | modified | removed | renamed
  bool binary = false;
  long long additions = 0, deletions = 0;
  std::vector<DiffHunk> hunks;
};

/// Parses `git diff` / GitHub `application/vnd.github.diff` text. Unknown lines are skipped;
/// `\ No newline at end of file` is dropped.
std::vector<DiffFile> parse_unified_diff(std::string_view diff);

Json to_json(const DiffFile& f);

}  // namespace dagboard
