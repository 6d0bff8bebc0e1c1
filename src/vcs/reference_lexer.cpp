// SPDX-License-Identifier: Apache-2.0
#include "vcs/reference_lexer.hpp"

#include "util/text.hpp"

#include <array>

namespace DAGBOARD_NAMESPACE::vcs {
namespace {

constexpr std::array<bool, 256> make_table(std::string_view chars) {
  std::array<bool, 256> t{};
  for (char c : chars) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr auto kBreak = make_table(" \t\r\n\f\v,`");
constexpr auto kLead = make_table("([{\"'<*_~>");
constexpr auto kTrail = make_table(")]}\"'>.;:!?*_~");

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_repo_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || is_upper(c) || c == '-' || c == '_' || c == '.';
}

bool is_repo_part(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s)
    if (!is_repo_char(c)) return false;
  return true;
}

}  // namespace

void Lexer::skip_code() {
  bool fence = text_.compare(pos_, 3, "```") == 0;
  std::string_view closing = fence ? "```" : "`";
  size_t end = text_.find(closing, pos_ + closing.size());
  size_t stop = end == std::string_view::npos ? text_.size() : end + closing.size();
  for (size_t i = pos_; i < stop; ++i) line_ += text_[i] == '\n';
  pos_ = stop;
}

bool Lexer::next(Token& token) {
  for (;;) {
    while (pos_ < text_.size() && kBreak[static_cast<unsigned char>(text_[pos_])]) {
      if (text_[pos_] == '`') {
        skip_code();
        continue;
      }
      line_ += text_[pos_] == '\n';
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    size_t start = pos_;
    bool hash = false;
    while (pos_ < text_.size() && !kBreak[static_cast<unsigned char>(text_[pos_])]) hash |= text_[pos_++] == '#';
    size_t b = start, e = pos_;
    while (b < e && kLead[static_cast<unsigned char>(text_[b])]) ++b;
    bool ends_clause = false;
    while (e > b && kTrail[static_cast<unsigned char>(text_[e - 1])]) {
      char c = text_[--e];
      ends_clause = ends_clause || c == '.' || c == ';' || c == '!' || c == '?';
    }
    if (b == e) continue;
    token = Token{text_.substr(b, e - b), b, line_, ends_clause, hash};
    return true;
  }
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

std::size_t key_length(std::string_view s) {
  if (s.size() < 4 || !is_upper(s[0])) return 0;
  size_t i = 1;
  while (i < s.size() && (is_upper(s[i]) || is_digit(s[i]))) ++i;
  if (i < 2 || i > 10 || i >= s.size() || s[i] != '-') return 0;
  size_t digits = ++i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits || i - digits > 9) return 0;
  return i;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

std::optional<ReferenceAction> keyword_action(std::string_view w) {
  if (w.size() < 3 || w.size() > 12) return std::nullopt;
  char first = static_cast<char>(w[0] | 0x20);
  if (first != 'c' && first != 'f' && first != 'r' && first != 'i' && first != 't') return std::nullopt;
  char buf[12];
  for (size_t i = 0; i < w.size(); ++i) buf[i] = w[i] >= 'A' && w[i] <= 'Z' ? char(w[i] + 32) : w[i];
  std::string_view l(buf, w.size());
  auto any = [&](std::initializer_list<std::string_view> words) {
    for (auto k : words)
      if (l == k) return true;
    return false;
  };
  constexpr auto close = ReferenceAction::close, link = ReferenceAction::link;
  switch (buf[0]) {  // most words fail here
    case 'c':
      if (any({"close", "closes", "closed", "closing", "complete", "completes", "completed"})) return close;
      break;
    case 'f':
      if (any({"fix", "fixes", "fixed", "fixing"})) return close;
      break;
    case 'r':
      if (any({"resolve", "resolves", "resolved", "resolving"})) return close;
      if (any({"ref", "refs", "references"})) return link;
      break;
    case 'i':
      if (any({"implement", "implements", "implemented", "implementing"})) return close;
      break;
    case 't':
      if (l == "towards") return link;
      break;
    default: break;
  }
  return std::nullopt;
}

bool iequals_lower(std::string_view s, std::string_view lower_word) {
  return s.size() == lower_word.size() && istarts_with(s, lower_word);
}

bool istarts_with(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i)
    if ((s[i] >= 'A' && s[i] <= 'Z' ? char(s[i] + 32) : s[i]) != lower_prefix[i]) return false;
  return true;
}

bool is_separator(std::string_view w) {
  return w == "&" || w == "+" || iequals_lower(w, "and") || iequals_lower(w, "issue") || iequals_lower(w, "issues");
}

Reference ticket_form(std::string_view rest, std::size_t offset) {
  Reference r;
  r.kind = ReferenceKind::ticket_id;
  r.offset = offset;
  size_t n = 0;
  while (n < rest.size() && (is_hex(rest[n]) || rest[n] == '-' || (rest[n] >= 'g' && rest[n] <= 'z') ||
                             (rest[n] >= 'G' && rest[n] <= 'Z') || rest[n] == '_'))
    ++n;
  rest = rest.substr(0, n);
  if (rest.size() >= 36 && is_uuid(rest.substr(0, 36))) {
    r.target = util::ascii_lower(rest.substr(0, 36));
  } else {
    while (!rest.empty() && rest.back() == '-') rest.remove_suffix(1);
    r.target = "ticket-" + std::string(rest);
  }
  return r;
}

std::optional<Reference> url_reference(std::string_view w, std::size_t offset) {
  size_t scheme = w.rfind("https://", 0) == 0 ? 8 : w.rfind("http://", 0) == 0 ? 7 : 0;
  if (!scheme) return std::nullopt;
  std::string_view rest = w.substr(scheme);
  if (auto cut = rest.find_first_of("#?"); cut != std::string_view::npos) rest = rest.substr(0, cut);
  // host / owner / repo / (issues|pull) / N
  std::string_view parts[6];
  size_t count = 0;
  while (!rest.empty() && count < 6) {
    size_t slash = rest.find('/');
    parts[count++] = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  if (count != 5 || !rest.empty() || !is_repo_part(parts[1]) || !is_repo_part(parts[2])) return std::nullopt;
  if ((parts[3] != "issues" && parts[3] != "pull") || !all_digits(parts[4])) return std::nullopt;
  Reference r;
  r.kind = ReferenceKind::issue;
  r.target = std::string(parts[4]);
  r.repository = std::string(parts[1]) + "/" + std::string(parts[2]);
  r.offset = offset;
  return r;
}

std::optional<Reference> cross_repo_reference(std::string_view w, std::size_t offset) {
  size_t hash = w.find('#');
  size_t slash = w.find('/');
  if (hash == std::string_view::npos || slash == std::string_view::npos || slash > hash) return std::nullopt;
  std::string_view owner = w.substr(0, slash), repo = w.substr(slash + 1, hash - slash - 1);
  std::string_view number = w.substr(hash + 1);
  if (!is_repo_part(owner) || !is_repo_part(repo) || !all_digits(number)) return std::nullopt;
  Reference r;
  r.kind = ReferenceKind::issue;
  r.target = std::string(number);
  r.repository = std::string(owner) + "/" + std::string(repo);
  r.offset = offset;
  return r;
}

std::optional<long long> time_word_seconds(std::string_view w) {
  if (w.size() < 2) return std::nullopt;
  std::string_view number = w.substr(0, w.size() - 1);
  if (!all_digits(number)) return std::nullopt;
  long long n = std::stoll(std::string(number));
  switch (w.back()) {
    case 'w': return n * 5 * 8 * 3600;
    case 'd': return n * 8 * 3600;
    case 'h': return n * 3600;
    case 'm': return n * 60;
    default: return std::nullopt;
  }
}

}  // namespace dagboard::vcs
