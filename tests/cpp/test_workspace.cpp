// SPDX-License-Identifier: Apache-2.0
#include <filesystem>

#include "support.hpp"

namespace dagboard::test {
namespace {

Error open_error(const std::string& url) {
  return catch_error([&] { Workspace::open(url); });
}

TEST(WorkspaceUrl, MemoryDatabaseOpensMigrated) {
  auto ws = Workspace::open("sqlite::memory:");
  EXPECT_EQ(ws.backend(), "sqlite");
  EXPECT_EQ(ws.schema_version(), library_schema_version());
  EXPECT_EQ(ws.projects().list().items.size(), 0u);
}

TEST(WorkspaceUrl, MalformedUrlsAreValidationErrorsNamingTheUrl) {
  for (std::string url : {"", "mysql://u@h/db", "sqlite://", "sqlite:/x.db", "sqlite://:memory:",
                          "postgresql://u:p@host:abc/db", "postgresql://u:p@host:5432",
                          "postgresql://u:p@host:5432/", "sqlite://x.db?mode=ro"}) {
    Error e = open_error(url);
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << url;
    EXPECT_EQ(e.details().value("field", ""), "url") << url;
  }
}

TEST(WorkspaceUrl, UnreachablePostgresIsStorageErrorWithoutPassword) {
  Error e = open_error("postgresql://someone:s3cret@127.0.0.1:1/nothing");
  EXPECT_EQ(e.code(), ErrorCode::storage_error);
  EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  EXPECT_EQ(e.details().value("url", ""), "postgresql://someone:***@127.0.0.1:1/nothing");
}

TEST(WorkspaceUrl, RelativeSqlitePathIsRelativeToTheWorkingDirectory) {
  auto dir = std::filesystem::temp_directory_path() / "dagboard-relative-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto old = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  {
    auto ws = Workspace::open("sqlite://rel.db");
    ws.projects().create({.name = "Relative", .key = "REL"});
  }
  std::filesystem::current_path(old);
  EXPECT_TRUE(std::filesystem::exists(dir / "rel.db"));
  auto again = Workspace::open("sqlite://" + (dir / "rel.db").string());
  EXPECT_EQ(again.projects().get("REL").name, "Relative");
  std::filesystem::remove_all(dir);
}

TEST(WorkspaceUrl, PathWithSpacesWorks) {
  auto dir = std::filesystem::temp_directory_path() / "dagboard dir with spaces";
  std::filesystem::create_directories(dir);
  auto path = (dir / "my board.db").string();
  std::filesystem::remove(path);
  {
    auto ws = Workspace::open("sqlite://" + path);
    ws.projects().create({.name = "Spaces", .key = "SPC"});
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(Workspace::open("sqlite://" + path).projects().get("SPC").key, "SPC");
  std::filesystem::remove_all(dir);
}

class WorkspaceTest : public BackendTest {};

TEST_P(WorkspaceTest, MigrationsAreRecordedOnce) {
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM schema_migrations"), library_schema_version());
  auto again = Workspace::open(db->url());  // reopening applies nothing twice
  EXPECT_EQ(db->raw_count("SELECT COUNT(*) FROM schema_migrations"), library_schema_version());
  EXPECT_EQ(again.schema_version(), library_schema_version());
}

TEST_P(WorkspaceTest, NewerSchemaIsRefused) {
  db->raw_exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
  Error e = catch_error([&] { Workspace::open(db->url()); });
  EXPECT_EQ(e.code(), ErrorCode::storage_error);
  EXPECT_EQ(e.details().value("database_version", 0), 999);
  EXPECT_EQ(e.details().value("library_version", 0), library_schema_version());
}

TEST_P(WorkspaceTest, DataSurvivesReopen) {
  auto p = make_project("KEEP");
  auto t = make_ticket(p, "Persist me");
  ws.reset();
  auto reopened = Workspace::open(db->url());
  EXPECT_EQ(reopened.tickets().get("KEEP-1").id, t.id);
  EXPECT_EQ(reopened.tickets().get("KEEP-1").title, "Persist me");
}

DAGBOARD_INSTANTIATE_BACKENDS(WorkspaceTest);

}  // namespace
}  // namespace dagboard::test
