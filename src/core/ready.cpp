// SPDX-License-Identifier: Apache-2.0
#include "core/ready.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <dagboard/errors.hpp>

#include "graph/score.hpp"

namespace DAGBOARD_NAMESPACE::core {
namespace {

// Best first: score descending, then oldest, then id.
bool before(double score_a, long long created_a, std::string_view id_a, double score_b,
            long long created_b, std::string_view id_b) {
  if (score_a != score_b) return score_a > score_b;
  if (created_a != created_b) return created_a < created_b;
  return id_a < id_b;
}

// A ranked node before its id is copied out: ranking allocates nothing per candidate.
struct Candidate {
  double score;
  long long created_at;
  graph::Node node;
  bool expired_lease;
};

// Which capability sets of the index the filter allows (memoized per set).
std::vector<char> allowed_capability_sets(const graph::ProjectGraph& g, const ReadyFilter& filter) {
  std::vector<char> allowed(g.capability_set_count(), 1);
  if (!filter.capabilities) return allowed;
  std::vector<std::uint16_t> have;
  for (const auto& c : *filter.capabilities)
    if (auto code = g.capability_code(c)) have.push_back(*code);
  std::sort(have.begin(), have.end());
  for (std::uint32_t set = 0; set < allowed.size(); ++set) {
    const auto& need = g.capabilities_of(set);
    allowed[set] = std::includes(have.begin(), have.end(), need.begin(), need.end());
  }
  return allowed;
}

}  // namespace

std::vector<RankedTask> rank_ready(const graph::ProjectGraph& g, const ReadyFilter& filter,
                                   long long now_us, const ScoreWeights& weights, size_t limit,
                                   const std::optional<RankedTask>& after) {
  std::uint16_t phase = graph::ProjectGraph::kNoPhase;
  if (filter.phase_id) {
    phase = g.phase_code(*filter.phase_id);
    if (phase == graph::ProjectGraph::kNoPhase) return {};
  }
  auto allowed = allowed_capability_sets(g, filter);
  auto earlier = [&](const Candidate& x, const Candidate& y) {
    return before(x.score, x.created_at, g.id(x.node), y.score, y.created_at, g.id(y.node));
  };
  // A max-heap (by `earlier`) of the best `limit` so far: its top is the worst kept one.
  std::vector<Candidate> best;
  auto consider = [&](graph::Node n, bool expired_lease) {
    if (filter.phase_id && g.phase(n) != phase) return;
    if (!allowed[g.capability_set(n)]) return;
    Candidate c{graph::score(g, n, now_us, weights), g.created_at(n), n, expired_lease};
    if (after &&
        !before(after->score, after->created_at, after->id, c.score, c.created_at, g.id(n)))
      return;
    if (best.size() < limit) {
      best.push_back(c);
      std::push_heap(best.begin(), best.end(), earlier);
    } else if (limit > 0 && earlier(c, best.front())) {
      std::pop_heap(best.begin(), best.end(), earlier);
      best.back() = c;
      std::push_heap(best.begin(), best.end(), earlier);
    }
  };
  for (graph::Node n : g.ready_nodes()) {
    if (g.retry_at(n) <= now_us) consider(n, false);  // kNoTime is the smallest value
  }
  for (graph::Node n : g.leased_nodes()) {
    if (g.lease_expires_at(n) < now_us && g.open_blockers(n) == 0) consider(n, true);
  }
  std::sort_heap(best.begin(), best.end(), earlier);
  std::vector<RankedTask> out;
  out.reserve(best.size());
  for (const auto& c : best)
    out.push_back({std::string(g.id(c.node)), c.score, c.created_at, c.expired_lease});
  return out;
}

std::optional<long long> next_claimable_change(const graph::ProjectGraph& g,
                                               const ReadyFilter& filter, long long now_us) {
  std::uint16_t phase =
      filter.phase_id ? g.phase_code(*filter.phase_id) : graph::ProjectGraph::kNoPhase;
  if (filter.phase_id && phase == graph::ProjectGraph::kNoPhase) return std::nullopt;
  auto allowed = allowed_capability_sets(g, filter);
  std::optional<long long> soonest;
  auto consider = [&](graph::Node n, long long at) {
    if (at <= now_us || (filter.phase_id && g.phase(n) != phase) || !allowed[g.capability_set(n)])
      return;
    if (!soonest || at < *soonest) soonest = at;
  };
  for (graph::Node n : g.ready_nodes()) consider(n, g.retry_at(n));
  for (graph::Node n : g.leased_nodes())
    if (g.open_blockers(n) == 0) consider(n, g.lease_expires_at(n));
  return soonest;
}

// "r2.<scored_at>|<score>|<created_at>|<id>"; %a keeps the score exact.
std::string encode_ready_cursor(const ReadyCursor& cursor) {
  char score[64];
  std::snprintf(score, sizeof score, "%a", cursor.last.score);
  return "r2." + std::to_string(cursor.scored_at) + "|" + score + "|" +
         std::to_string(cursor.last.created_at) + "|" + cursor.last.id;
}

std::optional<ReadyCursor> decode_ready_cursor(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return std::nullopt;
  const std::string& c = *cursor;
  auto bad = [] { return ValidationError("cursor", "cursor is not one ready() returned"); };
  if (c.rfind("r2.", 0) != 0) throw bad();
  std::vector<std::string> parts;
  size_t start = 3;
  for (int i = 0; i < 3; ++i) {
    auto bar = c.find('|', start);
    if (bar == std::string::npos) throw bad();
    parts.push_back(c.substr(start, bar - start));
    start = bar + 1;
  }
  ReadyCursor r;
  r.last.id = c.substr(start);
  auto integer = [&](const std::string& text, long long& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || ptr != text.data() + text.size()) throw bad();
  };
  integer(parts[0], r.scored_at);
  integer(parts[2], r.last.created_at);
  char* end = nullptr;
  r.last.score = std::strtod(parts[1].c_str(), &end);
  if (parts[1].empty() || end != parts[1].c_str() + parts[1].size() || r.last.id.empty())
    throw bad();
  return r;
}

}  // namespace dagboard::core
