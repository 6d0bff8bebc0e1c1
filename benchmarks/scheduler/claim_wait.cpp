// SPDX-License-Identifier: Apache-2.0
// Agents waiting in claim(wait): what they cost while idle, and how soon one gets new work.
//
//   bench_claim_wait URL [agents=100] [rounds=60]
//
// Phase 1: `agents` threads block in claim(wait); the process's CPU time over 5 idle seconds is
// measured, and, in the same run, the same agents polling claim() every 100 ms instead.
// Phase 2: one task is created at a time; the latency is from its creation (the creating
// transaction's clock) to the moment a waiting agent's claim returns it.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <dagboard/dagboard.hpp>

namespace {

using namespace std::chrono_literals;

// CPU time of every thread of the process, to the nanosecond (getrusage counts in ticks).
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double idle_cpu_percent(std::chrono::seconds span) {
  double before = cpu_seconds();
  std::this_thread::sleep_for(span);
  return (cpu_seconds() - before) / static_cast<double>(span.count()) * 100.0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s URL [agents=100] [rounds=60]\n", argv[0]);
    return 2;
  }
  const int agents = argc > 2 ? std::stoi(argv[2]) : 100;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 60;
  auto ws = dagboard::Workspace::open(argv[1]);
  std::string key =
      "W" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 100000000);
  auto project = ws.projects().create({.name = "Waiting", .key = key});
  auto ticket = ws.tickets().create({.project_id = project.id, .title = "work"});
  std::vector<dagboard::Agent> fleet;
  for (int i = 0; i < agents; ++i)
    fleet.push_back(ws.agents().register_agent({.project_id = project.id, .capacity = 1000}));

  // Baseline in the same run: the agents poll every 100 ms instead of waiting.
  std::atomic<bool> polling{true};
  std::vector<std::thread> pollers;
  for (const auto& a : fleet)
    pollers.emplace_back([&, id = a.id] {
      while (polling) {
        ws.scheduler().claim(id);
        std::this_thread::sleep_for(100ms);
      }
    });
  std::this_thread::sleep_for(1s);
  double polling_cpu = idle_cpu_percent(5s);
  polling = false;
  for (auto& t : pollers) t.join();

  std::atomic<bool> stop{false};
  std::atomic<int> claimed{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::vector<std::thread> waiters;
  for (const auto& a : fleet)
    waiters.emplace_back([&, id = a.id] {
      while (!stop) {
        auto t = ws.scheduler().claim(id, {.wait_seconds = 120});
        if (!t) continue;
        auto latency =
            std::chrono::duration<double, std::milli>(dagboard::now() - t->created_at).count();
        {
          std::lock_guard lock(mutex);
          latencies_ms.push_back(latency);
        }
        ws.tasks().complete(t->id, {id});
        ++claimed;
      }
    });
  std::this_thread::sleep_for(1s);
  double waiting_cpu = idle_cpu_percent(5s);

  for (int r = 0; r < rounds; ++r) {
    ws.tasks().create({.ticket_id = ticket.id, .title = "job"});
    for (int k = 0; k < 2000 && claimed < r + 1; ++k) std::this_thread::sleep_for(1ms);  // bounded
    std::this_thread::sleep_for(50ms);  // the winner goes back to waiting
  }
  stop = true;
  ws.scheduler().interrupt_waits();
  for (auto& t : waiters) t.join();

  std::printf("claim_wait backend=%s agents=%d\n", std::string(ws.backend()).c_str(), agents);
  std::printf("  idle CPU, %d agents waiting in claim(wait): %.2f%% of one core\n", agents,
              waiting_cpu);
  std::printf("  idle CPU, %d agents polling every 100 ms:   %.2f%% of one core (%.0fx)\n", agents,
              polling_cpu, waiting_cpu > 0 ? polling_cpu / waiting_cpu : 0.0);
  if (latencies_ms.empty()) {
    std::printf("  no task was claimed\n");
    return 1;
  }
  std::printf("  ready -> claimed, %zu tasks: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              latencies_ms.size(), percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.9),
              percentile(latencies_ms, 0.99),
              *std::max_element(latencies_ms.begin(), latencies_ms.end()));
  return static_cast<int>(latencies_ms.size()) == rounds ? 0 : 1;
}
