// SPDX-License-Identifier: Apache-2.0
// One grammar for the ways commit messages, pull requests and branch names refer to work:
// GitHub/GitLab/Linear closing and linking words, Jira keys and smart commits, upstream's
// ticket-<uuid> forms. docs/commit-references.md has the table.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

enum class ReferenceKind {
  issue,       // #12, owner/repo#12, an issue or pull request URL: target "12"
  ticket_key,  // PAY-12 (Jira form): target "PAY-12"
  ticket_id,   // a UUID (bare, ticket-<uuid>, [ticket-<uuid>], #ticket-<uuid>), or upstream's
               // ticket-<name> kept as written: target "<uuid>" / "ticket-abc"
};

enum class ReferenceAction {
  link,        // mentioned, or after ref/refs/references/part of/towards/relates to/related to
  close,       // after a closing word: close, fix, resolve, implement, complete in their forms
  transition,  // Jira smart commit #<transition>: argument is the transition name
  comment,     // Jira #comment: argument is the text
  log_time,    // Jira #time: argument is the spec, time_seconds its value
};

struct Reference {
  ReferenceKind kind = ReferenceKind::issue;
  std::string target;
  std::optional<std::string> repository;  // "owner/repo" when the reference names one
  ReferenceAction action = ReferenceAction::link;
  std::string keyword;   // the word that set the action, lower case: "fixes", "part of", "#comment"
  std::string argument;  // comment text, time spec ("1w 2d 4h 30m") or transition name
  long long time_seconds = 0;  // #time, with Jira's defaults: 1w = 5d, 1d = 8h
  std::size_t offset = 0;      // where the reference starts in the text
};

/// Every reference in a commit message, PR title or body, in order. Text in code spans and
/// fenced blocks is skipped; `abc#12` (a word character before #) and SHAs are not references.
std::vector<Reference> parse_references(std::string_view text);

/// References in a branch name: `PAY-12-refund-flow`, `feature/pay-12` (keys upper-cased),
/// `ticket-<uuid>...`, and upstream's `ticket-<name>` segments.
std::vector<Reference> parse_branch_references(std::string_view branch);

/// Upstream's pull-request rule: the first ticket reference (key or id) of the title, else of
/// the body, else of the branch.
std::optional<Reference> pull_request_reference(std::string_view title, std::string_view body,
                                                std::string_view branch);

std::string_view to_string(ReferenceKind kind);
std::string_view to_string(ReferenceAction action);
Json to_json(const Reference& r);

}  // namespace dagboard
