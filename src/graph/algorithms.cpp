// SPDX-License-Identifier: Apache-2.0
#include "graph/algorithms.hpp"

#include <algorithm>

namespace DAGBOARD_NAMESPACE::graph {

Waves kahn_waves(const ProjectGraph& g) {
  const std::size_t n = g.size();
  const auto& adj = g.adjacency();
  Waves w;
  w.order.reserve(n);
  w.wave.assign(n, 0);
  std::vector<std::uint32_t> remaining(n);
  for (Node v = 0; v < n; ++v) {
    remaining[v] = static_cast<std::uint32_t>(g.dependencies(v).size());
    if (remaining[v] == 0) w.order.push_back(v);
  }
  std::size_t wave_begin = 0;
  while (wave_begin < w.order.size()) {
    std::size_t wave_end = w.order.size();
    for (std::size_t i = wave_begin; i < wave_end; ++i) {
      Node u = w.order[i];
      w.wave[u] = w.wave_count;
      for (auto next : boost::make_iterator_range(boost::adjacent_vertices(u, adj))) {
        auto v = static_cast<Node>(next);
        if (--remaining[v] == 0) w.order.push_back(v);
      }
    }
    // Creation order inside the next wave, so results do not depend on edge order.
    std::sort(w.order.begin() + static_cast<std::ptrdiff_t>(wave_end), w.order.end());
    wave_begin = wave_end;
    ++w.wave_count;
  }
  w.acyclic = w.order.size() == n;
  return w;
}

LongestPath longest_path(const ProjectGraph& g, const Waves& waves, bool weighted) {
  const std::size_t n = g.size();
  const auto& adj = g.adjacency();
  auto weight = [&](Node v) {
    if (!weighted) return 1.0;
    double e = g.estimate(v);
    return e < 0 ? 1.0 : e;
  };
  LongestPath lp;
  std::vector<double> finish(n, 0);
  std::vector<Node> best_dep(n, kNoNode);
  for (Node v : waves.order) {
    Node best = kNoNode;  // the dependency that finishes last; the earliest-created on ties
    for (Node u : g.dependencies(v)) {
      if (best == kNoNode || finish[u] > finish[best] || (finish[u] == finish[best] && u < best))
        best = u;
    }
    best_dep[v] = best;
    finish[v] = (best == kNoNode ? 0.0 : finish[best]) + weight(v);
  }
  Node end = kNoNode;
  for (Node v : waves.order) {
    if (end == kNoNode || finish[v] > finish[end] || (finish[v] == finish[end] && v < end)) end = v;
  }
  if (end == kNoNode) return lp;
  lp.length = finish[end];
  for (Node at = end; at != kNoNode; at = best_dep[at]) lp.path.push_back(at);
  std::reverse(lp.path.begin(), lp.path.end());
  // Latest finish without delaying the end, walking the order backwards.
  std::vector<double> latest(n, lp.length);
  for (auto it = waves.order.rbegin(); it != waves.order.rend(); ++it) {
    Node u = *it;
    for (auto next : boost::make_iterator_range(boost::adjacent_vertices(u, adj))) {
      auto v = static_cast<Node>(next);
      latest[u] = std::min(latest[u], latest[v] - weight(v));
    }
  }
  lp.earliest_start.assign(n, 0);
  lp.slack.assign(n, 0);
  for (Node v : waves.order) {
    lp.earliest_start[v] = finish[v] - weight(v);
    lp.slack[v] = latest[v] - finish[v];
  }
  return lp;
}

}  // namespace dagboard::graph
