// SPDX-License-Identifier: Apache-2.0
// Whole-graph algorithms over a ProjectGraph: Kahn waves, critical path with slack.
#pragma once

#include "dagboard/version.hpp"

#include <vector>

#include "graph/project_graph.hpp"

namespace DAGBOARD_NAMESPACE::graph {

struct Waves {
  std::vector<Node> order;          // topological: every node after all its dependencies
  std::vector<std::uint32_t> wave;  // wave of each node (0 = no dependencies)
  std::uint32_t wave_count = 0;
  bool acyclic = true;              // false when some nodes never became free (a stored cycle)
};

/// Kahn's algorithm, wave by wave; within a wave nodes keep creation order.
Waves kahn_waves(const ProjectGraph& g);

struct LongestPath {
  std::vector<Node> path;              // first node first
  double length = 0;                   // node count, or total weight
  std::vector<double> earliest_start;  // per node
  std::vector<double> slack;           // per node
};

/// Longest chain over the waves' order. `weighted`: a node weighs its estimate (1 when it has
/// none); otherwise every node weighs 1. Ties go to the earliest node.
LongestPath longest_path(const ProjectGraph& g, const Waves& waves, bool weighted);

}  // namespace dagboard::graph
