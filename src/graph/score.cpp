// SPDX-License-Identifier: Apache-2.0
#include "graph/score.hpp"

#include <algorithm>

namespace DAGBOARD_NAMESPACE::graph {
namespace {

double priority_value(Priority p) {
  switch (p) {
    case Priority::critical: return 1.0;
    case Priority::high: return 0.75;
    case Priority::medium: return 0.5;
    case Priority::low: return 0.25;
  }
  return 0.25;
}

}  // namespace

double score(const ProjectGraph& g, Node n, long long now_us, const ScoreWeights& w) {
  double waited = static_cast<double>(now_us - g.created_at(n)) / 1e6;
  double age = std::min(std::max(waited, 0.0) / w.age_ceiling_seconds, 1.0);
  double deadline = 0;
  double slack = -1;
  if (g.deadline_at(n) != kNoTime) {
    slack = static_cast<double>(g.deadline_at(n) - now_us) / 1e6;
    deadline = slack < 0 ? 1.0 : std::max(0.0, 1.0 - slack / w.sla_urgency_window_seconds);
  }
  double blockers = std::min(g.pending_dependents(n) / w.blocker_ceiling, 1.0);
  double retry = std::max(0.0, 1.0 - static_cast<double>(g.retry_count(n)) /
                                         std::max(g.max_retries(n), 1));
  double s = w.priority * priority_value(g.priority(n)) + w.age * age + w.deadline * deadline +
             w.blockers * blockers + w.retry * retry;
  if (slack >= 0 && slack <= w.sla_urgency_window_seconds) s *= w.sla_boost_multiplier;
  if (waited >= w.starvation_limit_seconds) s = std::max(s, w.starvation_floor_score);
  return s;
}

}  // namespace dagboard::graph
