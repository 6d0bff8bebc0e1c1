// SPDX-License-Identifier: Apache-2.0
// The reference grammar: one pass over the words of a text (vcs/reference_lexer.hpp), with a
// little state — the closing or linking word in force, the ticket keys of the current line (for
// Jira smart commands), and the smart command being read.
#include <dagboard/references.hpp>

#include "util/text.hpp"
#include "vcs/reference_lexer.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

using vcs::Token;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Reference make(ReferenceKind kind, std::string target, std::size_t offset) {
  Reference r;
  r.kind = kind;
  r.target = std::move(target);
  r.offset = offset;
  return r;
}

/// A reference made by one word, if it is one. Cheap for the usual word: a first-byte check.
std::optional<Reference> classify(const Token& t) {
  std::string_view w = t.text;
  char first = w[0];
  if (first == '#') {
    std::string_view rest = w.substr(1);
    if (vcs::all_digits(rest)) return make(ReferenceKind::issue, std::string(rest), t.offset);
    if (rest.size() > 7 && vcs::istarts_with(rest, "ticket-")) return vcs::ticket_form(rest.substr(7), t.offset);
    if (size_t n = vcs::key_length(rest); n && n == rest.size())
      return make(ReferenceKind::ticket_key, std::string(rest), t.offset);
    return std::nullopt;
  }
  if (first == 'h' && w.size() > 12)
    if (auto url = vcs::url_reference(w, t.offset)) return url;
  if (t.has_hash) return vcs::cross_repo_reference(w, t.offset);
  if ((first == 't' || first == 'T') && w.size() > 7 && vcs::istarts_with(w, "ticket-"))
    return vcs::ticket_form(w.substr(7), t.offset);
  if (first >= 'A' && first <= 'Z')
    if (size_t n = vcs::key_length(w); n && n == w.size()) return make(ReferenceKind::ticket_key, std::string(w), t.offset);
  if (w.size() == 36 && vcs::is_uuid(w)) return make(ReferenceKind::ticket_id, util::ascii_lower(w), t.offset);
  return std::nullopt;
}

/// A Jira smart command being read: its words run to the next #command or the end of the line.
struct Command {
  ReferenceAction action = ReferenceAction::comment;
  std::string keyword;
  std::size_t offset = 0;
  std::size_t arg_begin = std::string_view::npos, arg_end = 0;
  long long seconds = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lexer_(text) {}

  std::vector<Reference> run() {
    Token t;
    while (lexer_.next(t)) on_token(t);
    finish_command();
    return std::move(out_);
  }

 private:
  void on_token(const Token& t) {
    if (t.line != line_) {
      finish_command();
      line_keys_.clear();
      pending_.reset();
      phrase_ = {};
      line_ = t.line;
    }
    if (command_ && continue_command(t)) return;
    if (auto r = classify(t)) {
      add(std::move(*r));
      if (t.ends_clause) pending_.reset();
      return;
    }
    if (t.text[0] == '#' && t.text.size() > 1 && is_alpha(t.text[1])) {
      if (!line_keys_.empty()) start_command(t);
      pending_.reset();
      return;
    }
    on_word(t.text);
  }

  /// Closing/linking words, two-word phrases, separators; anything else ends a keyword's reach.
  void on_word(std::string_view w) {
    if (!phrase_.empty()) {
      bool of = phrase_ == "part" && vcs::iequals_lower(w, "of");
      bool to = (phrase_ == "relates" || phrase_ == "related") && vcs::iequals_lower(w, "to");
      if (of || to) {
        pending_ = ReferenceAction::link;
        pending_keyword_ = std::string(phrase_) + (of ? " of" : " to");
        phrase_ = {};
        return;
      }
      phrase_ = {};
    }
    for (std::string_view first : {"part", "relates", "related"}) {
      if (vcs::iequals_lower(w, first)) {
        phrase_ = first;
        pending_.reset();
        return;
      }
    }
    if (auto action = vcs::keyword_action(w)) {
      pending_ = action;
      pending_keyword_ = util::ascii_lower(w);
      return;
    }
    if (!vcs::is_separator(w)) pending_.reset();
  }

  void add(Reference r) {
    if (pending_) {
      r.action = *pending_;
      r.keyword = pending_keyword_;
    }
    if (r.kind == ReferenceKind::ticket_key) line_keys_.push_back(r.target);
    out_.push_back(std::move(r));
  }

  void start_command(const Token& t) {
    std::string name = util::ascii_lower(t.text.substr(1));
    if (name == "comment" || name == "time") {
      command_ = Command{name == "comment" ? ReferenceAction::comment : ReferenceAction::log_time, "#" + name, t.offset};
      return;
    }
    for (const auto& key : line_keys_)  // #<transition>: the name up to the first space
      out_.push_back(Reference{ReferenceKind::ticket_key, key, std::nullopt, ReferenceAction::transition, "#" + name,
                               name, 0, t.offset});
  }

  /// True when `t` belongs to the command being read.
  bool continue_command(const Token& t) {
    bool next_command = t.text[0] == '#' && t.text.size() > 1 && is_alpha(t.text[1]);
    if (!next_command && command_->action == ReferenceAction::comment) {
      extend(t);
      return true;
    }
    if (!next_command && command_->action == ReferenceAction::log_time) {
      if (auto seconds = vcs::time_word_seconds(t.text)) {
        command_->seconds += *seconds;
        extend(t);
        return true;
      }
    }
    finish_command();
    return false;
  }

  void extend(const Token& t) {
    if (command_->arg_begin == std::string_view::npos) command_->arg_begin = t.offset;
    command_->arg_end = t.offset + t.text.size();
  }

  void finish_command() {
    if (!command_) return;
    std::string argument;
    if (command_->arg_begin != std::string_view::npos)
      argument = std::string(text_.substr(command_->arg_begin, command_->arg_end - command_->arg_begin));
    for (const auto& key : line_keys_)
      out_.push_back(Reference{ReferenceKind::ticket_key, key, std::nullopt, command_->action, command_->keyword,
                               argument, command_->seconds, command_->offset});
    command_.reset();
  }

  std::string_view text_;
  vcs::Lexer lexer_;
  std::vector<Reference> out_;
  std::optional<ReferenceAction> pending_;
  std::string pending_keyword_;
  std::string_view phrase_;  // "part", "relates", "related": waiting for "of" / "to"
  std::size_t line_ = static_cast<std::size_t>(-1);
  std::vector<std::string> line_keys_;
  std::optional<Command> command_;
};

/// Upstream's branch rule for a `ticket-...` segment: five dash-separated parts starting with
/// eight characters are a UUID; otherwise the first part names the ticket.
std::optional<Reference> branch_ticket(std::string_view rest, std::size_t offset) {
  size_t n = 0;
  while (n < rest.size() && (std::isxdigit(static_cast<unsigned char>(rest[n])) || rest[n] == '-')) ++n;
  rest = rest.substr(0, n);
  if (rest.empty()) return std::nullopt;
  Reference r;
  r.kind = ReferenceKind::ticket_id;
  r.offset = offset;
  if (rest.size() >= 36 && vcs::is_uuid(rest.substr(0, 36))) {
    r.target = util::ascii_lower(rest.substr(0, 36));
  } else {
    r.target = "ticket-" + std::string(rest.substr(0, rest.find('-')));
  }
  return r;
}

}  // namespace

std::vector<Reference> parse_references(std::string_view text) { return Parser(text).run(); }

std::vector<Reference> parse_branch_references(std::string_view branch) {
  std::vector<Reference> out;
  size_t start = 0;
  while (start <= branch.size()) {
    size_t slash = branch.find('/', start);
    if (slash == std::string_view::npos) slash = branch.size();
    std::string_view seg = branch.substr(start, slash - start);
    std::string upper(seg);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool found = false;
    for (size_t i = 0; i + 36 <= seg.size() && !found; ++i) {
      if (vcs::is_uuid(seg.substr(i, 36))) {
        out.push_back(Reference{ReferenceKind::ticket_id, util::ascii_lower(seg.substr(i, 36)), std::nullopt,
                                ReferenceAction::link, {}, {}, 0, start + i});
        found = true;
      }
    }
    if (!found && upper.rfind("TICKET-", 0) == 0) {
      if (auto r = branch_ticket(seg.substr(7), start)) out.push_back(*r);
    } else if (size_t n = found ? 0 : vcs::key_length(upper); n && (n == upper.size() || upper[n] == '-' ||
                                                                    upper[n] == '_' || upper[n] == '.')) {
      out.push_back(Reference{ReferenceKind::ticket_key, upper.substr(0, n), std::nullopt, ReferenceAction::link,
                              {}, {}, 0, start});
    }
    start = slash + 1;
  }
  return out;
}

std::optional<Reference> pull_request_reference(std::string_view title, std::string_view body,
                                                std::string_view branch) {
  for (auto refs : {parse_references(title), parse_references(body), parse_branch_references(branch)})
    for (auto& r : refs)
      if (r.kind != ReferenceKind::issue) return r;
  return std::nullopt;
}

std::string_view to_string(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::issue: return "issue";
    case ReferenceKind::ticket_key: return "ticket_key";
    case ReferenceKind::ticket_id: return "ticket_id";
  }
  return "issue";
}

std::string_view to_string(ReferenceAction action) {
  switch (action) {
    case ReferenceAction::link: return "link";
    case ReferenceAction::close: return "close";
    case ReferenceAction::transition: return "transition";
    case ReferenceAction::comment: return "comment";
    case ReferenceAction::log_time: return "log_time";
  }
  return "link";
}

Json to_json(const Reference& r) {
  Json j{{"kind", to_string(r.kind)}, {"target", r.target}, {"action", to_string(r.action)},
         {"keyword", r.keyword}, {"argument", r.argument}, {"offset", r.offset},
         {"repository", r.repository ? Json(*r.repository) : Json()}};
  if (r.action == ReferenceAction::log_time) j["time_seconds"] = r.time_seconds;
  return j;
}

}  // namespace dagboard
