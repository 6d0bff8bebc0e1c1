// SPDX-License-Identifier: Apache-2.0
// The in-memory dependency index of one project.
//
// Nodes are the project's tasks, numbered densely in creation order. An edge u -> v means
// "v depends on u" (u must complete first). Out-edges are a std::vector of uint32 lists that
// Boost.Graph walks through its vector_as_graph adapter (4 bytes an edge: adjacency_list's
// directed edges cost 16 bytes plus a heap allocation each); in-edges are kept the same way for
// the hot paths (readiness counts, cycle checks from the new edge). Per-node attributes are
// parallel arrays, so a million tasks stay compact.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/vector_as_graph.hpp>

#include <dagboard/enums.hpp>
#include <dagboard/task.hpp>

#include "graph/id_table.hpp"

namespace DAGBOARD_NAMESPACE::graph {

using Node = std::uint32_t;
constexpr Node kNoNode = std::numeric_limits<Node>::max();
constexpr long long kNoTime = std::numeric_limits<long long>::min();

/// What the index needs of a task (the bulk loader and the write paths both fill it).
struct TaskFacts {
  std::string id;
  TaskStatus status = TaskStatus::pending;
  Priority priority = Priority::medium;
  std::string phase_id;
  std::vector<std::string> required_capabilities;
  long long created_at = 0;         // microseconds
  long long deadline_at = kNoTime;  // microseconds or kNoTime
  long long lease_expires_at = kNoTime;
  long long retry_at = kNoTime;  // a retried task is not claimable before this
  int retry_count = 0;
  int max_retries = 3;
  double estimate = -1;        // < 0: none
  int awaiting_approvals = 0;  // unapproved document gates: not ready while > 0
  std::vector<std::string> depends_on;
};

TaskFacts facts_of(const Task& t);

class ProjectGraph {
 public:
  using Adjacency = std::vector<std::vector<std::uint32_t>>;  // a Boost.Graph via vector_as_graph

  explicit ProjectGraph(long long version) : version_(version) {}

  /// Adds the task or refreshes it, including its incoming edges. Dependencies not yet in the
  /// index are added as placeholder nodes that a later upsert fills in.
  void upsert(const TaskFacts& facts);

  /// Replaces the dependencies of an existing node (the bulk loader's fast path: no strings).
  void set_dependency_nodes(Node n, const std::vector<Node>& deps) {
    set_dependencies(n, deps);
    refresh_membership(n);
  }

  long long version() const { return version_; }
  void set_version(long long v) { version_ = v; }

  size_t size() const { return ids_.size(); }
  size_t edge_count() const { return edges_; }
  Node find(std::string_view id) const { return ids_.find(id); }
  std::string_view id(Node n) const { return ids_.id(n); }

  const Adjacency& adjacency() const { return out_; }
  const std::vector<Node>& dependencies(Node n) const { return in_[n]; }
  TaskStatus status(Node n) const { return status_[n]; }
  Priority priority(Node n) const { return priority_[n]; }
  std::uint16_t phase(Node n) const { return phase_[n]; }
  std::uint32_t capability_set(Node n) const { return capset_[n]; }
  long long created_at(Node n) const { return created_[n]; }
  /// Microseconds, at one-second precision (kNoTime when none). A lease is rounded up, so it
  /// never looks expired early.
  long long deadline_at(Node n) const { return expand_seconds(deadline_[n]); }
  long long lease_expires_at(Node n) const { return expand_seconds(lease_[n]); }
  /// When a retried task may run again (rounded up; kNoTime when it may run now).
  long long retry_at(Node n) const { return expand_seconds(retry_at_[n]); }
  int retry_count(Node n) const { return retries_[n]; }
  int max_retries(Node n) const { return max_retries_[n]; }
  double estimate(Node n) const { return estimate_[n]; }
  std::uint32_t open_blockers(Node n) const { return open_blockers_[n]; }
  std::uint32_t pending_dependents(Node n) const { return pending_dependents_[n]; }
  bool awaiting_approval(Node n) const { return gated_[n]; }

  /// Pending tasks whose dependencies are all completed, in no particular order.
  const std::vector<Node>& ready_nodes() const { return ready_; }
  /// Tasks held under a lease (claiming, assigned, running); an expired one is claimable.
  const std::vector<Node>& leased_nodes() const { return leased_; }

  /// A path of dependencies from `from` to `to` (each node depends on the next), or empty.
  /// Only nodes between the two in the maintained topological order are searched, so the check
  /// for a new edge touches a thin slice of the graph, never all of it. Uses scratch state:
  /// callers hold the index's lock (GraphCache does).
  std::vector<Node> dependency_path(Node from, Node to) const;
  /// The node's position in a topological order kept up to date on every edge insert
  /// (Pearce–Kelly): position(u) < position(v) whenever v depends on u.
  std::uint32_t position(Node n) const { return ord_[n]; }

  /// Interned phase id (kNoPhase when the phase was never seen).
  std::uint16_t phase_code(std::string_view phase_id) const;
  /// Interned capability ids of a capability-set code.
  const std::vector<std::uint16_t>& capabilities_of(std::uint32_t capset) const {
    return capsets_[capset];
  }
  /// Interned capability code, or nullopt when no task needs that capability.
  std::optional<std::uint16_t> capability_code(std::string_view capability) const;
  std::size_t capability_set_count() const { return capsets_.size(); }

  /// Gives back the spare capacity that growing left behind (after a bulk load).
  void shrink_to_fit();

  /// Approximate heap bytes used by the index.
  std::size_t memory_bytes() const;

  static constexpr std::uint16_t kNoPhase = std::numeric_limits<std::uint16_t>::max();

 private:
  Node add_node(std::string_view id);
  void set_dependencies(Node n, const std::vector<Node>& deps);
  void set_status(Node n, TaskStatus status);
  void refresh_membership(Node n);
  void order_after(Node u, Node v);
  bool forward_within(Node start, std::uint32_t upper, Node target, std::vector<Node>& seen) const;
  void backward_within(Node start, std::uint32_t lower, std::vector<Node>& seen) const;
  std::uint32_t next_mark() const;
  std::uint16_t intern_phase(const std::string& phase);
  std::uint32_t intern_capset(const std::vector<std::string>& caps);
  static void list_set(std::vector<Node>& list, std::vector<Node>& pos, Node n, bool member);

  long long version_;
  IdTable ids_;
  Adjacency out_;
  std::vector<std::vector<Node>> in_;
  std::size_t edges_ = 0;
  std::vector<TaskStatus> status_;
  std::vector<Priority> priority_;
  std::vector<std::uint16_t> phase_;
  std::vector<std::uint32_t> capset_;
  // Deadlines and leases as int32 seconds since 2020 (good until 2088): 8 bytes a task less.
  static std::int32_t compact_seconds(long long micros, bool round_up);
  static long long expand_seconds(std::int32_t seconds);
  std::vector<long long> created_;
  std::vector<std::int32_t> deadline_, lease_, retry_at_;
  std::vector<std::uint16_t> retries_, max_retries_;
  std::vector<float> estimate_;
  std::vector<std::uint32_t> open_blockers_, pending_dependents_;
  std::vector<std::uint32_t> ord_;           // topological position of each node
  std::vector<Node> at_;                     // node at each position
  mutable std::vector<std::uint32_t> mark_;  // search scratch, stamped per search
  mutable std::vector<Node> parent_;
  mutable std::uint32_t mark_generation_ = 0;
  std::vector<bool> gated_;  // waiting for a document's approval
  std::vector<bool> known_;  // false for placeholders of dependencies not loaded yet
  std::vector<Node> ready_, ready_pos_, leased_, leased_pos_;
  std::vector<std::string> phases_;
  std::vector<std::string> capabilities_;
  std::vector<std::vector<std::uint16_t>> capsets_{{}};  // set 0 is the empty set
};

}  // namespace dagboard::graph
