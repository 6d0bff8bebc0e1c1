// SPDX-License-Identifier: Apache-2.0
#include "util/text.hpp"

#include <algorithm>
#include <cctype>

#include <dagboard/enums.hpp>
#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::util {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    unsigned cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void check_text(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes)
    throw ValidationError(field, std::string(field) + " is longer than " +
                                     std::to_string(max_bytes) + " bytes");
  if (value.find('\0') != std::string_view::npos)
    throw ValidationError(field, std::string(field) + " contains a NUL byte");
  if (!is_valid_utf8(value))
    throw ValidationError(field, std::string(field) + " is not valid UTF-8");
}

bool is_storable_text(std::string_view s) {
  return s.find('\0') == std::string_view::npos && is_valid_utf8(s);
}

void check_opt_text(std::string_view field, const std::optional<std::string>& value,
                    size_t max_bytes) {
  if (value) check_text(field, *value, max_bytes);
}

void check_required_text(std::string_view field, std::string_view value, size_t max_bytes) {
  if (trim(value).empty())
    throw ValidationError(field, std::string(field) + " must not be empty");
  check_text(field, value, max_bytes);
}

std::vector<std::string> normalize_tokens(std::string_view field,
                                          const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  for (const auto& raw : tokens) {
    check_text(field, raw, 100);
    std::string token(trim(raw));
    std::transform(token.begin(), token.end(), token.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (token.empty()) continue;
    if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(std::move(token));
  }
  return out;
}

bool is_valid_project_key(std::string_view key) {
  if (key.size() < 2 || key.size() > 10) return false;
  if (key[0] < 'A' || key[0] > 'Z') return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

void check_phase(std::string_view field, std::string_view phase_id) {
  if (!is_default_phase(phase_id))
    throw ValidationError(field, "unknown phase '" + std::string(phase_id) + "'");
}

}  // namespace dagboard::util
