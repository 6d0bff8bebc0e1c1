// SPDX-License-Identifier: Apache-2.0
// Upstream's task score, computed from the index.
#pragma once

#include <dagboard/scheduler.hpp>

#include "graph/project_graph.hpp"

namespace DAGBOARD_NAMESPACE::graph {

/// The score of node `n` at time `now_us` (see ScoreWeights for the formula).
double score(const ProjectGraph& g, Node n, long long now_us, const ScoreWeights& w);

}  // namespace dagboard::graph
