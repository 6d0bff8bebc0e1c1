// SPDX-License-Identifier: Apache-2.0
// Statistics on a project of 10,000 tickets, 100,000 tasks and 1,000,000 events over 90 days
// (seeded by benchmarks/stats/seed.py; benchmarks/stats/run.sh does both).
//
//   bench_statistics sqlite:///path/to/seeded.db [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include <dagboard/dagboard.hpp>

namespace {

using namespace dagboard;

std::optional<Workspace> ws;

StatsRange last_90_days() {
  auto now = dagboard::now();
  return {"STAT", now - std::chrono::hours(24 * 90), now, Bucket::day};
}

void Overview(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().overview("STAT"));
}
void TicketStatisticsAllTime(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().tickets("STAT"));
}
void AgentStatisticsNow(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().agents("STAT"));
}
void CumulativeFlow90Days(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().flow(last_90_days()));
}
void Throughput90Days(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().throughput(last_90_days()));
}
void CycleTimes90Days(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().cycle_times(last_90_days()));
}
void TimeInPhase90Days(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().time_in_phase(last_90_days()));
}
void Utilisation90Days(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().utilisation(last_90_days()));
}
// The full replay of the log against the table (what a check costs).
void CheckAgainstTheLog(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws->statistics().check());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_statistics URL [benchmark flags]\n");
    return 2;
  }
  ws = Workspace::open(argv[1]);
  using Fn = void (*)(benchmark::State&);
  const std::pair<const char*, Fn> cases[] = {
      {"Overview", Overview},
      {"TicketStatisticsAllTime", TicketStatisticsAllTime},
      {"AgentStatistics", AgentStatisticsNow},
      {"CumulativeFlow90Days", CumulativeFlow90Days},
      {"Throughput90Days", Throughput90Days},
      {"CycleTimes90Days", CycleTimes90Days},
      {"TimeInPhase90Days", TimeInPhase90Days},
      {"Utilisation90Days", Utilisation90Days}};
  for (auto [name, fn] : cases)
    benchmark::RegisterBenchmark(name, fn)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true)->ComputeStatistics("p50", [](const std::vector<double>& v) {
      std::vector<double> s = v;
      std::sort(s.begin(), s.end());
      return s[s.size() / 2];
    });
  benchmark::RegisterBenchmark("CheckAgainstTheLog", CheckAgainstTheLog)->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::RunSpecifiedBenchmarks();
  ws.reset();
  return 0;
}
