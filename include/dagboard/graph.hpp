// SPDX-License-Identifier: Apache-2.0
// The dependency graph of a project's tasks: order, waves, critical path, ready work, export.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/task.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Which tasks `ready` returns: pending, every dependency completed, and matching the filters.
struct ReadyQuery {
  std::optional<std::string> phase_id;
  /// When given, only tasks whose required_capabilities are a subset of these.
  std::optional<std::vector<std::string>> capabilities;
  PageRequest page;  // default limit 10
};

/// One task on the critical path, with its slack (how much it could slip without delaying
/// the end of the project).
struct PathStep {
  std::string task_id;
  double earliest_start = 0;  // in the path's unit: tasks or estimate
  double slack = 0;
};

struct CriticalPath {
  /// Longest chain of depends_on edges, first task first. By node count, or by the sum of
  /// `estimate` when `weighted` (tasks without an estimate count 1).
  std::vector<std::string> task_ids;
  double length = 0;  // nodes, or total estimate
  bool weighted = false;
  /// Every task of the graph with its earliest start and slack; zero slack = on a critical path.
  std::vector<PathStep> schedule;
};

struct GraphExportOptions {
  bool include_resolved = true;     // completed tasks
  bool include_discoveries = true;  // ticket graphs only
};

/// How far a project or a ticket is, in one cheap call.
struct Progress {
  std::string scope;  // "project" or "ticket"
  std::string id;
  long long total = 0;
  std::map<std::string, long long> by_status;  // every task status, 0 when none
  long long ready = 0;                         // claimable now
  long long running = 0;                       // held: claiming, assigned or running
  long long stranded = 0;  // pending, but a dependency failed or was cancelled: can never run
  long long waiting = 0;   // pending, neither ready nor stranded: dependencies, approvals, back-off
  /// Nothing can still finish: every task is completed, failed, cancelled or stranded.
  bool settled = false;
  bool all_completed = false;  // settled with every task completed (true for no tasks)
};

Json to_json(const CriticalPath& p);
Json to_json(const Progress& p);
/// Renders an export ({nodes, edges} from ticket_graph or project_graph) as Graphviz DOT or a
/// Mermaid flowchart: task nodes, dependency edges, parent links dashed.
std::string graph_to_dot(const Json& graph);
std::string graph_to_mermaid(const Json& graph);
ReadyQuery ready_query_from_json(const Json& j);

class GraphService {
 public:
  explicit GraphService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Tasks that can start now, best score first.
  Page<Task> ready(std::string_view project, const ReadyQuery& query = {}) const;
  /// Every task of the project, each after all its dependencies. @throws if the stored graph
  /// has a cycle (it cannot, unless edited outside the library).
  std::vector<std::string> topological_order(std::string_view project) const;
  /// Parallel waves: wave 0 has no dependencies, wave k depends only on waves < k.
  std::vector<std::vector<std::string>> layers(std::string_view project) const;
  CriticalPath critical_path(std::string_view project, bool weighted = false) const;
  /// The tasks `task` depends on: what blocks it (upstream `/task/{id}/blocking`).
  std::vector<Task> blocked_by(std::string_view task) const;
  /// The tasks that depend on `task`: what it blocks (upstream `/task/{id}/blocked`).
  std::vector<Task> blocking(std::string_view task) const;
  /// {nodes, edges, metadata} for one ticket's tasks (upstream shape, defects fixed).
  Json ticket_graph(std::string_view ticket, const GraphExportOptions& options = {}) const;
  /// {nodes, edges, metadata} for a project: ticket nodes, task nodes, contains/blocks edges.
  Json project_graph(std::string_view project, bool include_resolved = true) const;
  /// Pending tasks that can never run: a dependency failed for good or was cancelled (or is
  /// itself stranded). In creation order. They carry `stranded: true`; TASK_STRANDED and
  /// TASK_UNSTRANDED announce each change. With the project's settings.on_dependency_failure
  /// "cancel" they are cancelled instead (one TASK_CANCELLED each).
  std::vector<Task> stranded(std::string_view project) const;
  /// Task counts and whether everything that can finish has finished.
  Progress project_progress(std::string_view project) const;
  Progress ticket_progress(std::string_view ticket) const;
  std::string to_dot(std::string_view project) const;
  std::string to_mermaid(std::string_view project) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
