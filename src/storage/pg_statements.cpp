// SPDX-License-Identifier: Apache-2.0
#include "storage/pg_statements.hpp"

#include <pthread.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

namespace DAGBOARD_NAMESPACE::storage::pg {
namespace {

// Enough for every fixed statement of the library; texts that vary (IN lists of other lengths)
// past this run unprepared.
constexpr size_t kMaxPreparedPerConnection = 400;

struct Statement {
  int uses = 0;
  std::string name;  // empty until prepared
};

struct ConnectionStatements {
  int backend_pid = 0;  // a different server process behind the same PGconn: start over
  std::unordered_map<std::string, Statement> by_sql;
  int prepared = 0;
};

// Keyed by connection. The pool hands a connection to one thread at a time; the mutex only
// guards the map itself.
std::mutex registry_mutex;
std::unordered_map<const PGconn*, ConnectionStatements> registry;

// A process forked while another thread (the event thread, say) held the mutex would find it
// locked forever; hold it across fork() so that both sides start with it free.
const bool fork_safe = [] {
  pthread_atfork([] { registry_mutex.lock(); }, [] { registry_mutex.unlock(); },
                 [] { registry_mutex.unlock(); });
  return true;
}();

PGconn* connection_of(soci::session& session) {
  PGconn* conn = connection(session);
  if (!conn) throw std::logic_error("not a connected PostgreSQL session");
  return conn;
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

[[noreturn]] void fail(PGconn* conn, const PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw soci::postgresql_soci_error(message, state ? state : "08006");
}

ResultPtr checked(PGconn* conn, PGresult* raw) {
  ResultPtr result(raw, &PQclear);
  auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(conn, result.get());
  return result;
}

// The name of the prepared statement for `sql` on `conn`, preparing it on its second use;
// empty when it should run unprepared.
std::string prepared_name(PGconn* conn, const std::string& sql, int param_count) {
  std::unique_lock lock(registry_mutex);
  auto& mine = registry[conn];
  int pid = PQbackendPID(conn);
  if (mine.backend_pid != pid) mine = ConnectionStatements{pid, {}, 0};
  auto it = mine.by_sql.find(sql);
  if (it == mine.by_sql.end()) {
    if (mine.by_sql.size() < kMaxPreparedPerConnection) mine.by_sql.emplace(sql, Statement{1, {}});
    return {};
  }
  Statement& st = it->second;
  if (!st.name.empty()) return st.name;
  if (++st.uses < 2) return {};
  std::string name = "dagboard_" + std::to_string(++mine.prepared);
  lock.unlock();  // the connection is ours alone; only the map needs the lock
  checked(conn, PQprepare(conn, name.c_str(), sql.c_str(), param_count, nullptr));
  lock.lock();
  registry[conn].by_sql[sql].name = name;
  return name;
}

// Reads every result of a pipeline up to its sync point. Returns the first failure, if any.
struct PipelineResults {
  std::vector<ResultPtr> results;  // one per query, in order
  ResultPtr failure{nullptr, &PQclear};
};

PipelineResults drain_pipeline(PGconn* conn) {
  PipelineResults out;
  for (;;) {
    PGresult* raw = PQgetResult(conn);
    if (!raw) {  // end of one query's results, or a lost connection
      if (PQstatus(conn) == CONNECTION_BAD) return out;
      continue;
    }
    ResultPtr r(raw, &PQclear);
    auto status = PQresultStatus(raw);
    if (status == PGRES_PIPELINE_SYNC) return out;
    if (status == PGRES_FATAL_ERROR && !out.failure) out.failure = std::move(r);
    else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) out.results.push_back(std::move(r));
    // PGRES_PIPELINE_ABORTED: skipped after the failure
  }
}

}  // namespace

void run_then_commit(soci::session& session, const std::string& sql, const std::vector<const char*>& values,
                     const std::function<void(const Row&)>& each) {
  PGconn* conn = connection_of(session);
  int count = static_cast<int>(values.size());
  std::string name = prepared_name(conn, sql, count);
  if (!PQenterPipelineMode(conn)) fail(conn, nullptr);
  bool sent = name.empty()
                  ? PQsendQueryParams(conn, sql.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0)
                  : PQsendQueryPrepared(conn, name.c_str(), count, values.data(), nullptr, nullptr, 0);
  sent = sent && PQsendQueryParams(conn, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) &&
         PQpipelineSync(conn);
  PipelineResults results;
  if (sent) results = drain_pipeline(conn);
  PQexitPipelineMode(conn);
  if (!sent) fail(conn, nullptr);
  if (results.failure) fail(conn, results.failure.get());
  if (results.results.size() != 2) throw soci::postgresql_soci_error("pipeline lost a result", "08006");
  const PGresult* rows = results.results.front().get();
  for (int r = 0; r < PQntuples(rows); ++r) each(Row(rows, r));
}

long long run(soci::session& session, const std::string& sql, const std::vector<const char*>& values,
              const std::function<void(const Row&)>* each) {
  PGconn* conn = connection_of(session);
  int count = static_cast<int>(values.size());
  std::string name = prepared_name(conn, sql, count);
  ResultPtr result = checked(
      conn, name.empty()
                ? PQexecParams(conn, sql.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0)
                : PQexecPrepared(conn, name.c_str(), count, values.data(), nullptr, nullptr, 0));
  if (each) {
    int rows = PQntuples(result.get());
    for (int r = 0; r < rows; ++r) (*each)(Row(result.get(), r));
  }
  const char* changed = PQcmdTuples(result.get());
  return changed && *changed ? std::strtoll(changed, nullptr, 10) : 0;
}

PGconn* connection(soci::session& session) noexcept {
  try {
    auto* backend = session.get_backend();
    // SOCI does not export the backend's type info, so check by name, then cast.
    if (!backend || backend->get_backend_name() != "postgresql") return nullptr;
    return static_cast<soci::postgresql_session_backend*>(backend)->conn_;
  } catch (...) {
    return nullptr;
  }
}

void forget(const PGconn* conn) {
  std::lock_guard lock(registry_mutex);
  registry.erase(conn);
}

}  // namespace dagboard::storage::pg
