// SPDX-License-Identifier: Apache-2.0
#include <set>

#include "support.hpp"

namespace dagboard::test {
namespace {

class ProjectTest : public BackendTest {};

TEST_P(ProjectTest, CreateReturnsStoredFieldsAndWritesEvent) {
  auto p = ws->projects().create({.name = "Payments", .key = "PAY", .description = "Refunds",
                                  .github_owner = "acme", .github_repo = "payments",
                                  .github_webhook_secret = "hush",
                                  .settings = Json{{"wip", 3}}});
  EXPECT_EQ(p.id.rfind("project-", 0), 0u);
  EXPECT_EQ(p.id.size(), std::string("project-").size() + 36);
  EXPECT_EQ(p.status, ProjectStatus::active);
  EXPECT_EQ(p.default_phase_id, "PHASE_BACKLOG");
  EXPECT_TRUE(p.webhook_configured);
  auto got = ws->projects().get(p.id);
  EXPECT_EQ(to_json(got), to_json(p));
  EXPECT_EQ(to_json(ws->projects().get("PAY")), to_json(p));
  auto events = ws->events().read();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_type, "PROJECT_CREATED");
  EXPECT_EQ(events[0].entity_type, "project");
  EXPECT_EQ(events[0].entity_id, p.id);
  EXPECT_EQ(events[0].project_id, p.id);
  EXPECT_EQ(events[0].payload.at("key"), "PAY");
}

TEST_P(ProjectTest, WebhookSecretNeverLeavesTheLibrary) {
  auto p = ws->projects().create({.name = "S", .key = "SEC", .github_webhook_secret = "topsecret"});
  EXPECT_EQ(to_json(p).dump().find("topsecret"), std::string::npos);
  for (const auto& e : ws->events().read()) EXPECT_EQ(e.payload.dump().find("topsecret"), std::string::npos);
  ProjectUpdate u;
  u.github_webhook_secret = Nullable<std::string>();
  EXPECT_FALSE(ws->projects().update(p.id, u).webhook_configured);
}

TEST_P(ProjectTest, BadKeysAreRefusedAndNothingIsWritten) {
  for (std::string key : {"", "D", "dag", "1AB", "TOOLONGKEY1", "DA-G", "DÄG"}) {
    Error e = catch_error([&] { ws->projects().create({.name = "x", .key = key}); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << key;
    EXPECT_EQ(e.details().value("field", ""), "key") << key;
  }
  EXPECT_TRUE(ws->projects().list().items.empty());
  EXPECT_TRUE(ws->events().read().empty());
}

TEST_P(ProjectTest, OtherBadFieldsNameTheField) {
  auto field_of = [&](NewProject req) {
    return catch_error([&] { ws->projects().create(req); }).details().value("field", "");
  };
  EXPECT_EQ(field_of({.name = "  ", .key = "AB"}), "name");
  EXPECT_EQ(field_of({.name = "x", .key = "AB", .default_phase_id = "PHASE_NOPE"}), "default_phase_id");
  EXPECT_EQ(field_of({.name = "x", .key = "AB", .settings = Json::array()}), "settings");
  EXPECT_EQ(field_of({.name = std::string("bad \xff utf8"), .key = "AB"}), "name");
  EXPECT_TRUE(ws->events().read().empty());
}

TEST_P(ProjectTest, DuplicateKeyIsConflict) {
  make_project("DUP");
  Error e = catch_error([&] { make_project("DUP"); });
  EXPECT_EQ(e.code(), ErrorCode::conflict);
  EXPECT_EQ(e.details().value("key", ""), "DUP");
  EXPECT_EQ(ws->projects().list().items.size(), 1u);
}

TEST_P(ProjectTest, UnknownProjectIsNotFound) {
  EXPECT_DAGBOARD_ERROR(ws->projects().get("NOPE"), ErrorCode::project_not_found);
  EXPECT_DAGBOARD_ERROR(ws->projects().get("project-00000000-0000-0000-0000-000000000000"),
                        ErrorCode::project_not_found);
  EXPECT_FALSE(ws->projects().find("NOPE").has_value());
  EXPECT_DAGBOARD_ERROR(ws->projects().archive("NOPE"), ErrorCode::project_not_found);
}

TEST_P(ProjectTest, TextIsStoredByteForByte) {
  std::string name = "Robert'); DROP TABLE projects;-- \"quoted\" ; Ünïcödé 日本語 🚀";
  auto p = ws->projects().create({.name = name, .key = "TXT", .description = "a\nb\tc\\d%_"});
  auto got = ws->projects().get(p.id);
  EXPECT_EQ(got.name, name);
  EXPECT_EQ(got.description, "a\nb\tc\\d%_");
}

TEST_P(ProjectTest, UpdateRecordsChangesAndSkipsNoOps) {
  auto p = make_project("UPD");
  auto before = ws->events().last_id();
  auto updated = ws->projects().update(p.id, project_update_from_json(
                                                 {{"name", "Renamed"}, {"description", nullptr}}));
  EXPECT_EQ(updated.name, "Renamed");
  EXPECT_GE(updated.updated_at, p.updated_at);
  auto events = ws->events().read({.since = before});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_type, "PROJECT_UPDATED");
  EXPECT_EQ(events[0].payload.at("changes"),
            (Json{{"name", {{"old", "Project UPD"}, {"new", "Renamed"}}}}));
  ws->projects().update(p.id, project_update_from_json({{"name", "Renamed"}}));
  EXPECT_EQ(ws->events().last_id(), events[0].id) << "a no-op update writes no event";
}

TEST_P(ProjectTest, KeyCannotChange) {
  Error e = catch_error([&] { project_update_from_json({{"key", "NEW"}}); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(e.details().value("field", ""), "key");
}

TEST_P(ProjectTest, ArchiveAndDelete) {
  auto p = make_project("ARC");
  auto t = make_ticket(p);
  EXPECT_EQ(ws->projects().archive(p.id).status, ProjectStatus::archived);
  ws->projects().remove("ARC");
  EXPECT_FALSE(ws->projects().find(p.id));
  EXPECT_FALSE(ws->tickets().find(t.id)) << "tickets go with their project";
  auto types = event_types();
  EXPECT_EQ(types, (std::vector<std::string>{"PROJECT_CREATED", "TICKET_CREATED",
                                             "PROJECT_ARCHIVED", "PROJECT_DELETED"}));
}

TEST_P(ProjectTest, ListPagesWithoutGapsOrRepeats) {
  for (auto key : {"PA", "PB", "PC", "PD", "PE"}) make_project(key);
  std::vector<std::string> keys;
  PageRequest page{.limit = 2};
  int pages = 0;
  while (true) {
    auto result = ws->projects().list({.page = page});
    for (const auto& p : result.items) keys.push_back(p.key);
    ++pages;
    if (!result.next_cursor) break;
    page.cursor = result.next_cursor;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(keys, (std::vector<std::string>{"PA", "PB", "PC", "PD", "PE"}));
  ws->projects().archive("PC");
  auto archived = ws->projects().list({.status = ProjectStatus::archived});
  ASSERT_EQ(archived.items.size(), 1u);
  EXPECT_EQ(archived.items[0].key, "PC");
}

TEST_P(ProjectTest, BadPageRequestsAreRefused) {
  EXPECT_EQ(catch_error([&] { ws->projects().list({.page = {.limit = 0}}); }).details()["field"], "limit");
  EXPECT_EQ(catch_error([&] { ws->projects().list({.page = {.limit = 1001}}); }).details()["field"], "limit");
  EXPECT_EQ(catch_error([&] { ws->projects().list({.page = {.cursor = "garbage"}}); }).details()["field"], "cursor");
}

TEST_P(ProjectTest, StatsCountTicketsAndAgentsHoldingWork) {
  auto p = make_project("PAY");
  make_ticket(p, "a");
  auto building = ws->tickets().create({.project_id = "PAY", .title = "b", .phase_id = "PHASE_IMPLEMENTATION"});
  auto task = ws->tasks().create({.ticket_id = building.id, .title = "work"});
  auto idle = ws->tasks().create({.ticket_id = building.id, .title = "later"});
  auto agent = ws->agents().register_agent({.project_id = "PAY"});
  ws->scheduler().claim(agent.id, {.task_id = task.id});
  auto s = ws->projects().stats("PAY");
  EXPECT_EQ(s.project_id, p.id);
  EXPECT_EQ(s.total_tickets, 2);
  EXPECT_EQ(s.tickets_by_status, (std::map<std::string, long long>{{"backlog", 1}, {"building", 1}}));
  EXPECT_EQ(s.tickets_by_phase, (std::map<std::string, long long>{{"PHASE_BACKLOG", 1}, {"PHASE_IMPLEMENTATION", 1}}));
  EXPECT_EQ(s.active_agents, 1);
  EXPECT_EQ(s.total_commits, 0);
  EXPECT_EQ(to_json(s).at("tickets_by_status").at("building"), 1);
  (void)idle;
  EXPECT_DAGBOARD_ERROR(ws->projects().stats("NOPE"), ErrorCode::project_not_found);
}

DAGBOARD_INSTANTIATE_BACKENDS(ProjectTest);

}  // namespace
}  // namespace dagboard::test
