// SPDX-License-Identifier: Apache-2.0
#include "stats/series.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include <dagboard/errors.hpp>

#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::stats {
namespace {

using Micros = long long;
constexpr Micros kSecond = 1'000'000;
constexpr Micros kMondayOffset = 4 * 86400 * kSecond;  // 1970-01-01 was a Thursday

Micros us(Timestamp t) { return util::to_micros(t); }
double seconds(Micros d) { return static_cast<double>(d) / kSecond; }

Micros bucket_length(Bucket b) {
  switch (b) {
    case Bucket::hour: return 3600 * kSecond;
    case Bucket::day: return 86400 * kSecond;
    case Bucket::week: return 7 * 86400 * kSecond;
  }
  return 86400 * kSecond;
}

Micros floor_to(Micros t, Bucket b) {
  Micros len = bucket_length(b), offset = b == Bucket::week ? kMondayOffset : 0;
  Micros shifted = t - offset;
  Micros q = shifted / len - (shifted % len < 0 ? 1 : 0);
  return q * len + offset;
}

// Where bucket `i` ends (the next one's start, or the range's end).
Micros bucket_end(const SeriesFrame& f, size_t i) {
  return i + 1 < f.buckets.size() ? us(f.buckets[i + 1]) : us(f.to);
}





struct Interval {
  Micros begin, end;
};

// The part of [begin, end) inside [lo, hi).
Micros overlap(Micros begin, Micros end, Micros lo, Micros hi) {
  return std::max<Micros>(0, std::min(end, hi) - std::max(begin, lo));
}

std::vector<Interval> merged(std::vector<Interval> v) {
  std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.begin < b.begin; });
  std::vector<Interval> out;
  for (const auto& i : v) {
    if (!out.empty() && i.begin <= out.back().end) out.back().end = std::max(out.back().end, i.end);
    else out.push_back(i);
  }
  return out;
}


}  // namespace

long long bucket_micros(Bucket b) { return bucket_length(b); }

SeriesFrame make_frame(const StatsRange& range, Timestamp now) {
  SeriesFrame f;
  f.bucket = range.bucket;
  Micros len = bucket_length(range.bucket);
  f.to = range.to.value_or(now);
  f.from = range.from.value_or(util::from_micros(us(f.to) - 30 * len));
  if (f.from >= f.to) throw ValidationError("to", "the range must end after it starts");
  Micros first = floor_to(us(f.from), range.bucket);
  Micros count = (us(f.to) - first + len - 1) / len;
  if (count > kMaxStatsBuckets)
    throw ValidationError("bucket", "the range holds " + std::to_string(count) + " " +
                                        std::string(to_string(range.bucket)) + " buckets; at most " +
                                        std::to_string(kMaxStatsBuckets) + " are allowed",
                          Json{{"buckets", count}, {"max_buckets", kMaxStatsBuckets}});
  for (Micros b = first; b < us(f.to); b += len) f.buckets.push_back(util::from_micros(b));
  f.from = f.buckets.front();
  return f;
}

DurationSummary summarize(std::vector<double> v) {
  DurationSummary s;
  s.count = static_cast<long long>(v.size());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double p) { return v[static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1]; };
  s.p50 = rank(0.5);
  s.p90 = rank(0.9);
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  return s;
}

FlowSeries flow(const SeriesFrame& f, const std::map<std::string, long long>& phases_at_start,
                const std::vector<PhaseMove>& moves, const Workflow& w, Timestamp now) {
  FlowSeries s{f, {}};
  std::map<std::string, size_t> column_of_phase;
  for (const auto& c : w.columns) {
    for (const auto& p : c.phase_mapping) column_of_phase.emplace(p, s.columns.size());
    s.columns.push_back({c.id, c.name, c.wip_limit, {}, {}, {}});
  }
  size_t n = f.buckets.size(), columns = s.columns.size();
  for (auto& c : s.columns) {
    c.counts.assign(n, 0);
    c.average.assign(n, 0);
    c.peak.assign(n, 0);
  }
  auto column = [&](const std::optional<std::string>& phase) -> long {
    auto it = phase ? column_of_phase.find(*phase) : column_of_phase.end();
    return it == column_of_phase.end() ? -1 : static_cast<long>(it->second);
  };
  std::vector<long long> count(columns, 0);
  for (const auto& [phase, k] : phases_at_start)
    if (long c = column(phase); c >= 0) count[c] += k;
  auto apply = [&](const PhaseMove& m) {
    if (long from = column(m.from); from >= 0) --count[from];
    if (long to = column(m.to); to >= 0) ++count[to];
  };
  size_t next = 0;
  Micros live_end = std::min(us(f.to), us(now));  // no time passes after now
  for (size_t b = 0; b < n; ++b) {
    Micros begin = us(f.buckets[b]), end = bucket_end(f, b);
    Micros open = std::max(begin, std::min(end, live_end));
    auto note_peak = [&] {
      for (size_t c = 0; c < columns; ++c) s.columns[c].peak[b] = std::max(s.columns[c].peak[b], count[c]);
    };
    std::vector<double> area(columns, 0);
    Micros last = begin;
    if (begin < live_end) note_peak();
    for (; next < moves.size() && us(moves[next].at) < end; ++next) {
      Micros t = std::min(us(moves[next].at), open);
      for (size_t c = 0; c < columns; ++c) area[c] += static_cast<double>(count[c]) * static_cast<double>(t - last);
      last = t;
      apply(moves[next]);
      if (us(moves[next].at) < live_end) note_peak();
    }
    for (size_t c = 0; c < columns; ++c) {
      area[c] += static_cast<double>(count[c]) * static_cast<double>(open - last);
      s.columns[c].counts[b] = count[c];
      s.columns[c].average[b] = open > begin ? area[c] / static_cast<double>(open - begin) : 0;
    }
  }
  return s;
}

CycleTimes cycle_times(const SeriesFrame& f, const std::vector<Arrival>& arrivals) {
  std::vector<double> ticket_lead, ticket_cycle, task_lead, task_cycle;
  for (const auto& a : arrivals) {
    (a.ticket ? ticket_lead : task_lead).push_back(seconds(us(a.at) - us(a.created)));
    (a.ticket ? ticket_cycle : task_cycle).push_back(seconds(std::max<Micros>(0, us(a.at) - us(a.started))));
  }
  return CycleTimes{f, summarize(std::move(ticket_lead)), summarize(std::move(ticket_cycle)),
                    summarize(std::move(task_lead)), summarize(std::move(task_cycle))};
}

UtilisationSeries utilisation(const SeriesFrame& f, const std::vector<RunningStay>& stays,
                              const std::map<std::string, TaskOutcomes>& outcomes, Timestamp now) {
  UtilisationSeries s{f, {}};
  Micros hi = std::min(us(f.to), us(now));
  std::map<std::string, std::vector<Interval>> running;
  for (const auto& stay : stays) {
    Micros end = stay.end ? us(*stay.end) : hi;
    if (overlap(us(stay.begin), end, us(f.from), hi) > 0) running[stay.agent_id].push_back({us(stay.begin), end});
  }
  std::map<std::string, AgentUtilisation> agents;
  for (const auto& [agent, o] : outcomes) {
    agents[agent].tasks_completed = o.completed;
    agents[agent].tasks_failed = o.failed;
  }
  for (const auto& [agent, intervals] : running) agents[agent];
  Micros length = bucket_length(f.bucket), first = us(f.buckets.front());
  for (auto& [agent, a] : agents) {
    a.agent_id = agent;
    a.busy.assign(f.buckets.size(), 0);
    for (const auto& i : merged(running[agent])) {
      // Only the buckets the interval touches.
      auto b = static_cast<size_t>(std::max<Micros>(0, (i.begin - first) / length));
      for (; b < f.buckets.size() && us(f.buckets[b]) < i.end; ++b) {
        Micros begin = us(f.buckets[b]), end = std::min(bucket_end(f, b), hi);
        if (end > begin) a.busy[b] += static_cast<double>(overlap(i.begin, i.end, begin, end)) / static_cast<double>(end - begin);
      }
    }
    s.agents.push_back(std::move(a));
  }
  return s;
}

}  // namespace dagboard::stats
