// SPDX-License-Identifier: Apache-2.0
// Discoveries (upstream TaskDiscovery, DiscoveryService): what an agent found while working on a
// task, and the work it branched off, in one transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/task.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Upstream's DiscoveryType values; any other snake_case type is accepted as well.
inline constexpr const char* kDiscoveryTypes[] = {
    "bug",         "optimization",   "clarification_needed", "new_component",     "security_issue",
    "performance_issue", "missing_requirement", "integration_issue", "technical_debt", "diagnostic_stuck",
    "diagnostic_no_result", "diagnostic_validation_loop"};
/// open -> in_progress (work spawned) -> resolved | invalid.
inline constexpr const char* kDiscoveryResolutions[] = {"open", "in_progress", "resolved", "invalid"};
/// How many discoveries by_type and by_agent return when no limit is given.
inline constexpr int kDefaultDiscoveryLimit = 50;

struct Discovery {
  std::string id;  // "disc-<uuid>"
  std::string source_task_id;
  std::string ticket_id;
  std::string project_id;
  std::optional<std::string> agent_id;  // default: the source task's agent
  std::string discovery_type;
  std::string description;
  std::vector<std::string> spawned_task_ids;
  bool priority_boost = false;
  std::string resolution_status = "open";
  Json metadata;  // object
  Timestamp discovered_at;
  std::optional<Timestamp> resolved_at;
};

struct NewDiscovery {
  std::string source_task_id;
  std::string discovery_type;  // snake_case, 1-50 characters
  std::string description;
  bool priority_boost = false;
  Json metadata = Json::object();
  std::optional<std::string> agent_id;
};

/// The task to branch off (upstream record_discovery_and_branch's spawn_* arguments).
struct SpawnRequest {
  std::string phase_id;     // any phase: discoveries may jump back (upstream rule)
  std::string description;
  std::optional<std::string> title;        // default: the description cut at 60 characters
  std::optional<Priority> priority;        // default: the source task's, boosted one level
  std::vector<std::string> required_capabilities;
};

struct BranchResult {
  Discovery discovery;
  Task task;
};

/// upstream get_workflow_graph: tasks of a ticket and the discoveries linking them.
struct WorkflowGraph {
  Json nodes;  // [{id, phase, description, status}]
  Json edges;  // [{from, to, discovery_id, discovery_type, description}]
};

Json to_json(const Discovery& d);
Json to_json(const WorkflowGraph& g);
NewDiscovery new_discovery_from_json(const Json& j);
SpawnRequest spawn_request_from_json(const Json& j);
/// Upstream's flat record_discovery_and_branch arguments: the NewDiscovery fields plus
/// spawn_phase_id, spawn_description (default: description), spawn_title, spawn_priority,
/// spawn_capabilities.
std::pair<NewDiscovery, SpawnRequest> branch_request_from_json(const Json& j);

/// Upstream's spawn title rule: the first 60 characters, cut at the last space past 30, "...".
std::string discovery_title(std::string_view description);
/// One level up (LOW -> MEDIUM -> HIGH -> CRITICAL) when `boost`.
Priority boosted_priority(Priority p, bool boost);

class DiscoveryService {
 public:
  explicit DiscoveryService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// DISCOVERY_MADE. @throws NotFound (TASK_NOT_FOUND), ValidationError.
  Discovery record(const NewDiscovery& req) const;
  /// One transaction: the discovery, a `discovery_<type>` task on the same ticket whose parent
  /// is the source task, the link between them (DISCOVERY_MADE, TASK_CREATED, DISCOVERY_BRANCHED).
  BranchResult record_and_branch(const NewDiscovery& req, const SpawnRequest& spawn) const;
  /// Branches one more task off an existing discovery (open or in progress).
  Task spawn_task(std::string_view discovery_id, const SpawnRequest& spawn) const;
  /// @throws NotFound (DISCOVERY_NOT_FOUND).
  Discovery get(std::string_view id) const;
  /// Newest first.
  std::vector<Discovery> by_task(std::string_view task_id,
                                 const std::optional<std::string>& resolution_status = std::nullopt) const;
  /// @throws Validation when discovery_type is empty or limit is outside 1..1000.
  std::vector<Discovery> by_type(std::string_view discovery_type, int limit = kDefaultDiscoveryLimit) const;
  std::vector<Discovery> by_agent(std::string_view agent_id, int limit = kDefaultDiscoveryLimit) const;
  std::vector<Discovery> by_ticket(std::string_view ticket) const;
  WorkflowGraph workflow_graph(std::string_view ticket) const;
  /// open | in_progress -> resolved (DISCOVERY_RESOLVED); otherwise InvalidTransition.
  Discovery resolve(std::string_view id) const;
  /// open | in_progress -> invalid (DISCOVERY_INVALIDATED).
  Discovery mark_invalid(std::string_view id, const std::optional<std::string>& reason = std::nullopt) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
