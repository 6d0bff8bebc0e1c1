// SPDX-License-Identifier: Apache-2.0
// The dependency graph engine: in memory, through the API on SQLite, and claims under contention.
//
//   bench_graph [--benchmark_filter=...]
//   DAGBOARD_BENCH_PG_URL=postgresql://... adds claims on PostgreSQL.
//
// Random DAGs: task i depends on up to 5 distinct earlier tasks (uniform), so E ≈ 5 N.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>
#include <unistd.h>

#include <dagboard/dagboard.hpp>

#include "bench_files.hpp"

#include "graph/algorithms.hpp"
#include "graph/project_graph.hpp"

namespace {

using namespace dagboard;

std::string uuid_for(size_t i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012zx", i);
  return buf;
}

std::vector<std::vector<size_t>> random_dag(size_t n, size_t degree, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<size_t>> deps(n);
  for (size_t i = 1; i < n; ++i) {
    size_t k = std::min(degree, i);
    for (size_t j = 0; j < k; ++j) deps[i].push_back(rng() % i);
    std::sort(deps[i].begin(), deps[i].end());
    deps[i].erase(std::unique(deps[i].begin(), deps[i].end()), deps[i].end());
  }
  return deps;
}

std::unique_ptr<graph::ProjectGraph> build_index(const std::vector<std::vector<size_t>>& deps) {
  auto g = std::make_unique<graph::ProjectGraph>(1);
  for (size_t i = 0; i < deps.size(); ++i) {
    graph::TaskFacts f;
    f.id = uuid_for(i);
    f.phase_id = "PHASE_IMPLEMENTATION";
    f.created_at = static_cast<long long>(i);
    for (size_t d : deps[i]) f.depends_on.push_back(uuid_for(d));
    g->upsert(f);
  }
  g->shrink_to_fit();  // as the bulk loader does
  return g;
}

// The baseline: Kahn's algorithm over a flat CSR array, nothing else.
size_t csr_kahn(const std::vector<uint32_t>& offsets, const std::vector<uint32_t>& targets,
                std::vector<uint32_t> indegree, std::vector<uint32_t>& order) {
  order.clear();
  for (uint32_t v = 0; v < indegree.size(); ++v)
    if (indegree[v] == 0) order.push_back(v);
  for (size_t i = 0; i < order.size(); ++i) {
    uint32_t u = order[i];
    for (uint32_t e = offsets[u]; e < offsets[u + 1]; ++e)
      if (--indegree[targets[e]] == 0) order.push_back(targets[e]);
  }
  return order.size();
}

void InMemoryOrderWavesCriticalPath(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  static std::map<size_t, std::unique_ptr<graph::ProjectGraph>> cache;
  auto deps = random_dag(n, 5, 42);
  if (!cache[n]) cache[n] = build_index(deps);
  const auto& g = *cache[n];
  for (auto _ : state) {
    auto waves = graph::kahn_waves(g);
    auto lp = graph::longest_path(g, waves, false);
    benchmark::DoNotOptimize(lp.length);
  }
  state.counters["edges"] = static_cast<double>(g.edge_count());
  state.counters["index_MB"] = static_cast<double>(g.memory_bytes()) / (1024.0 * 1024.0);
}

void PlainCsrKahn(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  auto deps = random_dag(n, 5, 42);
  std::vector<uint32_t> offsets(n + 1, 0), indegree(n, 0), targets, order;
  std::vector<std::vector<uint32_t>> out(n);
  for (size_t v = 0; v < n; ++v)
    for (size_t u : deps[v]) {
      out[u].push_back(static_cast<uint32_t>(v));
      ++indegree[v];
    }
  for (size_t u = 0; u < n; ++u) {
    offsets[u + 1] = offsets[u] + static_cast<uint32_t>(out[u].size());
    targets.insert(targets.end(), out[u].begin(), out[u].end());
  }
  for (auto _ : state) benchmark::DoNotOptimize(csr_kahn(offsets, targets, indegree, order));
  state.counters["edges"] = static_cast<double>(targets.size());
}

void InMemoryEdgeInsertWithCycleCheck(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  auto deps = random_dag(n, 5, 43);
  auto g = build_index(deps);
  std::mt19937_64 rng(7);
  size_t cycles = 0;
  for (auto _ : state) {
    size_t t = rng() % n, u = rng() % n;
    if (t == u) continue;
    graph::Node tn = g->find(uuid_for(t)), un = g->find(uuid_for(u));
    if (!g->dependency_path(un, tn).empty()) {
      ++cycles;
      continue;
    }
    graph::TaskFacts f;  // t gains the dependency u
    f.id = uuid_for(t);
    f.phase_id = "PHASE_IMPLEMENTATION";
    f.created_at = static_cast<long long>(t);
    for (size_t d : deps[t]) f.depends_on.push_back(uuid_for(d));
    f.depends_on.push_back(uuid_for(u));
    deps[t].push_back(u);
    g->upsert(f);
  }
  state.counters["refused_cycles"] = static_cast<double>(cycles);
}

// A SQLite file holding one project of n tasks and ~5n edges, built once per size.
struct SqliteFixture {
  std::string url;
  std::string project_id;
  std::vector<std::string> ids;
};

SqliteFixture& sqlite_fixture(size_t n) {
  static std::map<size_t, SqliteFixture> fixtures;
  auto& f = fixtures[n];
  if (!f.url.empty()) return f;
  auto path = std::filesystem::temp_directory_path() /
              ("dagboard-bench-graph-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".db");
  f.url = "sqlite://" + path.string();
  auto ws = Workspace::open(f.url);
  auto p = ws.projects().create({.name = "bench", .key = "GRAPH"});
  auto t = ws.tickets().create({.project_id = p.id, .title = "bench"});
  f.project_id = p.id;
  auto deps = random_dag(n, 5, 44);
  for (size_t begin = 0; begin < n; begin += 20000) {
    std::vector<NewTask> batch;
    for (size_t i = begin; i < std::min(n, begin + 20000); ++i) {
      NewTask nt{.id = uuid_for(i), .ticket_id = t.id, .title = "t" + std::to_string(i)};
      for (size_t d : deps[i]) nt.depends_on.push_back(uuid_for(d));
      batch.push_back(std::move(nt));
    }
    ws.tasks().create_many(batch);
  }
  for (size_t i = 0; i < n; ++i) f.ids.push_back(uuid_for(i));
  return f;
}

void SqliteReady(benchmark::State& state) {
  auto& f = sqlite_fixture(static_cast<size_t>(state.range(0)));
  auto ws = Workspace::open(f.url);
  ws.graph().ready(f.project_id);  // warm the index
  for (auto _ : state) benchmark::DoNotOptimize(ws.graph().ready(f.project_id, {.page = {.limit = 10}}).items.size());
}

void SqliteColdLoadAndReady(benchmark::State& state) {
  auto& f = sqlite_fixture(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto ws = Workspace::open(f.url);  // a fresh workspace has no index yet
    state.ResumeTiming();
    benchmark::DoNotOptimize(ws.graph().ready(f.project_id).items.size());
  }
}

void SqliteAddDependencyCommitted(benchmark::State& state) {
  auto& f = sqlite_fixture(static_cast<size_t>(state.range(0)));
  auto ws = Workspace::open(f.url);
  ws.graph().ready(f.project_id);
  std::mt19937_64 rng(11);
  size_t refused = 0;
  for (auto _ : state) {
    const auto& task = f.ids[rng() % f.ids.size()];
    const auto& dep = f.ids[rng() % f.ids.size()];
    if (task == dep) continue;
    try {
      ws.tasks().add_dependencies(task, {dep});
    } catch (const DependencyCycle&) {
      ++refused;
    }
  }
  state.counters["refused_cycles"] = static_cast<double>(refused);
}

void Claims(benchmark::State& state, std::string url_or_empty) {
  const int agents = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    std::string url = url_or_empty;
    if (url.empty())
      url = "sqlite://" + (std::filesystem::temp_directory_path() /
                           ("dagboard-bench-claims-" + std::to_string(getpid()) + ".db")).string();
    auto ws = Workspace::open(url, {.pool_size = agents});
    std::string key = "C" + std::to_string(getpid() % 100000) + "X" + std::to_string(std::rand() % 1000);
    auto p = ws.projects().create({.name = "claims", .key = key});
    auto t = ws.tickets().create({.project_id = p.id, .title = "claims"});
    std::vector<NewTask> batch(2000);
    for (auto& nt : batch) {
      nt.ticket_id = t.id;
      nt.title = "w";
    }
    ws.tasks().create_many(batch);
    std::vector<std::string> ids;
    for (int i = 0; i < agents; ++i)
      ids.push_back(ws.agents().register_agent({.project_id = p.id, .capacity = 1000}).id);
    state.ResumeTiming();
    std::atomic<long> claimed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < agents; ++i)
      threads.emplace_back([&, i] {
        try {
          while (ws.scheduler().claim(ids[i])) ++claimed;
        } catch (const Error& e) {  // AGENT_NOT_AVAILABLE once an agent holds its capacity
          if (e.code() != ErrorCode::agent_not_available) throw;
        }
      });
    for (auto& th : threads) th.join();
    state.counters["claims"] = static_cast<double>(claimed.load());
    state.counters["claims_per_s"] = benchmark::Counter(static_cast<double>(claimed.load()), benchmark::Counter::kIsRate);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("InMemory/OrderWavesCriticalPath", InMemoryOrderWavesCriticalPath)
      ->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("InMemory/PlainCsrKahn", PlainCsrKahn)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("InMemory/EdgeInsertWithCycleCheck", InMemoryEdgeInsertWithCycleCheck)
      ->Arg(100000)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("SQLite/Ready", SqliteReady)->Arg(100000)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("SQLite/ColdLoadAndReady", SqliteColdLoadAndReady)
      ->Arg(100000)->Iterations(3)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("SQLite/AddDependencyCommitted", SqliteAddDependencyCommitted)
      ->Arg(100000)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("SQLite/Claims", Claims, std::string())
      ->Arg(1)->Arg(8)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  if (const char* pg = std::getenv("DAGBOARD_BENCH_PG_URL"); pg && *pg)
    benchmark::RegisterBenchmark("PostgreSQL/Claims", Claims, std::string(pg))
        ->Arg(1)->Arg(8)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  dagboard::bench::remove_own_temp_files();
  return 0;
}
