// SPDX-License-Identifier: Apache-2.0
#include <dagboard/dagboard.hpp>
#include <dagboard/schemas.hpp>

#include <functional>
#include <map>

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

using Reader = std::function<void(const Json&)>;

template <auto Read>
Reader reader() {
  return [](const Json& j) { (void)Read(j); };
}

Reader lifecycle(LifecycleCall call, bool with_task_id = false) {
  return [=](const Json& j) { (void)lifecycle_request_from_json(j, call, with_task_id); };
}

Reader lease(bool with_lease) {
  return [=](const Json& j) { (void)lease_call_from_json(j, with_lease); };
}

const std::map<std::string, Reader, std::less<>>& readers() {
  static const std::map<std::string, Reader, std::less<>> table = {
      {"AgentQuery", reader<agent_query_from_json>()},
      {"AgentUpdate", reader<agent_update_from_json>()},
      {"AuditQuery", reader<audit_query_from_json>()},
      {"BlockRequest", reader<block_request_from_json>()},
      {"BranchRequest", reader<branch_request_from_json>()},
      {"BoardMove", reader<board_move_from_json>()},
      {"ClaimRequest", reader<claim_request_from_json>()},
      {"DependencyIds", reader<dependency_ids_from_json>()},
      {"DocumentQuery", reader<document_query_from_json>()},
      {"DocumentStoreOptions", reader<document_store_options_from_json>()},
      {"EventFilter", reader<event_filter_from_json>()},
      {"EventQuery", reader<event_query_from_json>()},
      {"GitHubClientOptions", reader<github_client_options_from_json>()},
      {"GitHubConnect", reader<github_connect_from_json>()},
      {"Heartbeat", reader<heartbeat_from_json>()},
      {"LeaseRelease", lease(false)},
      {"LeaseRenew", lease(true)},
      {"NewAgent", reader<new_agent_from_json>()},
      {"NewArtifact", reader<new_artifact_from_json>()},
      {"NewCommitLink", reader<new_commit_link_from_json>()},
      {"NewDiscovery", reader<new_discovery_from_json>()},
      {"NewDocument", reader<new_document_from_json>()},
      {"NewDocumentVersion", reader<new_document_version_from_json>()},
      {"NewExploration", reader<new_exploration_from_json>()},
      {"NewExplorationQuestion", reader<new_exploration_question_from_json>()},
      {"NewProject", reader<new_project_from_json>()},
      {"NewTask", reader<new_task_from_json>()},
      {"NewTicket", reader<new_ticket_from_json>()},
      {"PageRequest", reader<page_request_from_json>()},
      {"ProjectQuery", reader<project_query_from_json>()},
      {"ProjectUpdate", reader<project_update_from_json>()},
      {"ReadyQuery", reader<ready_query_from_json>()},
      {"RegressRequest", reader<regress_request_from_json>()},
      {"ScoreWeights", reader<score_weights_from_json>()},
      {"SearchQuery", reader<search_query_from_json>()},
      {"SpawnRequest", reader<spawn_request_from_json>()},
      {"StatsRange", reader<stats_range_from_json>()},
      {"TaskCancel", lifecycle(LifecycleCall::cancel)},
      {"TaskComplete", lifecycle(LifecycleCall::complete)},
      {"TaskCompleteById", lifecycle(LifecycleCall::complete, true)},
      {"TaskFail", lifecycle(LifecycleCall::fail)},
      {"TaskQuery", reader<task_query_from_json>()},
      {"TaskStart", lifecycle(LifecycleCall::start)},
      {"TaskUpdate", reader<task_update_from_json>()},
      {"TicketQuery", reader<ticket_query_from_json>()},
      {"TicketUpdate", reader<ticket_update_from_json>()},
      {"TransitionRequest", reader<transition_request_from_json>()},
      {"Workflow", reader<workflow_from_json>()},
  };
  return table;
}

}  // namespace

Json request_schema(std::string_view name) {
  auto it = readers().find(name);
  if (it == readers().end())
    throw ValidationError("name", "no request type named '" + std::string(name) + "'");
  return util::describe_request(it->second);
}

std::vector<std::string> request_schema_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : readers()) names.push_back(name);
  return names;
}

}  // namespace DAGBOARD_NAMESPACE
