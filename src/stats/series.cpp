// SPDX-License-Identifier: Apache-2.0
#include "stats/series.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include <dagboard/errors.hpp>

#include "util/time.hpp"

namespace dagboard::stats {
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

// The bucket holding `t`, or -1 outside the range.
long bucket_of(const SeriesFrame& f, Micros t) {
  if (f.buckets.empty() || t < us(f.buckets.front()) || t >= us(f.to)) return -1;
  Micros len = bucket_length(f.bucket);
  return static_cast<long>((t - us(f.buckets.front())) / len);
}

bool arrived(const StateChange& c, const char* status) {
  return c.to_status == status && c.from_status != status;
}

// Each entity's changes, in log order.
std::map<std::string, std::vector<const StateChange*>> by_entity(const std::vector<StateChange>& changes) {
  std::map<std::string, std::vector<const StateChange*>> out;
  for (const auto& c : changes) out[c.entity_id].push_back(&c);
  return out;
}

// Sorted by time, then log order (clocks of different writers may disagree a little).
std::vector<const StateChange*> by_time(const std::vector<StateChange>& changes) {
  std::vector<const StateChange*> out;
  for (const auto& c : changes) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->at < b->at; });
  return out;
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

// Calls `each(change, next_at)` for every change of every entity: the state it set lasted until
// `next_at` (the entity's next change, or `open_end` for the last).
template <class F>
void for_each_stay(const std::vector<StateChange>& changes, Micros open_end, F each) {
  for (const auto& [id, list] : by_entity(changes))
    for (size_t i = 0; i < list.size(); ++i)
      each(*list[i], i + 1 < list.size() ? us(list[i + 1]->at) : open_end);
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

FlowSeries flow(const SeriesFrame& f, const std::vector<StateChange>& tickets, const Workflow& w,
                Timestamp now) {
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
  auto apply = [&](const StateChange& c) {
    if (long from = column(c.from_phase); from >= 0) --count[from];
    if (long to = column(c.to_phase); to >= 0) ++count[to];
  };
  auto sorted = by_time(tickets);
  size_t next = 0;
  for (; next < sorted.size() && us(sorted[next]->at) < us(f.from); ++next) apply(*sorted[next]);
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
    for (; next < sorted.size() && us(sorted[next]->at) < end; ++next) {
      Micros t = std::min(us(sorted[next]->at), open);
      for (size_t c = 0; c < columns; ++c) area[c] += static_cast<double>(count[c]) * static_cast<double>(t - last);
      last = t;
      apply(*sorted[next]);
      if (us(sorted[next]->at) < live_end) note_peak();
    }
    for (size_t c = 0; c < columns; ++c) {
      area[c] += static_cast<double>(count[c]) * static_cast<double>(open - last);
      s.columns[c].counts[b] = count[c];
      s.columns[c].average[b] = open > begin ? area[c] / static_cast<double>(open - begin) : 0;
    }
  }
  return s;
}

namespace {

// When work on an entity started: tickets when they first left the backlog, tasks when they
// first ran; without such a change, when it was created.
Micros work_started(const std::vector<const StateChange*>& list, bool ticket) {
  for (const auto* c : list) {
    if (ticket ? (c->to_status && *c->to_status != "backlog") : c->to_status == "running")
      return us(c->at);
  }
  return us(list.front()->at);
}

void lead_and_cycle(const SeriesFrame& f, const std::vector<StateChange>& changes, bool ticket,
                    DurationSummary& lead, DurationSummary& cycle) {
  const char* done = ticket ? "done" : "completed";
  std::vector<double> leads, cycles;
  for (const auto& [id, list] : by_entity(changes)) {
    if (list.front()->from_status) continue;  // created before the oldest kept change
    Micros created = us(list.front()->at), started = work_started(list, ticket);
    for (const auto* c : list) {
      if (!arrived(*c, done) || bucket_of(f, us(c->at)) < 0) continue;
      leads.push_back(seconds(us(c->at) - created));
      cycles.push_back(seconds(std::max<Micros>(0, us(c->at) - std::max(created, std::min(started, us(c->at))))));
    }
  }
  lead = summarize(std::move(leads));
  cycle = summarize(std::move(cycles));
}

}  // namespace

CycleTimes cycle_times(const SeriesFrame& f, const std::vector<StateChange>& tickets,
                       const std::vector<StateChange>& tasks) {
  CycleTimes s{f, {}, {}, {}, {}};
  lead_and_cycle(f, tickets, true, s.ticket_lead_time, s.ticket_cycle_time);
  lead_and_cycle(f, tasks, false, s.task_lead_time, s.task_cycle_time);
  return s;
}

TimeInPhase time_in_phase(const SeriesFrame& f, const std::vector<StateChange>& tickets,
                          Timestamp now) {
  TimeInPhase s{f, {}};
  Micros lo = us(f.from), hi = std::min(us(f.to), us(now));
  std::map<std::string, std::set<std::string>> who;
  for_each_stay(tickets, hi, [&](const StateChange& c, Micros until) {
    if (!c.to_phase) return;
    Micros inside = overlap(us(c.at), until, lo, hi);
    if (inside <= 0) return;
    s.phases[*c.to_phase].total_seconds += seconds(inside);
    who[*c.to_phase].insert(c.entity_id);
  });
  for (auto& [phase, t] : s.phases) {
    t.tickets = static_cast<long long>(who[phase].size());
    t.average_seconds = t.total_seconds / static_cast<double>(t.tickets);
  }
  return s;
}

std::map<std::string, double> average_time_in_phase(const std::vector<StateChange>& tickets,
                                                    Timestamp now) {
  std::map<std::string, double> total;
  std::map<std::string, std::set<std::string>> who;
  for_each_stay(tickets, us(now), [&](const StateChange& c, Micros until) {
    if (!c.to_phase) return;
    total[*c.to_phase] += seconds(std::max<Micros>(0, until - us(c.at)));
    who[*c.to_phase].insert(c.entity_id);
  });
  for (auto& [phase, t] : total) t /= static_cast<double>(who[phase].size());
  return total;
}

UtilisationSeries utilisation(const SeriesFrame& f, const std::vector<StateChange>& tasks,
                              Timestamp now) {
  UtilisationSeries s{f, {}};
  Micros hi = std::min(us(f.to), us(now));
  std::map<std::string, std::vector<Interval>> running;
  std::map<std::string, AgentUtilisation> agents;
  for_each_stay(tasks, hi, [&](const StateChange& c, Micros until) {
    if (!c.agent_id) return;
    if (c.to_status == "running" && overlap(us(c.at), until, us(f.from), hi) > 0)
      running[*c.agent_id].push_back({us(c.at), until});
    if (bucket_of(f, us(c.at)) < 0) return;
    if (arrived(c, "completed")) ++agents[*c.agent_id].tasks_completed;
    if (c.event_type == "TASK_FAILED") ++agents[*c.agent_id].tasks_failed;
  });
  for (auto& [agent, intervals] : running) agents[agent];
  for (auto& [agent, a] : agents) {
    a.agent_id = agent;
    a.busy.assign(f.buckets.size(), 0);
    for (const auto& i : merged(running[agent]))
      for (size_t b = 0; b < f.buckets.size(); ++b) {
        Micros begin = us(f.buckets[b]), end = std::min(bucket_end(f, b), hi);
        if (end > begin) a.busy[b] += static_cast<double>(overlap(i.begin, i.end, begin, end)) / static_cast<double>(end - begin);
      }
    s.agents.push_back(std::move(a));
  }
  return s;
}

}  // namespace dagboard::stats
