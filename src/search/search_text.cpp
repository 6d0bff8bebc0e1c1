// SPDX-License-Identifier: Apache-2.0
#include "search/search_text.hpp"

#include <algorithm>

#include <dagboard/errors.hpp>
#include <dagboard/search.hpp>

namespace DAGBOARD_NAMESPACE::search {
namespace {

bool word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Code points in `s` (UTF-8 continuation bytes do not start one).
int code_points(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

struct Span {
  size_t begin, end;  // bytes
};

std::vector<Span> word_spans(std::string_view text) {
  std::vector<Span> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    size_t b = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > b) out.push_back({b, i});
  }
  return out;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

void collect(const Json& v, std::string& out, std::size_t max_bytes, int depth) {
  if (out.size() >= max_bytes || depth > 64) return;
  auto add = [&](const std::string& s) {
    if (!out.empty()) out += ' ';
    out += s.substr(0, max_bytes - std::min(max_bytes, out.size()));
  };
  if (v.is_string()) {
    add(v.get<std::string>());
  } else if (v.is_object()) {
    for (const auto& [k, item] : v.items()) {
      add(k);
      collect(item, out, max_bytes, depth + 1);
    }
  } else if (v.is_array()) {
    for (const auto& item : v) collect(item, out, max_bytes, depth + 1);
  }
}

}  // namespace

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& s : word_spans(text)) out.push_back(lowered(text.substr(s.begin, s.end - s.begin)));
  return out;
}

std::vector<std::string> query_words(std::string_view q) {
  if (q.size() > kMaxSearchQueryBytes)
    throw ValidationError("q", "the query is longer than " + std::to_string(kMaxSearchQueryBytes) + " bytes",
                          Json{{"max_bytes", kMaxSearchQueryBytes}});
  auto words = words_of(q);
  std::vector<std::string> unique;
  for (auto& w : words)
    if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(std::move(w));
  if (unique.empty()) throw ValidationError("q", "the query has no word to look for");
  if (unique.size() > kMaxSearchWords)
    throw ValidationError("q", "the query has more than " + std::to_string(kMaxSearchWords) + " words",
                          Json{{"max_words", kMaxSearchWords}});
  return unique;
}

bool within_one_edit(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);  // one insertion
}

std::string json_text(const Json& value, std::size_t max_bytes) {
  std::string out;
  collect(value, out, max_bytes, 0);
  return out;
}

bool Matcher::matches(std::string_view word) const {
  for (const auto& p : prefixes)
    if (word.substr(0, p.size()) == p) return true;
  return std::find(neighbours.begin(), neighbours.end(), word) != neighbours.end();
}

Snippet make_snippet(std::string_view text, const Matcher& m, int words) {
  auto spans = word_spans(text);
  size_t first = spans.size();
  for (size_t i = 0; i < spans.size(); ++i)
    if (m.matches(lowered(text.substr(spans[i].begin, spans[i].end - spans[i].begin)))) {
      first = i;
      break;
    }
  if (spans.empty()) return {std::string(text.substr(0, 200)), {}};
  size_t from = first == spans.size() ? 0 : (first > 4 ? first - 4 : 0);
  size_t to = std::min(spans.size(), from + static_cast<size_t>(words));
  size_t begin = spans[from].begin, end = spans[to - 1].end;
  Snippet s;
  if (from > 0) s.text = "… ";
  int offset = code_points(s.text);
  s.text += text.substr(begin, end - begin);
  for (size_t i = from; i < to; ++i) {
    auto w = text.substr(spans[i].begin, spans[i].end - spans[i].begin);
    if (!m.matches(lowered(w))) continue;
    int start = offset + code_points(text.substr(begin, spans[i].begin - begin));
    s.marks.emplace_back(start, start + code_points(w));
  }
  if (to < spans.size()) s.text += " …";
  return s;
}

}  // namespace dagboard::search
