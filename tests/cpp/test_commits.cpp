// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

namespace dagboard::test {
namespace {

class CommitTest : public ProjectTest {
 protected:
  const std::string sha1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
  const std::string sha2 = "a94a000000000000000000000000000000000000";

  TicketCommit link(const std::string& sha, const std::string& ticket_id, std::optional<std::string> agent = "agent-1") {
    return ws->commits().link({.ticket_id = ticket_id,
                               .commit_sha = sha,
                               .commit_message = "Fix refunds\n\nFixes DAG-1",
                               .agent_id = agent,
                               .files_list = {{.path = "src/refund.py", .additions = 10, .deletions = 2},
                                              {.path = "tests/test_refund.py", .status = "added", .additions = 30}}});
  }
};

TEST_P(CommitTest, LinkStoresDerivedCountsAndWritesEvent) {
  auto c = link(sha1, ticket.key);
  EXPECT_EQ(c.id.rfind("commit-", 0), 0u);
  EXPECT_EQ(c.ticket_id, ticket.id);
  EXPECT_EQ(c.project_id, project.id);
  EXPECT_EQ(c.files_changed, 2);
  EXPECT_EQ(c.insertions, 40);
  EXPECT_EQ(c.deletions, 2);
  EXPECT_EQ(c.link_method, "manual");
  EXPECT_EQ(to_json(ws->commits().get(sha1)), to_json(c));
  auto events = ws->events().read({.event_types = {"COMMIT_LINKED"}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].entity_type, "commit");
  EXPECT_EQ(events[0].entity_id, sha1);
  EXPECT_EQ(events[0].payload.at("ticket_id"), ticket.id);
  EXPECT_EQ(events[0].payload.at("insertions"), 40);
  // the audit trail of the ticket shows it as a commit entry
  auto trail = ws->audit().ticket(ticket.id);
  EXPECT_EQ(trail.items.back().type, "commit");
}

TEST_P(CommitTest, LinkingTwiceIsAConflictAndLinkOnceIsANoOp) {
  auto first = link(sha1, ticket.id);
  auto last = ws->events().last_id();
  EXPECT_DAGBOARD_ERROR(link(sha1, ticket.id), ErrorCode::conflict);
  auto again = ws->commits().link_once({.ticket_id = ticket.id, .commit_sha = sha1});
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(ws->events().last_id(), last);
  // the same commit may name several tickets
  auto other = ws->tickets().create({.project_id = project.id, .title = "Other"});
  link(sha1, other.id);
  EXPECT_EQ(ws->commits().links(sha1).size(), 2u);
}

TEST_P(CommitTest, BadInputChangesNothing) {
  auto last = ws->events().last_id();
  EXPECT_DAGBOARD_ERROR(link("xyz", ticket.id), ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(link(sha1, "DAG-99"), ErrorCode::ticket_not_found);
  EXPECT_DAGBOARD_ERROR(ws->commits().link({.ticket_id = ticket.id, .commit_sha = sha1, .link_method = "magic"}),
                        ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(ws->commits().link({.ticket_id = ticket.id, .commit_sha = sha1, .insertions = -1}),
                        ErrorCode::validation_failed);
  EXPECT_EQ(ws->events().last_id(), last);
}

TEST_P(CommitTest, ShaPrefixesResolveOrSayWhyNot) {
  link(sha1, ticket.id);
  link(sha2, ticket.id);
  EXPECT_EQ(ws->commits().get("A94A8FE").commit_sha, sha1);  // any case
  EXPECT_EQ(ws->commits().get(sha2).commit_sha, sha2);
  try {
    ws->commits().get("a94");
    FAIL() << "short prefix accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  }
  try {
    ws->commits().get("a94a");
    FAIL() << "ambiguous prefix accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.details().at("matches"), Json::array({sha2, sha1}));  // sorted
  }
  EXPECT_DAGBOARD_ERROR(ws->commits().get("ffff"), ErrorCode::commit_not_found);
}

TEST_P(CommitTest, ListsByTicketAndAgentArePaged) {
  std::vector<std::string> shas;
  for (int i = 0; i < 5; ++i) {
    std::string sha = std::string(39, '0') + std::to_string(i);
    shas.push_back(sha);
    link(sha, ticket.id, i % 2 ? std::optional<std::string>("agent-odd") : std::nullopt);
  }
  auto first = ws->commits().by_ticket(ticket.key, {.limit = 3});
  ASSERT_EQ(first.items.size(), 3u);
  ASSERT_TRUE(first.next_cursor);
  auto rest = ws->commits().by_ticket(ticket.key, {.limit = 3, .cursor = first.next_cursor});
  ASSERT_EQ(rest.items.size(), 2u);
  EXPECT_EQ(rest.items[1].commit_sha, shas[4]);
  EXPECT_FALSE(rest.next_cursor);
  auto odd = ws->commits().by_agent("agent-odd");
  ASSERT_EQ(odd.items.size(), 2u);
  EXPECT_EQ(odd.items[0].commit_sha, shas[1]);
  EXPECT_DAGBOARD_ERROR(ws->commits().by_ticket("DAG-42"), ErrorCode::ticket_not_found);
}

TEST_P(CommitTest, StatisticsAndBoardCardTotals) {
  auto other = ws->tickets().create({.project_id = project.id, .title = "Other"});
  link(sha1, ticket.id);
  link(sha1, other.id);  // one commit, two tickets: counted once in the totals
  ws->commits().link({.ticket_id = other.id, .commit_sha = sha2, .agent_id = "agent-2",
                      .files_list = {{.path = "src/refund.py", .additions = 1, .deletions = 1}}});
  auto s = ws->commits().statistics({.project_id = "DAG"});
  EXPECT_EQ(s.total_commits, 2);
  EXPECT_EQ(s.total_insertions, 41);
  EXPECT_EQ(s.total_deletions, 3);
  EXPECT_EQ(s.files_changed, 3);
  EXPECT_EQ(s.commits_per_ticket, (std::map<std::string, long long>{{ticket.id, 1}, {other.id, 2}}));
  ASSERT_EQ(s.most_active_files.size(), 2u);
  EXPECT_EQ(s.most_active_files[0].path, "src/refund.py");
  EXPECT_EQ(s.most_active_files[0].commits, 2);
  EXPECT_EQ(s.most_active_files[0].changes, 14);
  EXPECT_EQ(ws->commits().statistics({.agent_id = "agent-2"}).total_commits, 1);
  auto view = ws->board().view(project.id);
  for (const auto& column : view.columns)
    for (const auto& card : column.tickets) {
      if (card.id == ticket.id) {
        EXPECT_EQ(std::pair(card.insertions, card.deletions), std::pair(40LL, 2LL));
        EXPECT_EQ(card.commit_count, 1);
      }
      if (card.id == other.id) {
        EXPECT_EQ(std::pair(card.insertions, card.deletions), std::pair(41LL, 3LL));
        EXPECT_EQ(card.commit_count, 2);
      }
    }
}

DAGBOARD_INSTANTIATE_BACKENDS(CommitTest);

}  // namespace
}  // namespace dagboard::test
