// SPDX-License-Identifier: Apache-2.0
// Documents and discoveries, per backend.
//
//   bench_documents [--benchmark_* flags]
//   DAGBOARD_BENCH_PG_URL=postgresql://... adds the PostgreSQL runs.
//
// Scenarios (issue 7's goals):
//   StoreRetrieve10KB/<backend>   the content store: store then retrieve 1,000 distinct 10 KB
//                                 documents (goal: p50 of the pair < 1 ms on SQLite)
//   DocumentVersion10KB/<backend> a requirements document of 10 KB (40 requirements read out and
//                                 stored) as a new document, then its content read back
//   RecordAndBranch/<backend>     1,000 record_and_branch calls (discovery + spawned task + events)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <dagboard/dagboard.hpp>

#include "bench_files.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Target {
  std::string name;
  std::string url;
};

std::string open_url(const Target& t) {
  static int counter = 0;
  if (t.name != "sqlite_file") return t.url;
  return "sqlite://" +
         (std::filesystem::temp_directory_path() / ("dagboard-bench-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(counter++) + ".db"))
             .string();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

void report(benchmark::State& state, const std::vector<double>& micros,
            const std::string& prefix = "") {
  state.counters[prefix + "p50_us"] = percentile(micros, 0.50);
  state.counters[prefix + "p90_us"] = percentile(micros, 0.90);
  state.counters[prefix + "p99_us"] = percentile(micros, 0.99);
}

double since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// 10,240 bytes of markdown, unique per (run, i): a requirement every 256 bytes.
std::string document_text(int run, int i) {
  std::string text =
      "# Bench " + std::to_string(run) + "-" + std::to_string(i) + "\n## Functional requirements\n";
  for (int r = 1; text.size() < 10240 - 200; ++r) {
    text += "### REQ-" + std::to_string(r) + ": item " + std::to_string(r) + "\n";
    text += "WHEN event " + std::to_string(r) +
            " happens THE SYSTEM SHALL record it within 2 seconds. ";
    while (text.size() % 256 != 0) text += 'x';
    text += '\n';
  }
  text.resize(10240, 'y');
  return text;
}

void store_retrieve(benchmark::State& state, Target target) {
  auto ws = dagboard::Workspace::open(open_url(target));
  static int run = 0;
  ++run;
  std::vector<double> pair, store, retrieve;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      std::string text = document_text(run * 1000 + static_cast<int>(state.iterations()), i);
      auto start = Clock::now();
      auto stored = ws.document_store().store(text);
      double stored_at = since(start);
      auto back = ws.document_store().retrieve(stored.content_hash);
      pair.push_back(since(start));
      store.push_back(stored_at);
      retrieve.push_back(pair.back() - stored_at);
      benchmark::DoNotOptimize(back.data());
    }
  }
  report(state, pair);
  report(state, store, "store_");
  report(state, retrieve, "retrieve_");
}

void document_version(benchmark::State& state, Target target) {
  auto ws = dagboard::Workspace::open(open_url(target));
  static int run = 0;
  ++run;
  std::vector<double> micros;
  long long requirements = 0;
  for (auto _ : state) {
    for (int i = 0; i < 300; ++i) {
      std::string text =
          document_text(1000000 + run * 1000 + static_cast<int>(state.iterations()), i);
      auto start = Clock::now();
      auto doc = ws.documents().store({.kind = "requirements", .title = "bench", .content = text});
      auto back = ws.documents().content(doc.id);
      micros.push_back(since(start));
      requirements = doc.total_requirements;
      benchmark::DoNotOptimize(back.data());
    }
  }
  report(state, micros);
  state.counters["requirements"] = static_cast<double>(requirements);
}

void record_and_branch(benchmark::State& state, Target target) {
  auto ws = dagboard::Workspace::open(open_url(target));
  static int counter = 0;
  std::string key = "D" + std::to_string(::getpid() % 100000) + "X" + std::to_string(++counter);
  auto p = ws.projects().create({.name = "bench", .key = key});
  auto t = ws.tickets().create({.project_id = p.id, .title = "bench"});
  auto src = ws.tasks().create({.ticket_id = t.id, .title = "source"});
  std::vector<double> micros;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      auto start = Clock::now();
      auto r = ws.discoveries().record_and_branch(
          {.source_task_id = src.id,
           .discovery_type = "bug",
           .description = "found bug " + std::to_string(i),
           .priority_boost = true},
          {.phase_id = "PHASE_IMPLEMENTATION", .description = "fix bug " + std::to_string(i)});
      micros.push_back(since(start));
      benchmark::DoNotOptimize(r.task.id.data());
    }
  }
  report(state, micros);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Target> targets{{"sqlite_file", ""}};
  if (const char* pg = std::getenv("DAGBOARD_BENCH_PG_URL"); pg && *pg)
    targets.push_back({"postgresql", pg});
  for (const auto& t : targets) {
    benchmark::RegisterBenchmark(("StoreRetrieve10KB/" + t.name).c_str(), store_retrieve, t)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("DocumentVersion10KB/" + t.name).c_str(), document_version, t)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("RecordAndBranch/" + t.name).c_str(), record_and_branch, t)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  dagboard::bench::remove_own_temp_files();
  return 0;
}
