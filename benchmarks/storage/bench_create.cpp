// SPDX-License-Identifier: Apache-2.0
// Task creation throughput and latency, per backend.
//
//   bench_storage [--benchmark_* flags]
//   DAGBOARD_BENCH_PG_URL=postgresql://... adds the PostgreSQL runs.
//
// Scenarios (issue 2's goals: a 10,000-task batch < 1 s and single-create p50 < 1 ms on SQLite):
//   CreateMany/<backend>/10000   one create_many call of 10,000 tasks (one transaction)
//   CreateOne/<backend>/1000     1,000 create calls, each its own transaction; reports p50/p90/p99
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include <dagboard/dagboard.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Target {
  std::string name;
  std::string url;
};

std::string fresh_sqlite_file() {
  static int counter = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("dagboard-bench-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
  return "sqlite://" + path.string();
}

dagboard::Ticket fresh_ticket(const dagboard::Workspace& ws) {
  static int counter = 0;
  // Unique across runs against one PostgreSQL database: process id and a counter.
  std::string key = "B" + std::to_string(::getpid() % 100000) + "X" + std::to_string(++counter);
  auto p = ws.projects().create({.name = "bench", .key = key});
  return ws.tickets().create({.project_id = p.id, .title = "bench ticket"});
}

std::string open_url(const Target& t) { return t.name == "sqlite_file" ? fresh_sqlite_file() : t.url; }

void create_many(benchmark::State& state, Target target) {
  auto ws = dagboard::Workspace::open(open_url(target));
  const auto count = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto ticket = fresh_ticket(ws);
    std::vector<dagboard::NewTask> batch(count);
    for (size_t i = 0; i < count; ++i) {
      batch[i].ticket_id = ticket.id;
      batch[i].title = "task " + std::to_string(i);
      batch[i].required_capabilities = {"python"};
    }
    state.ResumeTiming();
    auto created = ws.tasks().create_many(batch);
    benchmark::DoNotOptimize(created.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

void create_one(benchmark::State& state, Target target) {
  auto ws = dagboard::Workspace::open(open_url(target));
  const auto count = static_cast<size_t>(state.range(0));
  std::vector<double> micros;
  for (auto _ : state) {
    state.PauseTiming();
    auto ticket = fresh_ticket(ws);
    state.ResumeTiming();
    for (size_t i = 0; i < count; ++i) {
      auto start = Clock::now();
      auto task = ws.tasks().create({.ticket_id = ticket.id, .title = "task " + std::to_string(i)});
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      benchmark::DoNotOptimize(task.id.data());
    }
  }
  state.counters["p50_us"] = percentile(micros, 0.50);
  state.counters["p90_us"] = percentile(micros, 0.90);
  state.counters["p99_us"] = percentile(micros, 0.99);
  state.SetItemsProcessed(static_cast<int64_t>(micros.size()));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Target> targets{{"sqlite_file", ""}, {"sqlite_memory", "sqlite::memory:"}};
  if (const char* pg = std::getenv("DAGBOARD_BENCH_PG_URL"); pg && *pg) targets.push_back({"postgresql", pg});
  for (const auto& t : targets) {
    benchmark::RegisterBenchmark(("CreateMany/" + t.name).c_str(), create_many, t)
        ->Arg(10000)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(("CreateOne/" + t.name).c_str(), create_one, t)
        ->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
