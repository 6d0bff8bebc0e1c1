// SPDX-License-Identifier: Apache-2.0
// Words of a query and of a record, one-typo neighbours, and snippets: the same on both
// backends, so that what is matched and what is marked agree.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::search {

/// Runs of letters and digits (any non-ASCII byte counts as a letter), ASCII lower-cased.
std::vector<std::string> words_of(std::string_view text);
/// The words of a query. @throws ValidationError (field q) when it is empty, too long, has no
/// word or too many.
std::vector<std::string> query_words(std::string_view q);
/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of
/// neighbours.
bool within_one_edit(std::string_view a, std::string_view b);
/// The text of every string in a JSON value (keys too), space-separated, at most `max_bytes`.
std::string json_text(const Json& value, std::size_t max_bytes = 20000);

/// What a query matched in one text: a word of the text matches a query word it starts with,
/// or one of the typo neighbours the search used.
struct Matcher {
  std::vector<std::string> prefixes;   // the query's words
  std::vector<std::string> neighbours;  // whole words within one edit of a query word
  bool matches(std::string_view word) const;
};

struct Snippet {
  std::string text;
  std::vector<std::pair<int, int>> marks;  // [start, end) in code points
};
/// About `words` words of `text` around its first match, with every match marked; the start
/// of the text when nothing matches.
Snippet make_snippet(std::string_view text, const Matcher& m, int words = 24);

}  // namespace dagboard::search
