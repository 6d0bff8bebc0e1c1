// SPDX-License-Identifier: Apache-2.0
// Test fixtures that run every case on SQLite and on PostgreSQL.
//
// PostgreSQL comes from DAGBOARD_TEST_PG_URL (make test starts a cluster and sets it). Each
// case gets its own schema, so cases can run in parallel. Without the URL the PostgreSQL
// cases skip, unless DAGBOARD_REQUIRE_PG=1, when they fail: CI never skips them silently.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include <dagboard/dagboard.hpp>

namespace dagboard::test {

enum class Backend { sqlite, postgresql };

std::string backend_label(const ::testing::TestParamInfo<Backend>& info);

/// A fresh, empty database for one test case; removed afterwards.
class TempDatabase {
 public:
  explicit TempDatabase(Backend backend);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& url() const { return url_; }
  /// The database file (SQLite only).
  const std::string& sqlite_path() const { return sqlite_path_; }
  /// Runs SQL outside the library, for fixtures that need to break the rules on purpose.
  void raw_exec(const std::string& sql) const;
  /// An integer from a raw query (first column of the first row).
  long long raw_count(const std::string& sql) const;

 private:
  Backend backend_;
  std::string url_;
  std::string sqlite_path_;
  std::string pg_base_;
  std::string pg_schema_;
};

/// Parameterised fixture: `ws` is open on a fresh database of the parameter's backend.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Project make_project(const std::string& key = "DAG");
  Ticket make_ticket(const Project& p, const std::string& title = "A ticket");
  Task make_task(const Ticket& t, const std::string& title = "A task",
                 std::vector<std::string> depends_on = {});
  /// Every event type, in id order.
  std::vector<std::string> event_types(long long since = 0);

  std::unique_ptr<TempDatabase> db;
  std::optional<Workspace> ws;
};

/// BackendTest with a project `DAG` and one ticket in it, for graph and task tests.
class ProjectTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!ws) return;
    project = make_project();
    ticket = make_ticket(project);
  }
  Project project;
  Ticket ticket;
};

/// Runs `body(i)` for i in [0, count) in forked processes at the same time and returns their
/// exit codes. A child exits with what `body` returns, or 1 after printing an exception it threw.
/// Children must open their own workspaces: they never touch the parent's connections.
/// Runs `args` (args[0] is the program) in new processes, one per entry, with posix_spawn (no
/// fork of this process: safe while other threads run); their exit codes, in order.
std::vector<int> spawn_processes(const std::vector<std::vector<std::string>>& commands);
std::vector<int> run_in_processes(int count, const std::function<int(int)>& body);

/// Asserts that `statement` throws dagboard::Error with `code`; returns the error.
#define EXPECT_DAGBOARD_ERROR(statement, expected_code)                                    \
  do {                                                                                     \
    try {                                                                                  \
      statement;                                                                           \
      ADD_FAILURE() << "expected " << ::dagboard::to_string(expected_code) << ", no throw"; \
    } catch (const ::dagboard::Error& e_) {                                                \
      EXPECT_EQ(::dagboard::to_string(e_.code()), ::dagboard::to_string(expected_code))    \
          << e_.what();                                                                    \
    }                                                                                      \
  } while (0)

/// Runs `statement`, which must throw dagboard::Error; returns the error for inspection.
template <class F>
Error catch_error(F&& statement) {
  try {
    statement();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a dagboard::Error";
  return Error(ErrorCode::internal_error, "no error was thrown");
}

}  // namespace dagboard::test

#define DAGBOARD_INSTANTIATE_BACKENDS(Suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                               \
                           ::testing::Values(::dagboard::test::Backend::sqlite,           \
                                             ::dagboard::test::Backend::postgresql),      \
                           ::dagboard::test::backend_label)
