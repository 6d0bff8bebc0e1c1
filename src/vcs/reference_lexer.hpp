// SPDX-License-Identifier: Apache-2.0
// The pieces of the reference grammar that look at one word: tokens of a text (whitespace and
// comma separated, code skipped), and what a word is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <dagboard/references.hpp>

namespace DAGBOARD_NAMESPACE::vcs {

struct Token {
  std::string_view text;  // trimmed of surrounding punctuation
  std::size_t offset = 0; // of `text` in the input
  std::size_t line = 0;
  bool ends_clause = false;  // trailing '.', ';', '!' or '?' was trimmed: a keyword stops here
  bool has_hash = false;     // a '#' somewhere in the word
};

/// Words of a text, split on whitespace and commas, with surrounding brackets, quotes and
/// punctuation trimmed; inline code spans and fenced code blocks are skipped.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  bool next(Token& token);

 private:
  void skip_code();
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

bool is_uuid(std::string_view s);
/// `PAY-12`: an upper-case letter, one or more upper-case letters or digits, '-', digits.
/// Returns the length of the key at the start of `s` (0 if none).
std::size_t key_length(std::string_view s);
bool all_digits(std::string_view s);

/// The action of a closing or linking word (lower-cased compare); nullopt for other words.
std::optional<ReferenceAction> keyword_action(std::string_view word);
/// "and", "&", "issue", "issues", "+": words that keep a keyword's action for the next reference.
bool is_separator(std::string_view word);
/// Case-insensitive equality with a lower-case word.
bool iequals_lower(std::string_view s, std::string_view lower_word);
/// Case-insensitive prefix test against a lower-case prefix.
bool istarts_with(std::string_view s, std::string_view lower_prefix);

/// A reference of upstream's `ticket-<x>` form (after the prefix): a UUID, or `ticket-<name>`.
Reference ticket_form(std::string_view after_prefix, std::size_t offset);
/// `https://host/owner/repo/(issues|pull)/N[...]`; nullopt otherwise.
std::optional<Reference> url_reference(std::string_view word, std::size_t offset);
/// `owner/repo#N`; nullopt otherwise.
std::optional<Reference> cross_repo_reference(std::string_view word, std::size_t offset);
/// Seconds of a Jira time spec word (`1w`, `2d`, `4h`, `30m`); nullopt when not one.
std::optional<long long> time_word_seconds(std::string_view word);

}  // namespace dagboard::vcs
