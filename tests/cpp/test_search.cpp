// SPDX-License-Identifier: Apache-2.0
// Search on a fixed corpus, on both backends: what is found, in which order, with which marks;
// prefixes, one typo, exact hits, filters, paging, hostile queries, and an index that follows
// every write in its own transaction.
#include "support.hpp"

#include <dagboard/search.hpp>

namespace dagboard::test {
namespace {

const std::string kSha = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";

class SearchTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!ws) return;
    pay = make_project("PAY");
    auto other = make_project("OTH");
    t1 = ws->tickets().create({.project_id = pay.id, .title = "Refund flow for card payments",
                               .description = "Customers ask for a refund when the payment fails",
                               .priority = Priority::high});
    t2 = ws->tickets().create({.project_id = pay.id, .title = "Payment retries",
                               .description = "Retry declined payments with backoff"});
    t3 = ws->tickets().create({.project_id = pay.id, .title = "Checkout page layout",
                               .description = "Move the refund link under the order total"});
    ws->tickets().create({.project_id = other.id, .title = "Refund elsewhere"});
    k1 = ws->tasks().create({.ticket_id = t1.id, .title = "Write refund endpoint", .description = "POST /refunds"});
    auto k2 = ws->tasks().create({.ticket_id = t2.id, .title = "Backoff schedule"});
    bot = ws->agents().register_agent({.agent_name = "refund-bot", .project_id = pay.id,
                                       .capabilities = {"payments", "python"}, .capacity = 2});
    ws->scheduler().claim(bot.id, {.task_id = k2.id});
    ws->tasks().start(k2.id, {bot.id});
    ws->tasks().complete(k2.id, {bot.id}, Json{{"notes", "exponential backoff with jitter"}});
    ws->commits().link({.ticket_id = t1.id, .commit_sha = kSha,
                        .commit_message = "Add refund endpoint\n\nFixes PAY-1", .author = "alice",
                        .agent_id = bot.id});
    doc = ws->documents().store({.project_id = pay.id, .title = "Gateway design",
                                 .content = "The refund service talks to the card gateway."});
  }
  SearchResults find(SearchQuery q) {
    if (!q.project_id) q.project_id = "PAY";
    return ws->search().search(q);
  }
  static const SearchGroup& group(const SearchResults& r, SearchType t) {
    for (const auto& g : r.groups)
      if (g.type == t) return g;
    throw std::runtime_error("no group");
  }
  static std::vector<std::string> ids(const SearchGroup& g) {
    std::vector<std::string> out;
    for (const auto& h : g.hits) out.push_back(h.id);
    return out;
  }
  Project pay;
  Ticket t1, t2, t3;
  Task k1;
  Agent bot;
  Document doc;
};

TEST_P(SearchTest, FindsEveryKindRankedAndMarked) {
  auto r = find({.q = "refund"});
  // Title matches rank above body matches.
  EXPECT_EQ(ids(group(r, SearchType::ticket)), (std::vector<std::string>{t1.id, t3.id}));
  EXPECT_EQ(ids(group(r, SearchType::task)), (std::vector<std::string>{k1.id}));
  EXPECT_EQ(ids(group(r, SearchType::commit)), (std::vector<std::string>{kSha}));
  EXPECT_EQ(ids(group(r, SearchType::agent)), (std::vector<std::string>{bot.id}));
  EXPECT_EQ(ids(group(r, SearchType::document)), (std::vector<std::string>{doc.id}));
  EXPECT_EQ(r.total, 6);
  const auto& hit = group(r, SearchType::ticket).hits[1];
  EXPECT_EQ(hit.snippet, "Move the refund link under the order total");
  ASSERT_EQ(hit.marks.size(), 1u);
  EXPECT_EQ(hit.marks[0], (std::pair<int, int>{9, 15}));
  EXPECT_EQ(hit.key, "PAY-3");
  EXPECT_GT(group(r, SearchType::ticket).hits[0].score, hit.score);
  // Without the project, the other project's ticket too.
  EXPECT_EQ(ws->search().search({.q = "refund"}).groups[0].total, 3);
  // Every word must match; result text of a completed task is searchable.
  EXPECT_EQ(ids(group(find({.q = "refund payments"}), SearchType::ticket)), (std::vector<std::string>{t1.id}));
  EXPECT_EQ(ids(group(find({.q = "jitter"}), SearchType::task)).size(), 1u);
  EXPECT_EQ(ids(group(find({.q = "alice"}), SearchType::commit)), (std::vector<std::string>{kSha}));
  EXPECT_EQ(ids(group(find({.q = "python"}), SearchType::agent)), (std::vector<std::string>{bot.id}));
}

TEST_P(SearchTest, PrefixesAndOneTypoFindTheWord) {
  EXPECT_EQ(group(find({.q = "refu"}), SearchType::ticket).total, 2);
  for (const char* typo : {"refnud", "refnd", "refunf", "rwfund"}) {
    auto r = find({.q = typo, .types = {SearchType::ticket}});
    EXPECT_EQ(ids(group(r, SearchType::ticket)), (std::vector<std::string>{t1.id, t3.id})) << typo;
    EXPECT_EQ(group(r, SearchType::ticket).hits[1].marks.size(), 1u) << typo;  // the neighbour is marked
  }
  // A word that is indexed (a task says "refunds") is taken as it is: no neighbours.
  EXPECT_EQ(find({.q = "refunds"}).total, 1);
  // Two typos, or a short word with one, find nothing.
  EXPECT_EQ(find({.q = "rfnud"}).total, 0);
  EXPECT_EQ(find({.q = "pge"}).total, 0);
}

TEST_P(SearchTest, KeysShasAndIdsGoStraightToTheRecord) {
  auto r = find({.q = "pay-1"});
  ASSERT_FALSE(r.exact.empty());
  EXPECT_EQ(r.exact[0].id, t1.id);
  EXPECT_EQ(r.exact[0].key, "PAY-1");
  EXPECT_TRUE(r.exact[0].exact);
  auto c = find({.q = "a94a"});
  ASSERT_EQ(c.exact.size(), 1u);
  EXPECT_EQ(c.exact[0].id, kSha);
  EXPECT_EQ(c.exact[0].title, "Add refund endpoint");
  EXPECT_EQ(find({.q = k1.id}).exact.at(0).id, k1.id);
  EXPECT_TRUE(find({.q = "OTH-1"}).exact.empty());  // another project's ticket
}

TEST_P(SearchTest, FiltersNarrowAndUnknownOnesAreRefused) {
  EXPECT_EQ(ids(group(find({.q = "refund", .priority = {{"HIGH"}}}), SearchType::ticket)),
            (std::vector<std::string>{t1.id}));
  auto done = find({.q = "refund", .status = {{"done"}}});
  EXPECT_EQ(group(done, SearchType::ticket).total, 0);
  EXPECT_EQ(group(done, SearchType::commit).total, 0);  // commits have no status: left out
  auto by_bot = find({.q = "backoff", .agent_id = bot.id});
  EXPECT_EQ(group(by_bot, SearchType::task).total, 1);
  EXPECT_EQ(group(by_bot, SearchType::ticket).total, 0);
  EXPECT_EQ(find({.q = "refund", .date_to = dagboard::now() - std::chrono::hours(1)}).total, 0);
  EXPECT_EQ(find({.q = "refund", .date_from = dagboard::now() - std::chrono::hours(1)}).total, 6);
  auto e = catch_error([] { search_query_from_json(Json{{"q", "x"}, {"colour", "red"}}); });
  EXPECT_EQ(e.details().value("field", ""), "colour");
  EXPECT_DAGBOARD_ERROR(search_query_from_json(Json{{"q", "x"}, {"types", "tickets"}}), ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(find({.q = "x", .limit = 0}), ErrorCode::validation_failed);
  EXPECT_DAGBOARD_ERROR(find({.q = "x", .cursor = "abc"}), ErrorCode::validation_failed);
}

TEST_P(SearchTest, PagesFollowTheCursor) {
  auto first = find({.q = "refund", .types = {SearchType::ticket}, .limit = 1});
  const auto& g = group(first, SearchType::ticket);
  EXPECT_EQ(g.total, 2);
  EXPECT_EQ(ids(g), (std::vector<std::string>{t1.id}));
  ASSERT_TRUE(g.next_cursor);
  auto second = find({.q = "refund", .types = {SearchType::ticket}, .limit = 1, .cursor = g.next_cursor});
  EXPECT_EQ(ids(group(second, SearchType::ticket)), (std::vector<std::string>{t3.id}));
  EXPECT_FALSE(group(second, SearchType::ticket).next_cursor);
}

TEST_P(SearchTest, HostileQueriesAreAnsweredOrRefusedNeverAStorageError) {
  for (std::string q : {std::string("\"refund"), std::string("refund\" OR \"x"), std::string("NEAR(refund payment)"),
                        std::string("refund*"), std::string("title:refund"), std::string("'; DROP TABLE tickets; --"),
                        std::string("refund & !x | (y"), std::string("-refund"), std::string("^refund"),
                        std::string("a\\b"), std::string("r\xc3\xa9" "fund"), std::string(490, 'x')}) {
    try {
      find({.q = q});
    } catch (const Error& err) {
      EXPECT_EQ(err.code(), ErrorCode::validation_failed) << q << ": " << err.what();
    }
  }
  EXPECT_EQ(group(find({.q = "refund* (payment)"}), SearchType::ticket).total, 1);  // words, not operators
  for (std::string q : {std::string(""), std::string("  "), std::string("*"), std::string("\"\""),
                        std::string(10 * 1024, 'a')})
    EXPECT_DAGBOARD_ERROR(find({.q = q}), ErrorCode::validation_failed);
}

TEST_P(SearchTest, TheIndexFollowsEveryWriteInItsTransaction) {
  ws->tickets().update(t3.id, {.description = Nullable<std::string>("Move the link under the total")});
  EXPECT_EQ(ids(group(find({.q = "refund"}), SearchType::ticket)), (std::vector<std::string>{t1.id}));
  // A refused write changes nothing, the index included.
  EXPECT_DAGBOARD_ERROR(ws->tickets().update(t2.id, {.title = std::string(600, 'r')}), ErrorCode::validation_failed);
  EXPECT_EQ(group(find({.q = "retries"}), SearchType::ticket).total, 1);
  // A deleted ticket takes its tasks and commits along.
  ws->tickets().remove(t1.id);
  auto r = find({.q = "refund"});
  EXPECT_EQ(group(r, SearchType::ticket).total, 0);
  EXPECT_EQ(group(r, SearchType::task).total, 0);
  EXPECT_EQ(group(r, SearchType::commit).total, 0);
  // A rebuild gives the same answers; a database without an index is filled when opened.
  auto before = ws->search().search({.q = "refund"});
  EXPECT_GT(ws->search().rebuild().documents, 5);
  EXPECT_EQ(ws->search().search({.q = "refund"}).total, before.total);
  db->raw_exec("DELETE FROM search_documents");
  EXPECT_EQ(ws->search().search({.q = "refund"}).total, 0);
  auto reopened = Workspace::open(db->url());
  EXPECT_EQ(reopened.search().search({.q = "refund"}).total, before.total);
}

// PostgreSQL indexes each word's prefixes as lexemes (`refu~`); migration 13 made the function
// faster and must not have changed a single value (the stored ones were made by migration 12's).
class PostgresqlSearchTest : public SearchTest {};

TEST_P(PostgresqlSearchTest, PrefixLexemesAreThoseOfMigration12) {
  auto same = [&](const std::string& a, const std::string& b) {
    return db->raw_count("SELECT CASE WHEN " + a + " = " + b + " THEN 1 ELSE 0 END") == 1;
  };
  EXPECT_TRUE(same("dagboard_prefixes('Refund flow, REFUND! ab x refunds')",
                   "array_to_tsvector(ARRAY['re~', 'ref~', 'refu~', 'refun~', 'refund~', 'fl~', 'flo~'])"));
  EXPECT_TRUE(same("dagboard_prefixes('')", "''::tsvector"));
  const std::string migration_12 =
      "(SELECT array_to_tsvector(coalesce(array_agg(DISTINCT left(w, n) || '~'), '{}')) FROM "
      "regexp_split_to_table(lower(title || ' ' || body), '[^[:alnum:]]+') w, generate_series(2, least(8, "
      "length(w) - 1)) n WHERE length(w) > 2)";
  EXPECT_GT(db->raw_count("SELECT COUNT(*) FROM search_documents"), 5);
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM search_documents WHERE dagboard_prefixes(title || ' ' || body) "
                          "IS DISTINCT FROM " + migration_12),
            0);
}

DAGBOARD_INSTANTIATE_BACKENDS(SearchTest);
INSTANTIATE_TEST_SUITE_P(Backends, PostgresqlSearchTest, ::testing::Values(Backend::postgresql), backend_label);

}  // namespace
}  // namespace dagboard::test
