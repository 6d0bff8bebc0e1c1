// SPDX-License-Identifier: Apache-2.0
// The board and the event stream: view of 10K tickets, move throughput, fan-out to 1,000
// filtered subscribers, and cross-process delivery latency.
//
//   bench_board [--benchmark_filter=...]
//   DAGBOARD_BENCH_PG_URL=postgresql://... adds the PostgreSQL cases.
#include <benchmark/benchmark.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <dagboard/dagboard.hpp>

#include "bench_files.hpp"

namespace {

using namespace dagboard;
using Clock = std::chrono::steady_clock;

std::string temp_sqlite(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() / ("dagboard-bench-" + name + "-" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(path);
  return "sqlite://" + path.string();
}

std::string url_or_sqlite(const std::string& url, const std::string& name) { return url.empty() ? temp_sqlite(name) : url; }

std::string unique_key() {
  static int n = 0;
  return "B" + std::to_string(getpid() % 10000) + "X" + std::to_string(++n);
}

// 10,000 tickets spread over the seven columns, as a busy board might look.
void BoardView10K(benchmark::State& state, std::string url) {
  auto ws = Workspace::open(url_or_sqlite(url, "view"));
  auto p = ws.projects().create({.name = "view", .key = unique_key()});
  const char* phases[] = {"PHASE_BACKLOG", "PHASE_DONE", "PHASE_BLOCKED"};  // the unlimited columns
  for (int i = 0; i < 10000; ++i)
    ws.tickets().create({.project_id = p.id, .title = "ticket " + std::to_string(i), .phase_id = phases[i % 3]});
  for (auto _ : state) benchmark::DoNotOptimize(ws.board().view(p.id));
  state.counters["tickets"] = 10000;
}

// One writer moving tickets between two unlimited columns.
void Moves(benchmark::State& state, std::string url) {
  auto ws = Workspace::open(url_or_sqlite(url, "moves"));
  auto p = ws.projects().create({.name = "moves", .key = unique_key()});
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(ws.tickets().create({.project_id = p.id, .title = "m"}).id);
  size_t i = 0;
  for (auto _ : state) {
    const std::string& id = ids[i % ids.size()];
    ws.board().move(id, (i / ids.size()) % 2 == 0 ? "done" : "backlog");
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// The per-subscriber matching cost alone: 1,000 filters against one event.
void FilterMatching1000(benchmark::State& state) {
  std::vector<EventFilter> filters;
  for (int i = 0; i < 1000; ++i)
    filters.push_back({.event_types = {"TICKET_CREATED", "TASK_ASSIGNED"}, .entity_ids = {"ticket-" + std::to_string(i)},
                       .project_id = "project-1"});
  Event e{1, "TICKET_CREATED", "ticket", "ticket-500", "project-1", Json::object(), std::nullopt, now()};
  size_t matched = 0;
  for (auto _ : state)
    for (const auto& f : filters) matched += f.matches(e);
  benchmark::DoNotOptimize(matched);
  state.counters["ns_per_subscriber"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1000, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// End to end in one process: 200 events delivered to 1,000 subscribers, each with a filter
// (every tenth matches every event).
void FanOut1000(benchmark::State& state) {
  auto ws = Workspace::open(temp_sqlite("fanout"));
  auto p = ws.projects().create({.name = "fan", .key = unique_key()});
  std::atomic<long> delivered{0};
  std::vector<Subscription> subs;
  for (int i = 0; i < 1000; ++i) {
    EventFilter f;
    if (i % 10 != 0) f.entity_ids = {"nothing-" + std::to_string(i)};
    subs.push_back(ws.events().subscribe(f, [&](const Event&) { ++delivered; }));
  }
  for (auto _ : state) {
    long target = delivered + 200 * 100;
    for (int i = 0; i < 200; ++i) ws.tickets().create({.project_id = p.id, .title = "e"});
    while (delivered < target) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  state.counters["deliveries_per_event"] = 100;
}

// Another process writes; this one is subscribed. Latency = delivery time - the event's
// created_at (its transaction's start: an upper bound on commit-to-delivery).
void CrossProcessLatency(benchmark::State& state, std::string url) {
  url = url_or_sqlite(url, "latency");
  auto ws = Workspace::open(url);
  std::string key = unique_key();
  ws.projects().create({.name = "lat", .key = key});
  std::mutex m;
  std::condition_variable cv;
  std::vector<double> latencies_ms;
  auto sub = ws.events().subscribe({.event_types = {"TICKET_CREATED"}}, [&](const Event& e) {
    double ms = std::chrono::duration<double, std::milli>(dagboard::now() - e.created_at).count();
    std::lock_guard lock(m);
    latencies_ms.push_back(ms);
    cv.notify_all();
  });
  constexpr int kEvents = 200;
  for (auto _ : state) {
    pid_t child = fork();
    if (child == 0) {
      auto other = Workspace::open(url, {.pool_size = 1});
      for (int i = 0; i < kEvents; ++i) {
        other.tickets().create({.project_id = key, .title = "l"});
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    std::unique_lock lock(m);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return latencies_ms.size() >= static_cast<size_t>(kEvents); });
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double q) { return latencies_ms.empty() ? 0.0 : latencies_ms[static_cast<size_t>(q * (latencies_ms.size() - 1))]; };
  state.counters["p50_ms"] = pct(0.5);
  state.counters["p99_ms"] = pct(0.99);
  state.counters["events"] = static_cast<double>(latencies_ms.size());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("SQLite/BoardView10K", BoardView10K, std::string())->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("SQLite/Moves", Moves, std::string())->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("InMemory/FilterMatching1000", FilterMatching1000)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("SQLite/FanOut1000Subscribers200Events", FanOut1000)
      ->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
  benchmark::RegisterBenchmark("SQLite/CrossProcessLatency", CrossProcessLatency, std::string())
      ->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  if (const char* pg = std::getenv("DAGBOARD_BENCH_PG_URL"); pg && *pg) {
    benchmark::RegisterBenchmark("PostgreSQL/BoardView10K", BoardView10K, std::string(pg))->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("PostgreSQL/Moves", Moves, std::string(pg))->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("PostgreSQL/CrossProcessLatency", CrossProcessLatency, std::string(pg))
        ->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  dagboard::bench::remove_own_temp_files();
  return 0;
}
