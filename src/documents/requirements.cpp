// SPDX-License-Identifier: Apache-2.0
// Reading requirements out of markdown, line by line (no regex: a 1 MB document is read in a
// few milliseconds). The accepted shapes are in docs/documents.md.
#include <dagboard/errors.hpp>
#include <dagboard/requirements.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || is_digit(c);
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// Removes list markers, quote markers and emphasis from the start of a line.
std::string_view strip_markers(std::string_view s) {
  s = strip(s);
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if ((s.front() == '-' || s.front() == '*' || s.front() == '+' || s.front() == '>') &&
        s.size() > 1 && is_space(s[1])) {
      s = strip(s.substr(1)), changed = true;
    } else if (consume(s, "**") || consume(s, "__") || consume(s, "[") || consume(s, "`")) {
      changed = true;
    } else if (is_digit(s.front())) {
      size_t i = 0;
      while (i < s.size() && is_digit(s[i])) ++i;
      if (i < s.size() && (s[i] == '.' || s[i] == ')') && i + 1 < s.size() && is_space(s[i + 1]))
        s = strip(s.substr(i + 1)), changed = true;
    }
  }
  return s;
}

// Removes markdown emphasis and trailing separators around a title.
std::string clean_inline(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '*' && c != '`') out += c;
  std::string_view v = strip(out);
  while (!v.empty() && (v.front() == ':' || v.front() == '-' || v.front() == ']' ||
                        v.front() == ')' || v.front() == '.' || is_space(v.front())))
    v.remove_prefix(1);
  if (consume(v, "\xE2\x80\x94") || consume(v, "\xE2\x80\x93")) v = strip(v);  // em / en dash
  while (!v.empty() && (v.back() == '_' || is_space(v.back()))) v.remove_suffix(1);
  while (!v.empty() && v.front() == '_') v.remove_prefix(1);
  return std::string(strip(v));
}

int heading_level(std::string_view line) {
  int level = 0;
  while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
  if (level == 0 || level > 6 || (level < static_cast<int>(line.size()) && !is_space(line[level])))
    return 0;
  return level;
}

std::string heading_text(std::string_view line, int level) {
  std::string_view s = strip(line.substr(static_cast<size_t>(level)));
  while (!s.empty() && s.back() == '#') s.remove_suffix(1);
  return clean_inline(s);
}

// "REQ-001" / "REQ-AUTH-012" at the start of `s`; its length and trailing number.
struct IdMatch {
  size_t length = 0;
  int number = 0;
};

std::optional<IdMatch> requirement_id_at(std::string_view s) {
  if (s.substr(0, 4) != "REQ-") return std::nullopt;
  size_t i = 4, last_group = 4;
  for (;;) {
    size_t start = i;
    while (i < s.size() && is_upper_alnum(s[i])) ++i;
    if (i == start) return std::nullopt;
    last_group = start;
    if (i < s.size() && s[i] == '-' && i + 1 < s.size() && is_upper_alnum(s[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  if (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_'))
    return std::nullopt;
  std::string_view group = s.substr(last_group, i - last_group);
  if (group.empty() || group.size() > 6 || !std::all_of(group.begin(), group.end(), is_digit))
    return std::nullopt;
  return IdMatch{i, std::stoi(std::string(group))};
}

std::string normalized_category(std::string_view s) {
  std::string out;
  for (char c : strip(s)) {
    if (c == ' ' || c == '_') c = '-';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out == "nonfunctional") out = "non-functional";
  return out.substr(0, 50);
}

std::optional<std::string> category_of_heading(std::string_view heading) {
  std::string h = util::ascii_lower(heading);
  for (const char* nf : {"non-functional", "non functional", "nonfunctional"})
    if (h.find(nf) != std::string::npos) return "non-functional";
  static constexpr std::array kCategories{
      "security",    "performance", "usability",     "reliability",     "availability",
      "scalability", "compliance",  "accessibility", "maintainability", "functional"};
  for (const char* c : kCategories)
    if (h.find(c) != std::string::npos) return std::string(c);
  return std::nullopt;
}

std::optional<std::string> normalized_priority(std::string_view s) {
  std::string p;
  for (char c : clean_inline(s))
    p += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* known : {"CRITICAL", "HIGH", "MEDIUM", "LOW"})
    if (p == known) return p;
  return std::nullopt;
}

// "Category: security | Priority: HIGH": true when the line is metadata (and records it).
bool read_metadata(std::string_view line, ExtractedRequirement& r) {
  bool any = false;
  while (!line.empty()) {
    size_t bar = line.find('|');
    std::string item = clean_inline(strip_markers(line.substr(0, bar)));
    line = bar == std::string_view::npos ? std::string_view() : line.substr(bar + 1);
    size_t colon = item.find(':');
    if (colon == std::string::npos) return false;
    std::string key = util::ascii_lower(strip(std::string_view(item).substr(0, colon)));
    std::string_view value = strip(std::string_view(item).substr(colon + 1));
    if (key == "category" || key == "type") {
      r.category = normalized_category(value);
    } else if (key == "priority") {
      r.priority = normalized_priority(value);
    } else if (key == "source") {
      r.source = std::string(value);
    } else {
      return false;
    }
    any = true;
  }
  return any;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = is_space(c) || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool word_at(const std::string& lowered, size_t i, std::string_view word) {
  if (lowered.compare(i, word.size(), word) != 0) return false;
  bool left = i == 0 || !std::isalpha(static_cast<unsigned char>(lowered[i - 1]));
  size_t end = i + word.size();
  bool right = end >= lowered.size() || !std::isalpha(static_cast<unsigned char>(lowered[end]));
  return left && right;
}

size_t find_word(const std::string& lowered, std::string_view word, size_t from = 0) {
  for (size_t i = lowered.find(word, from); i != std::string::npos; i = lowered.find(word, i + 1))
    if (word_at(lowered, i, word)) return i;
  return std::string::npos;
}

// The sentence of `text` holding "shall".
std::optional<std::string> ears_sentence(const std::string& text) {
  std::string l = util::ascii_lower(text);
  size_t shall = find_word(l, "shall");
  if (shall == std::string::npos) return std::nullopt;
  size_t start = 0;
  for (size_t i = 0; i + 1 < shall; ++i)
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == ';') &&
        text[i + 1] == ' ')
      start = i + 2;
  size_t end = text.size();
  for (size_t i = shall; i < text.size(); ++i)
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ')) {
      end = i + 1;
      break;
    }
  return std::string(strip(std::string_view(text).substr(start, end - start)));
}

}  // namespace

std::optional<std::string> ears_pattern(std::string_view sentence) {
  std::string l = util::ascii_lower(sentence);
  size_t shall = find_word(l, "shall");
  if (shall == std::string::npos) return std::nullopt;
  std::string head = l.substr(0, shall);
  bool when = find_word(head, "when") != std::string::npos;
  bool whilst = find_word(head, "while") != std::string::npos;
  bool where = find_word(head, "where") != std::string::npos;
  bool unwanted = word_at(head, 0, "if") && find_word(head, "then") != std::string::npos;
  int triggers = when + whilst + where + unwanted;
  if (triggers > 1) return "complex";
  if (unwanted) return "unwanted_behavior";
  if (when) return "event_driven";
  if (whilst) return "state_driven";
  if (where) return "optional_feature";
  return "ubiquitous";
}

namespace {

struct Builder {
  ExtractedRequirement req;
  std::string body;
};

void finish(std::optional<Builder>& open, RequirementExtraction& out) {
  if (!open) return;
  ExtractedRequirement r = std::move(open->req);
  std::string body = collapse_spaces(open->body);
  r.ears_format = ears_sentence(body);
  if (!r.ears_format && r.title) {  // "REQ-001: WHEN ... SHALL ..." on the id's own line
    r.ears_format = ears_sentence(*r.title);
    if (r.ears_format) body = *r.title, r.title.reset();
  }
  if (r.ears_format) r.ears_pattern = ears_pattern(*r.ears_format);
  r.description = !body.empty() ? body : r.title.value_or(r.requirement_id);
  out.requirements.push_back(std::move(r));
  open.reset();
}

}  // namespace

RequirementExtraction extract_requirements(std::string_view markdown) {
  RequirementExtraction out;
  std::optional<Builder> open;
  std::optional<std::string> section_category;
  int section_level = 0;
  bool in_fence = false, open_is_heading = false;
  int line_no = 0;
  while (!markdown.empty()) {
    size_t nl = markdown.find('\n');
    std::string_view line = markdown.substr(0, nl);
    markdown = nl == std::string_view::npos ? std::string_view() : markdown.substr(nl + 1);
    ++line_no;
    std::string_view trimmed = strip(line);
    bool fence = trimmed.substr(0, 3) == "```" || trimmed.substr(0, 3) == "~~~";
    // A requirement written as a list item or a paragraph ends with its paragraph.
    if (open && !open_is_heading && (trimmed.empty() || fence)) finish(open, out);
    if (fence) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    int level = heading_level(trimmed);
    std::string_view content =
        strip_markers(level ? trimmed.substr(static_cast<size_t>(level)) : trimmed);
    if (auto id = requirement_id_at(content)) {
      finish(open, out);
      open.emplace();
      open->req.requirement_id = std::string(content.substr(0, id->length));
      open->req.requirement_number = id->number;
      open->req.line = line_no;
      open_is_heading = level > 0;
      open->req.category = section_category.value_or("functional");
      std::string title = clean_inline(content.substr(id->length));
      if (!title.empty()) open->req.title = title.substr(0, 255);
      continue;
    }
    if (level) {
      finish(open, out);
      if (auto category = category_of_heading(heading_text(trimmed, level))) {
        section_category = category, section_level = level;
      } else if (level <= section_level) {
        section_category.reset(), section_level = 0;
      }
      continue;
    }
    if (!open || trimmed.empty()) {
      if (open) open->body += '\n';
      continue;
    }
    if (read_metadata(trimmed, open->req)) continue;
    open->body += clean_inline(strip_markers(trimmed));
    open->body += '\n';
  }
  finish(open, out);
  std::map<std::string, std::vector<int>> lines;
  for (const auto& r : out.requirements) lines[r.requirement_id].push_back(r.line);
  for (const auto& [id, at] : lines)
    if (at.size() > 1)
      throw ValidationError("content", "requirement " + id + " appears more than once",
                            Json{{"requirement_id", id}, {"lines", at}});
  for (const auto& r : out.requirements) ++out.by_category[r.category];
  return out;
}

DesignOutline outline_design(std::string_view markdown) {
  DesignOutline out;
  bool in_fence = false;
  std::set<std::string> diagrams;
  while (!markdown.empty()) {
    size_t nl = markdown.find('\n');
    std::string_view line = strip(markdown.substr(0, nl));
    markdown = nl == std::string_view::npos ? std::string_view() : markdown.substr(nl + 1);
    if (line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~") {
      if (!in_fence) {
        std::string lang = util::ascii_lower(strip(line.substr(3)));
        if (lang == "puml") lang = "plantuml";
        if (lang == "graphviz") lang = "dot";
        if ((lang == "mermaid" || lang == "plantuml" || lang == "dot") &&
            diagrams.insert(lang).second)
          out.diagrams_included.push_back(lang);
      }
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    int level = heading_level(line);
    if (level >= 2) out.sections.push_back(heading_text(line, level));
  }
  return out;
}

Json to_json(const ExtractedRequirement& r) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
  return Json{{"requirement_id", r.requirement_id},
              {"requirement_number", r.requirement_number},
              {"title", opt(r.title)},
              {"description", r.description},
              {"ears_format", opt(r.ears_format)},
              {"ears_pattern", opt(r.ears_pattern)},
              {"category", r.category},
              {"priority", opt(r.priority)},
              {"source", opt(r.source)},
              {"line", r.line}};
}

Json to_json(const RequirementExtraction& r) {
  Json items = Json::array();
  for (const auto& x : r.requirements) items.push_back(to_json(x));
  return Json{
      {"requirements", items}, {"by_category", r.by_category}, {"total", r.requirements.size()}};
}

}  // namespace dagboard
