// SPDX-License-Identifier: Apache-2.0
#include "support.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "storage/url.hpp"

namespace dagboard::test {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 12; ++i) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rd() % 36];
  return s;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// SOCI needs libpq's keyword/value form; the library's own URL parser makes it.
std::string conninfo(const std::string& url) {
  return storage::parse_url(url).libpq_conninfo;
}

std::string with_search_path(const std::string& base, const std::string& schema) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

}  // namespace

std::string backend_label(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
}

TempDatabase::TempDatabase(Backend backend) : backend_(backend) {
  if (backend == Backend::sqlite) {
    auto dir = std::filesystem::temp_directory_path();
    sqlite_path_ = (dir / ("dagboard-test-" + random_suffix() + ".db")).string();
    url_ = "sqlite://" + sqlite_path_;
    return;
  }
  pg_base_ = env("DAGBOARD_TEST_PG_URL");
  pg_schema_ = "t_" + random_suffix();
  soci::session sql(*soci::factory_postgresql(), conninfo(pg_base_));
  sql << "CREATE SCHEMA " + pg_schema_;
  url_ = with_search_path(pg_base_, pg_schema_);
}

TempDatabase::~TempDatabase() {
  try {
    if (backend_ == Backend::sqlite) {
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path_ + ext);
    } else {
      soci::session sql(*soci::factory_postgresql(), conninfo(pg_base_));
      sql << "DROP SCHEMA " + pg_schema_ + " CASCADE";
    }
  } catch (...) {
    // Cleanup is best effort; the cluster is thrown away after the run anyway.
  }
}

void TempDatabase::raw_exec(const std::string& statement) const {
  if (backend_ == Backend::sqlite) {
    soci::session sql(*soci::factory_sqlite3(), "db=" + sqlite_path_ + " timeout=10");
    sql << statement;
  } else {
    soci::session sql(*soci::factory_postgresql(), conninfo(url_));
    sql << statement;
  }
}

long long raw_count(soci::session& sql, const std::string& q) {
  long long v = 0;
  sql << q, soci::into(v);
  return v;
}

long long TempDatabase::raw_count(const std::string& q) const {
  if (backend_ == Backend::sqlite) {
    soci::session sql(*soci::factory_sqlite3(), "db=" + sqlite_path_ + " timeout=10");
    return test::raw_count(sql, q);
  }
  soci::session sql(*soci::factory_postgresql(), conninfo(url_));
  return test::raw_count(sql, q);
}

namespace {

// Exit codes in order; a child still running after 5 minutes is killed (code 137), so a stuck
// child fails its test instead of holding the suite until ctest's timeout.
std::vector<int> wait_for_children(const std::vector<pid_t>& children) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  std::vector<int> codes;
  for (pid_t pid : children) {
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
  }
  return codes;
}

}  // namespace

std::vector<int> run_in_processes(int count, const std::function<int(int)>& body) {
  std::vector<pid_t> children;
  for (int i = 0; i < count; ++i) {
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      int code = 1;
      try {
        code = body(i);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", i, e.what());
      }
      _exit(code);  // no destructors: the parent's objects are not the child's to close
    }
    children.push_back(pid);
  }
  return wait_for_children(children);
}

std::vector<int> spawn_processes(const std::vector<std::vector<std::string>>& commands) {
  std::vector<pid_t> children;
  for (const auto& command : commands) {
    std::vector<char*> argv;
    for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start " + command[0]);
    children.push_back(pid);
  }
  return wait_for_children(children);
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::postgresql && env("DAGBOARD_TEST_PG_URL").empty()) {
    if (env("DAGBOARD_REQUIRE_PG") == "1")
      FAIL() << "DAGBOARD_REQUIRE_PG=1 but DAGBOARD_TEST_PG_URL is not set";
    GTEST_SKIP() << "DAGBOARD_TEST_PG_URL is not set";
  }
  db = std::make_unique<TempDatabase>(GetParam());
  ws.emplace(Workspace::open(db->url()));
}

void BackendTest::TearDown() {
  // Every event a case caused is in the catalogue that filters are checked against.
  if (ws && db) {
    auto listed = [](std::span<const std::string_view> known, const std::string& v) {
      return std::find(known.begin(), known.end(), v) != known.end();
    };
    try {
      for (const auto& e : ws->events().read({.since = 0, .limit = 10000})) {
        EXPECT_TRUE(listed(event_type_catalogue(), e.event_type))
            << e.event_type << " is not in the catalogue";
        EXPECT_TRUE(listed(entity_type_catalogue(), e.entity_type))
            << e.entity_type << " is not in the catalogue";
      }
    } catch (const Error&) {
      // The case closed or broke the database on purpose.
    }
  }
  ws.reset();
  db.reset();
}

Project BackendTest::make_project(const std::string& key) {
  return ws->projects().create({.name = "Project " + key, .key = key});
}

Ticket BackendTest::make_ticket(const Project& p, const std::string& title) {
  return ws->tickets().create({.project_id = p.id, .title = title});
}

Task BackendTest::make_task(const Ticket& t, const std::string& title,
                            std::vector<std::string> depends_on) {
  return ws->tasks().create(
      {.ticket_id = t.id, .title = title, .depends_on = std::move(depends_on)});
}

std::vector<std::string> BackendTest::event_types(long long since) {
  std::vector<std::string> out;
  for (const auto& e : ws->events().read({.since = since, .limit = 10000}))
    out.push_back(e.event_type);
  return out;
}

}  // namespace dagboard::test
