// SPDX-License-Identifier: Apache-2.0
#include "graph/project_graph.hpp"

#include <algorithm>

#include "util/time.hpp"

namespace DAGBOARD_NAMESPACE::graph {
namespace {

bool is_leased_status(TaskStatus s) {
  return s == TaskStatus::claiming || s == TaskStatus::assigned || s == TaskStatus::running;
}

}  // namespace

TaskFacts facts_of(const Task& t) {
  TaskFacts f;
  f.id = t.id;
  f.status = t.status;
  f.priority = t.priority;
  f.phase_id = t.phase_id;
  f.required_capabilities = t.required_capabilities;
  f.created_at = util::to_micros(t.created_at);
  f.deadline_at = t.deadline_at ? util::to_micros(*t.deadline_at) : kNoTime;
  f.lease_expires_at = t.lease_expires_at ? util::to_micros(*t.lease_expires_at) : kNoTime;
  f.retry_count = t.retry_count;
  f.retry_at = t.retry_at ? util::to_micros(*t.retry_at) : kNoTime;
  f.max_retries = t.max_retries;
  f.estimate = t.estimate.value_or(-1);
  f.depends_on = t.depends_on;
  f.awaiting_approvals = t.awaiting_approvals;
  return f;
}

namespace {
constexpr long long kCompactEpoch = 1577836800;  // 2020-01-01T00:00:00Z
constexpr std::int32_t kNoSeconds = std::numeric_limits<std::int32_t>::min();
}  // namespace

std::int32_t ProjectGraph::compact_seconds(long long micros, bool round_up) {
  if (micros == kNoTime) return kNoSeconds;
  long long seconds = micros / 1000000 - kCompactEpoch;
  if (round_up && micros % 1000000 > 0) ++seconds;
  return static_cast<std::int32_t>(
      std::clamp<long long>(seconds, kNoSeconds + 1, std::numeric_limits<std::int32_t>::max()));
}

long long ProjectGraph::expand_seconds(std::int32_t seconds) {
  if (seconds == kNoSeconds) return kNoTime;
  return (static_cast<long long>(seconds) + kCompactEpoch) * 1000000;
}

Node ProjectGraph::add_node(std::string_view id) {
  Node n = ids_.add(id);
  boost::add_vertex(out_);
  in_.emplace_back();
  status_.push_back(TaskStatus::pending);
  priority_.push_back(Priority::medium);
  phase_.push_back(kNoPhase);
  capset_.push_back(0);
  created_.push_back(0);
  deadline_.push_back(compact_seconds(kNoTime, false));
  lease_.push_back(compact_seconds(kNoTime, false));
  retry_at_.push_back(compact_seconds(kNoTime, false));
  retries_.push_back(0);
  max_retries_.push_back(0);
  estimate_.push_back(-1);
  open_blockers_.push_back(0);
  pending_dependents_.push_back(0);
  ord_.push_back(n);
  at_.push_back(n);
  mark_.push_back(0);
  parent_.push_back(kNoNode);
  known_.push_back(false);
  gated_.push_back(false);
  ready_pos_.push_back(kNoNode);
  leased_pos_.push_back(kNoNode);
  return n;
}

void ProjectGraph::upsert(const TaskFacts& f) {
  Node n = find(f.id);
  if (n == kNoNode) n = add_node(f.id);
  known_[n] = true;
  priority_[n] = f.priority;
  phase_[n] = intern_phase(f.phase_id);
  capset_[n] = intern_capset(f.required_capabilities);
  created_[n] = f.created_at;
  deadline_[n] = compact_seconds(f.deadline_at, false);
  lease_[n] = compact_seconds(f.lease_expires_at, true);
  retry_at_[n] = compact_seconds(f.retry_at, true);
  retries_[n] = static_cast<std::uint16_t>(std::clamp(f.retry_count, 0, 65535));
  max_retries_[n] = static_cast<std::uint16_t>(std::clamp(f.max_retries, 0, 65535));
  estimate_[n] = static_cast<float>(f.estimate);
  gated_[n] = f.awaiting_approvals > 0;
  std::vector<Node> deps;
  deps.reserve(f.depends_on.size());
  for (const auto& d : f.depends_on) {
    Node u = find(d);
    if (u == kNoNode) u = add_node(d);  // a placeholder until its own upsert
    deps.push_back(u);
  }
  set_dependencies(n, deps);
  set_status(n, f.status);
  refresh_membership(n);
}

void ProjectGraph::set_dependencies(Node n, const std::vector<Node>& wanted) {
  std::vector<Node> next = wanted;
  std::sort(next.begin(), next.end());
  next.erase(std::unique(next.begin(), next.end()), next.end());
  std::vector<Node> current = in_[n];
  std::sort(current.begin(), current.end());
  bool pending = status_[n] == TaskStatus::pending;
  for (Node u : current) {
    if (std::binary_search(next.begin(), next.end(), u)) continue;
    boost::remove_edge(u, n, out_);
    --edges_;
    if (status_[u] != TaskStatus::completed) --open_blockers_[n];
    if (pending) --pending_dependents_[u];
  }
  for (Node u : next) {
    if (std::binary_search(current.begin(), current.end(), u)) continue;
    boost::add_edge(u, n, out_);
    ++edges_;
    if (status_[u] != TaskStatus::completed) ++open_blockers_[n];
    if (pending) ++pending_dependents_[u];
  }
  in_[n] = std::move(next);
  for (Node u : in_[n]) order_after(u, n);
}

std::uint32_t ProjectGraph::next_mark() const {
  if (++mark_generation_ == 0) {  // wrapped: clear the stamps once every 4 billion searches
    std::fill(mark_.begin(), mark_.end(), 0);
    mark_generation_ = 1;
  }
  return mark_generation_;
}

// Depth-first along out-edges from `start`, through nodes placed at or before `upper`. Marks what
// it reaches in `seen` (with parents); true when it reaches `target`.
bool ProjectGraph::forward_within(Node start, std::uint32_t upper, Node target,
                                  std::vector<Node>& seen) const {
  std::uint32_t mark = next_mark();
  mark_[start] = mark;
  parent_[start] = kNoNode;
  std::vector<Node> stack{start};
  seen.push_back(start);
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    for (auto next : boost::make_iterator_range(boost::adjacent_vertices(n, out_))) {
      auto v = static_cast<Node>(next);
      if (mark_[v] == mark || ord_[v] > upper) continue;
      mark_[v] = mark;
      parent_[v] = n;
      if (v == target) return true;
      seen.push_back(v);
      stack.push_back(v);
    }
  }
  return false;
}

void ProjectGraph::backward_within(Node start, std::uint32_t lower, std::vector<Node>& seen) const {
  std::uint32_t mark = next_mark();
  mark_[start] = mark;
  std::vector<Node> stack{start};
  seen.push_back(start);
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    for (Node u : in_[n]) {
      if (mark_[u] == mark || ord_[u] < lower) continue;
      mark_[u] = mark;
      seen.push_back(u);
      stack.push_back(u);
    }
  }
}

// Pearce–Kelly: after adding u -> v with v placed before u, move the part of the order between
// them so that everything v reaches comes after everything that reaches u.
void ProjectGraph::order_after(Node u, Node v) {
  std::uint32_t lower = ord_[v], upper = ord_[u];
  if (lower > upper) return;  // already in order
  std::vector<Node> forward, backward;
  if (forward_within(v, upper, u, forward)) return;  // a cycle stored outside dagboard: leave it
  backward_within(u, lower, backward);
  auto by_position = [&](Node a, Node b) { return ord_[a] < ord_[b]; };
  std::sort(forward.begin(), forward.end(), by_position);
  std::sort(backward.begin(), backward.end(), by_position);
  std::vector<std::uint32_t> slots;
  slots.reserve(forward.size() + backward.size());
  for (Node x : backward) slots.push_back(ord_[x]);
  for (Node x : forward) slots.push_back(ord_[x]);
  std::sort(slots.begin(), slots.end());
  size_t i = 0;
  for (Node x : backward) at_[ord_[x] = slots[i++]] = x;
  for (Node x : forward) at_[ord_[x] = slots[i++]] = x;
}

void ProjectGraph::set_status(Node n, TaskStatus status) {
  TaskStatus old = status_[n];
  if (old == status) return;
  status_[n] = status;
  if ((old == TaskStatus::completed) != (status == TaskStatus::completed)) {
    // O(out-degree): only the direct dependents change readiness.
    for (auto next : boost::make_iterator_range(boost::adjacent_vertices(n, out_))) {
      Node v = static_cast<Node>(next);
      if (status == TaskStatus::completed)
        --open_blockers_[v];
      else
        ++open_blockers_[v];
      refresh_membership(v);
    }
  }
  if ((old == TaskStatus::pending) != (status == TaskStatus::pending)) {
    for (Node u : in_[n]) {
      if (status == TaskStatus::pending)
        ++pending_dependents_[u];
      else
        --pending_dependents_[u];
    }
  }
}

void ProjectGraph::refresh_membership(Node n) {
  bool ready =
      known_[n] && status_[n] == TaskStatus::pending && open_blockers_[n] == 0 && !gated_[n];
  bool leased = known_[n] && is_leased_status(status_[n]) && lease_expires_at(n) != kNoTime;
  list_set(ready_, ready_pos_, n, ready);
  list_set(leased_, leased_pos_, n, leased);
}

void ProjectGraph::list_set(std::vector<Node>& list, std::vector<Node>& pos, Node n, bool member) {
  bool present = pos[n] != kNoNode;
  if (member == present) return;
  if (member) {
    pos[n] = static_cast<Node>(list.size());
    list.push_back(n);
    return;
  }
  Node last = list.back();  // swap-remove: O(1)
  list[pos[n]] = last;
  pos[last] = pos[n];
  list.pop_back();
  pos[n] = kNoNode;
}

std::vector<Node> ProjectGraph::dependency_path(Node from, Node to) const {
  if (from == to) return {from};
  if (ord_[from] < ord_[to]) return {};  // `from` comes first, so it cannot depend on `to`
  std::vector<Node> seen;
  if (!forward_within(to, ord_[from], from, seen)) return {};
  std::vector<Node> path;  // parents lead from `from` back to `to`: each depends on the next
  for (Node at = from; at != kNoNode; at = parent_[at]) path.push_back(at);
  return path;
}

std::uint16_t ProjectGraph::intern_phase(const std::string& phase) {
  auto it = std::find(phases_.begin(), phases_.end(), phase);
  if (it != phases_.end()) return static_cast<std::uint16_t>(it - phases_.begin());
  phases_.push_back(phase);
  return static_cast<std::uint16_t>(phases_.size() - 1);
}

std::uint16_t ProjectGraph::phase_code(std::string_view phase_id) const {
  auto it = std::find(phases_.begin(), phases_.end(), phase_id);
  return it == phases_.end() ? kNoPhase : static_cast<std::uint16_t>(it - phases_.begin());
}

std::optional<std::uint16_t> ProjectGraph::capability_code(std::string_view capability) const {
  auto it = std::find(capabilities_.begin(), capabilities_.end(), capability);
  if (it == capabilities_.end()) return std::nullopt;
  return static_cast<std::uint16_t>(it - capabilities_.begin());
}

std::uint32_t ProjectGraph::intern_capset(const std::vector<std::string>& caps) {
  std::vector<std::uint16_t> codes;
  for (const auto& c : caps) {
    auto it = std::find(capabilities_.begin(), capabilities_.end(), c);
    if (it == capabilities_.end()) {
      capabilities_.push_back(c);
      it = capabilities_.end() - 1;
    }
    codes.push_back(static_cast<std::uint16_t>(it - capabilities_.begin()));
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  auto it = std::find(capsets_.begin(), capsets_.end(), codes);
  if (it != capsets_.end()) return static_cast<std::uint32_t>(it - capsets_.begin());
  capsets_.push_back(std::move(codes));
  return static_cast<std::uint32_t>(capsets_.size() - 1);
}

void ProjectGraph::shrink_to_fit() {
  for (auto& edges : out_) edges.shrink_to_fit();
  for (auto& edges : in_) edges.shrink_to_fit();
  out_.shrink_to_fit();
  in_.shrink_to_fit();
  ready_.shrink_to_fit();
  leased_.shrink_to_fit();
}

std::size_t ProjectGraph::memory_bytes() const {
  std::size_t bytes = ids_.memory_bytes();
  bytes += out_.capacity() * sizeof(out_[0]);
  for (std::size_t v = 0; v < size(); ++v) {
    bytes += out_[v].capacity() * sizeof(Node);
    bytes += in_[v].capacity() * sizeof(Node);
  }
  bytes += in_.capacity() * sizeof(in_[0]);
  bytes +=
      status_.capacity() * sizeof(TaskStatus) + priority_.capacity() * sizeof(Priority) +
      phase_.capacity() * 2 + capset_.capacity() * 4 + created_.capacity() * 8 +
      (deadline_.capacity() + lease_.capacity() + retry_at_.capacity()) * 4 +
      (retries_.capacity() + max_retries_.capacity()) * 2 + estimate_.capacity() * 4 +
      (open_blockers_.capacity() + pending_dependents_.capacity() + ord_.capacity() +
       at_.capacity() + mark_.capacity() + parent_.capacity()) *
          4 +
      (known_.capacity() + gated_.capacity()) / 8 +
      (ready_.capacity() + ready_pos_.capacity() + leased_.capacity() + leased_pos_.capacity()) * 4;
  return bytes;
}

}  // namespace dagboard::graph
