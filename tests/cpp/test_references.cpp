// SPDX-License-Identifier: Apache-2.0
// The reference grammar, as a table: every syntax docs/commit-references.md lists, and the
// texts that must not be references.
#include <gtest/gtest.h>

#include <dagboard/references.hpp>

namespace dagboard::test {
namespace {

const char* kUuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// "kind:target:action[:keyword][=argument]" per reference, space separated (a compact form
/// for the table).
std::string summary(const std::vector<Reference>& refs) {
  std::string out;
  for (const auto& r : refs) {
    if (!out.empty()) out += " | ";
    out += std::string(to_string(r.kind)) + ":" + (r.repository ? *r.repository + "#" : "") + r.target + ":" +
           std::string(to_string(r.action));
    if (!r.keyword.empty()) out += ":" + r.keyword;
    if (!r.argument.empty()) out += "=" + r.argument;
  }
  return out;
}

struct Case {
  std::string text;
  std::string expected;
};

class ReferenceTable : public ::testing::TestWithParam<Case> {};

TEST_P(ReferenceTable, ParsesAsDocumented) {
  EXPECT_EQ(summary(parse_references(GetParam().text)), GetParam().expected) << GetParam().text;
}

const std::string U = kUuid;

INSTANTIATE_TEST_SUITE_P(Grammar, ReferenceTable, ::testing::Values(
    // GitHub closing keywords, any case, optional colon, #N, owner/repo#N, URLs
    Case{"Fixes #12", "issue:12:close:fixes"},
    Case{"fix #1 close #2 closes #3 closed #4", "issue:1:close:fix | issue:2:close:close | issue:3:close:closes | issue:4:close:closed"},
    Case{"FIXED: #5, Resolve #6; resolves #7 and RESOLVED #8",
         "issue:5:close:fixed | issue:6:close:resolve | issue:7:close:resolves | issue:8:close:resolved"},
    Case{"Closes acme/payments#42", "issue:acme/payments#42:close:closes"},
    Case{"fixes https://github.com/acme/payments/issues/9.", "issue:acme/payments#9:close:fixes"},
    Case{"see https://ghe.example.com/a-b/c.d/pull/77#discussion_r1", "issue:a-b/c.d#77:link"},
    // GitLab's closing/fixing/resolving/implement*, lists with commas and "and", "issue(s)"
    Case{"Closing #1, #2 and #3", "issue:1:close:closing | issue:2:close:closing | issue:3:close:closing"},
    Case{"fixing issue #4; resolving issues #5 & #6", "issue:4:close:fixing | issue:5:close:resolving | issue:6:close:resolving"},
    Case{"Implements #7, implemented #8, implementing #9, implement #10",
         "issue:7:close:implements | issue:8:close:implemented | issue:9:close:implementing | issue:10:close:implement"},
    // Linear's complete(s|d) and linking-only words
    Case{"Completes PAY-1; completed PAY-2; complete PAY-3",
         "ticket_key:PAY-1:close:completes | ticket_key:PAY-2:close:completed | ticket_key:PAY-3:close:complete"},
    Case{"ref #1 refs #2 references #3 towards #4",
         "issue:1:link:ref | issue:2:link:refs | issue:3:link:references | issue:4:link:towards"},
    Case{"Part of PAY-7, relates to PAY-8 and related to #9",
         "ticket_key:PAY-7:link:part of | ticket_key:PAY-8:link:relates to | issue:9:link:related to"},
    // a keyword reaches only the references right after it
    Case{"fix the bug in #12", "issue:12:link"},
    Case{"Fixes #1; #2. Closes #3! #4", "issue:1:close:fixes | issue:2:link | issue:3:close:closes | issue:4:link"},
    Case{"Fixes\n#12", "issue:12:link"},
    Case{"- Fixes #3\n- ref #4", "issue:3:close:fixes | issue:4:link:ref"},
    // Jira keys and smart commits
    Case{"PAY-123 add refunds", "ticket_key:PAY-123:link"},
    Case{"[PAY-1] (PAY2-22) AB-3: X1-4", "ticket_key:PAY-1:link | ticket_key:PAY2-22:link | ticket_key:AB-3:link | ticket_key:X1-4:link"},
    Case{"PAY-1 #comment Fixed the rounding, finally",
         "ticket_key:PAY-1:link | ticket_key:PAY-1:comment:#comment=Fixed the rounding, finally"},
    Case{"PAY-1 #time 1w 2d 4h 30m Total work logged",
         "ticket_key:PAY-1:link | ticket_key:PAY-1:log_time:#time=1w 2d 4h 30m"},
    Case{"PAY-1 PAY-2 #start-progress", "ticket_key:PAY-1:link | ticket_key:PAY-2:link | "
                                         "ticket_key:PAY-1:transition:#start-progress=start-progress | "
                                         "ticket_key:PAY-2:transition:#start-progress=start-progress"},
    Case{"PAY-9 #time 2h #comment Done, see #12 #close",
         "ticket_key:PAY-9:link | ticket_key:PAY-9:log_time:#time=2h | ticket_key:PAY-9:comment:#comment=Done, see #12 | "
         "ticket_key:PAY-9:transition:#close=close"},
    Case{"#comment without a key", ""},
    // upstream's ticket forms and bare UUIDs
    Case{"ticket-" + U + " done", "ticket_id:" + U + ":link"},
    Case{"Closes ticket-" + U, "ticket_id:" + U + ":close:closes"},
    Case{"[ticket-abc123] Fix bug", "ticket_id:ticket-abc123:link"},
    Case{"#ticket-abc123 and #TKT-001", "ticket_id:ticket-abc123:link | ticket_key:TKT-001:link"},
    Case{"see 0F8FAD5B-D9CB-469F-A165-70867728950E", "ticket_id:" + U + ":link"},
    // not references
    Case{"abc#123 x#1 #12a # 12 #", ""},
    Case{"merge 3f2a9c1 into a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", ""},
    Case{"use `fixes #1` or\n```\nCloses #2 PAY-3\n```\nthen ref #4", "issue:4:link:ref"},
    Case{"lowercase pay-12 is no key, nor A-1 or PAY-", ""},
    Case{"", ""}));

TEST(References, OffsetsPointAtTheReference) {
  std::string text = "Fixes #12 and acme/payments#3";
  auto refs = parse_references(text);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(text.substr(refs[0].offset, 3), "#12");
  EXPECT_EQ(text.substr(refs[1].offset, 4), "acme");
}

TEST(References, TimeIsInSecondsWithJiraDefaults) {
  auto refs = parse_references("PAY-1 #time 1w 2d 4h 30m");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[1].time_seconds, (5 * 8 + 2 * 8 + 4) * 3600 + 30 * 60);
  EXPECT_EQ(to_json(refs[1]).at("time_seconds"), refs[1].time_seconds);
}

TEST(References, BranchNames) {
  auto summary_of = [](std::string_view branch) { return summary(parse_branch_references(branch)); };
  EXPECT_EQ(summary_of("PAY-12-refund-flow"), "ticket_key:PAY-12:link");
  EXPECT_EQ(summary_of("feature/pay-12_refunds"), "ticket_key:PAY-12:link");
  EXPECT_EQ(summary_of("user/eng-7"), "ticket_key:ENG-7:link");
  EXPECT_EQ(summary_of("feature/ticket-" + U), "ticket_id:" + U + ":link");
  EXPECT_EQ(summary_of("ticket-" + U + "-add-thing"), "ticket_id:" + U + ":link");
  EXPECT_EQ(summary_of("abc/ticket-def123-add-feature"), "ticket_id:ticket-def123:link");
  EXPECT_EQ(summary_of("main"), "");
  EXPECT_EQ(summary_of("release/2026-11"), "");
}

/// Upstream's 13 PR cases (title, then body, then branch), with its expected ids.
TEST(References, PullRequestTicketLikeUpstream) {
  auto pr = [](std::string_view title, std::string_view body, std::string_view branch) {
    auto r = pull_request_reference(title, body, branch);
    return r ? r->target : std::string("none");
  };
  EXPECT_EQ(pr("[ticket-abc123] Fix bug", "", ""), "ticket-abc123");
  EXPECT_EQ(pr("[ticket-" + U + "] Fix bug", "", ""), U);
  EXPECT_EQ(pr("[TICKET-ABC123] Fix", "", ""), "ticket-ABC123");
  EXPECT_EQ(pr("Implement ticket-" + U + " feature", "", ""), U);
  EXPECT_EQ(pr("Fix bug", "Closes ticket-abc123", ""), "ticket-abc123");
  EXPECT_EQ(pr("Fix bug", "fixes #ticket-" + U, ""), U);
  EXPECT_EQ(pr("Fix bug", "Resolves ticket-" + U, ""), U);
  EXPECT_EQ(pr("Fix bug", "Details in ticket-" + U + " here", ""), U);
  EXPECT_EQ(pr("Fix bug", "", "feature/ticket-" + U), U);
  EXPECT_EQ(pr("Fix bug", "", "ticket-" + U + "-add-thing"), U);
  EXPECT_EQ(pr("Fix bug", "", "abc/ticket-def123-add-feature"), "ticket-def123");
  EXPECT_EQ(pr("Fix bug", "", "ticket-abc123"), "ticket-abc123");
  EXPECT_EQ(pr("Fix bug", "no ticket here #12", "main"), "none");
  EXPECT_EQ(pr("[ticket-aaa111] title wins", "Closes ticket-bbb222", "ticket-ccc333"), "ticket-aaa111");
  EXPECT_EQ(pr("PAY-5 refunds", "", ""), "PAY-5");
}

}  // namespace
}  // namespace dagboard::test
