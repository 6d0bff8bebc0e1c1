// SPDX-License-Identifier: Apache-2.0
#include <dagboard/diffs.hpp>

#include <charconv>

namespace DAGBOARD_NAMESPACE {
namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// "a/x/y" -> "x/y"; "/dev/null" stays.
std::string strip_prefix(std::string_view path) {
  if (auto tab = path.find('\t'); tab != std::string_view::npos) path = path.substr(0, tab);
  if (starts(path, "a/") || starts(path, "b/")) path.remove_prefix(2);
  return std::string(path);
}

long long number(std::string_view s, size_t& pos) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), v);
  pos = static_cast<size_t>(end - s.data());
  return ec == std::errc() ? v : 0;
}

/// "@@ -a,b +c,d @@ header" (",b" and ",d" default to 1).
bool parse_hunk_header(std::string_view line, DiffHunk& h) {
  size_t pos = line.find('-');
  if (pos == std::string_view::npos) return false;
  ++pos;
  h.old_start = number(line, pos);
  h.old_lines = 1;
  if (pos < line.size() && line[pos] == ',') h.old_lines = number(line, ++pos);
  pos = line.find('+', pos);
  if (pos == std::string_view::npos) return false;
  ++pos;
  h.new_start = number(line, pos);
  h.new_lines = 1;
  if (pos < line.size() && line[pos] == ',') h.new_lines = number(line, ++pos);
  size_t close = line.find("@@", pos);
  if (close != std::string_view::npos && close + 2 < line.size()) {
    std::string_view rest = line.substr(close + 2);
    if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    h.header = std::string(rest);
  }
  return true;
}

}  // namespace

std::vector<DiffFile> parse_unified_diff(std::string_view diff) {
  std::vector<DiffFile> files;
  DiffFile* file = nullptr;
  DiffHunk* hunk = nullptr;
  size_t start = 0;
  while (start < diff.size()) {
    size_t end = diff.find('\n', start);
    if (end == std::string_view::npos) end = diff.size();
    std::string_view line = diff.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (starts(line, "diff --git ")) {
      files.emplace_back();
      file = &files.back();
      hunk = nullptr;
      size_t b = line.rfind(" b/");
      file->path = b == std::string_view::npos ? std::string() : std::string(line.substr(b + 3));
      continue;
    }
    if (!file) continue;
    if (!hunk || (!starts(line, " ") && !starts(line, "+") && !starts(line, "-") && !starts(line, "\\"))) {
      if (starts(line, "new file mode")) file->status = "added";
      else if (starts(line, "deleted file mode")) file->status = "removed";
      else if (starts(line, "rename from ")) { file->old_path = std::string(line.substr(12)); file->status = "renamed"; }
      else if (starts(line, "rename to ")) file->path = std::string(line.substr(10));
      else if (starts(line, "Binary files ")) file->binary = true;
      else if (starts(line, "--- ") && !hunk) {
        std::string old_path = strip_prefix(line.substr(4));
        if (old_path != "/dev/null" && file->path.empty()) file->path = old_path;
      } else if (starts(line, "+++ ") && !hunk) {
        std::string new_path = strip_prefix(line.substr(4));
        if (new_path != "/dev/null") file->path = new_path;
      } else if (starts(line, "@@")) {
        DiffHunk h;
        if (parse_hunk_header(line, h)) {
          file->hunks.push_back(std::move(h));
          hunk = &file->hunks.back();
        }
      }
      continue;
    }
    if (starts(line, "\\")) continue;  // "\ No newline at end of file"
    char kind = line[0];
    std::string content(line.substr(1));
    if (kind == '+') {
      hunk->lines.push_back({"added", std::move(content)});
      ++file->additions;
    } else if (kind == '-') {
      hunk->lines.push_back({"removed", std::move(content)});
      ++file->deletions;
    } else {
      hunk->lines.push_back({"context", std::move(content)});
    }
  }
  return files;
}

Json to_json(const DiffFile& f) {
  Json hunks = Json::array();
  for (const auto& h : f.hunks) {
    Json lines = Json::array();
    for (const auto& l : h.lines) lines.push_back({{"type", l.type}, {"content", l.content}});
    hunks.push_back({{"old_start", h.old_start}, {"old_lines", h.old_lines}, {"new_start", h.new_start},
                     {"new_lines", h.new_lines}, {"header", h.header}, {"lines", std::move(lines)}});
  }
  return Json{{"path", f.path}, {"old_path", f.old_path ? Json(*f.old_path) : Json()}, {"status", f.status},
              {"binary", f.binary}, {"additions", f.additions}, {"deletions", f.deletions},
              {"changes", f.additions + f.deletions}, {"hunks", std::move(hunks)}};
}

}  // namespace dagboard
