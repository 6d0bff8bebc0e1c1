// SPDX-License-Identifier: Apache-2.0
// Graph exports in upstream's shapes ({nodes, edges, metadata}), and DOT / Mermaid text.
#include <map>
#include <set>

#include <dagboard/errors.hpp>
#include <dagboard/graph.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/ready.hpp"
#include "graph/algorithms.hpp"
#include "storage/event_repo.hpp"
#include "util/time.hpp"
#include "storage/discovery_repo.hpp"
#include "storage/task_repo.hpp"
#include "storage/ticket_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

constexpr storage::ListWindow kEverything{std::nullopt, 100000000};

struct TaskSet {
  std::vector<Task> tasks;
  std::map<std::string, const Task*> by_id;
  std::map<std::string, TaskStatus> outside_status;  // dependencies not in the set
};

TaskSet make_set(storage::Tx& tx, std::vector<Task> tasks, bool include_resolved) {
  TaskSet set;
  for (auto& t : tasks)
    if (include_resolved || t.status != TaskStatus::completed) set.tasks.push_back(std::move(t));
  for (const auto& t : set.tasks) set.by_id[t.id] = &t;
  std::vector<std::string> missing;
  for (const auto& t : set.tasks)
    for (const auto& d : t.depends_on)
      if (!set.by_id.count(d)) missing.push_back(d);
  for (const auto& d : storage::find_tasks(tx, missing)) set.outside_status[d.id] = d.status;
  return set;
}

bool dependency_done(const TaskSet& set, const std::string& dep) {
  if (auto it = set.by_id.find(dep); it != set.by_id.end())
    return it->second->status == TaskStatus::completed;
  auto it = set.outside_status.find(dep);
  return it != set.outside_status.end() && it->second == TaskStatus::completed;  // missing = open
}

Json task_node(const TaskSet& set, const Task& t, const std::map<std::string, int>& blocks_count) {
  bool blocked =
      t.awaiting_approvals > 0;  // waiting for a document's approval blocks as a dependency does
  for (const auto& d : t.depends_on) blocked = blocked || !dependency_done(set, d);
  auto count = blocks_count.find(t.id);
  return Json{{"id", t.id},
              {"type", "task"},
              {"label", t.title.empty() ? t.task_type : t.title},
              {"description", core::or_null(t.description)},
              {"status", to_string(t.status)},
              {"phase_id", t.phase_id},
              {"priority", to_string(t.priority)},
              {"task_type", t.task_type},
              {"is_blocked", blocked},
              {"awaiting_approvals", t.awaiting_approvals},
              {"stranded", t.stranded},
              {"blocks_count", count == blocks_count.end() ? 0 : count->second},
              {"assigned_agent_id", core::or_null(t.assigned_agent_id)},
              {"ticket_id", t.ticket_id},
              {"created_at", to_iso8601(t.created_at)},
              {"started_at", core::or_null(t.started_at)},
              {"completed_at", core::or_null(t.completed_at)}};
}

// Task nodes, depends_on and parent_child edges, and the task part of the metadata.
// Each task node's place in the schedule: its wave, earliest start and slack (as the critical
// path counts them), and whether it can start now (claimable, by the scheduler's own rule).
void add_schedule(const graph::ProjectGraph& local, const graph::Waves& waves,
                  const graph::LongestPath& longest, long long now_us, size_t first, Json& nodes) {
  std::set<std::string> ready;
  for (auto& r : core::rank_ready(local, {}, now_us, ScoreWeights{}, local.size()))
    ready.insert(std::move(r.id));
  for (size_t i = first; i < nodes.size(); ++i) {
    Json& node = nodes[i];
    graph::Node n = local.find(node["id"].get<std::string>());
    bool placed = n != graph::kNoNode && waves.acyclic;
    node["wave"] = placed ? Json(waves.wave[n]) : Json();
    node["earliest_start"] = placed ? Json(longest.earliest_start[n]) : Json();
    node["slack"] = placed ? Json(longest.slack[n]) : Json();
    // The index counts a dependency outside the export (an excluded resolved task) as done;
    // is_blocked knows better, so both must agree.
    node["ready"] = !node["is_blocked"].get<bool>() && ready.count(node["id"].get<std::string>()) > 0;
  }
}

void add_tasks(const TaskSet& set, Json& nodes, Json& edges, Json& metadata, long long now_us) {
  const size_t first = nodes.size();
  std::map<std::string, int> blocks_count;
  for (const auto& t : set.tasks)
    for (const auto& d : t.depends_on)
      if (set.by_id.count(d)) ++blocks_count[d];
  int blocked = 0, resolved = 0, dependency_edges = 0;
  graph::ProjectGraph local(0);
  for (const auto& t : set.tasks) {
    Json node = task_node(set, t, blocks_count);
    blocked += node["is_blocked"].get<bool>();
    resolved += t.status == TaskStatus::completed;
    nodes.push_back(std::move(node));
    auto facts = graph::facts_of(t);
    facts.depends_on.clear();
    for (const auto& d : t.depends_on) {
      if (!set.by_id.count(d)) continue;
      edges.push_back(
          {{"source", d}, {"target", t.id}, {"type", "depends_on"}, {"label", "depends on"}});
      facts.depends_on.push_back(d);
      ++dependency_edges;
    }
    if (t.parent_task_id && set.by_id.count(*t.parent_task_id))
      edges.push_back({{"source", *t.parent_task_id},
                       {"target", t.id},
                       {"type", "parent_child"},
                       {"label", "sub-task"}});
    local.upsert(facts);
  }
  std::vector<std::string> path;
  auto waves = graph::kahn_waves(local);
  auto longest = graph::longest_path(local, waves, false);
  if (dependency_edges > 0)  // upstream: no depends_on edges, no critical path
    for (auto n : longest.path) path.emplace_back(local.id(n));
  add_schedule(local, waves, longest, now_us, first, nodes);
  metadata["total_tasks"] = set.tasks.size();
  metadata["blocked_count"] = blocked;
  metadata["resolved_count"] = resolved;
  metadata["critical_path_length"] = path.size();
  metadata["critical_path"] = path;
}

// Discovery nodes (upstream's shape), `discovered` edges from the task they were found in, and
// `spawned_from` edges to the tasks they branched off.
void add_discoveries(storage::Tx& tx, const std::string& ticket_id, const TaskSet& set, Json& nodes,
                     Json& edges, Json& metadata) {
  auto discoveries = storage::discoveries_where(tx, "ticket_id", ticket_id, std::nullopt, 100000);
  int count = 0;
  for (auto it = discoveries.rbegin(); it != discoveries.rend(); ++it) {
    const Discovery& d = *it;
    if (!set.by_id.count(d.source_task_id)) continue;
    ++count;
    std::string id = "discovery-" + d.id;
    nodes.push_back({{"id", id},
                     {"type", "discovery"},
                     {"label", d.description},
                     {"description", d.description},
                     {"discovery_type", d.discovery_type},
                     {"status", d.resolution_status},
                     {"spawned_count", d.spawned_task_ids.size()},
                     {"priority_boost", d.priority_boost},
                     {"discovered_at", to_iso8601(d.discovered_at)},
                     {"discovery_id", d.id}});
    edges.push_back({{"source", d.source_task_id},
                     {"target", id},
                     {"type", "discovered"},
                     {"label", "discovered"},
                     {"discovery_id", d.id}});
    for (const auto& spawned : d.spawned_task_ids)
      if (set.by_id.count(spawned))
        edges.push_back({{"source", id},
                         {"target", spawned},
                         {"type", "spawned_from"},
                         {"label", d.discovery_type},
                         {"discovery_id", d.id}});
  }
  metadata["discovery_count"] = count;
}

std::vector<Task> tasks_where(storage::Tx& tx, storage::TaskFilter filter) {
  return storage::list_tasks(tx, filter, kEverything).rows;
}

std::string quoted(const std::string& text, bool mermaid) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += mermaid ? "#quot;" : "\\\"";
    else if (c == '\n')
      out += mermaid ? " " : "\\n";
    else if (c == '\\' && !mermaid)
      out += "\\\\";
    else
      out += c;
  }
  return out + "\"";
}

const char* status_color(TaskStatus s) {
  switch (s) {
    case TaskStatus::completed:
      return "palegreen";
    case TaskStatus::running:
      return "gold";
    case TaskStatus::failed:
    case TaskStatus::cancelled:
      return "lightcoral";
    default:
      return "lightgray";
  }
}

}  // namespace

Json GraphService::ticket_graph(std::string_view ticket, const GraphExportOptions& options) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    long long head = storage::last_event_id(tx);  // first: the export shows at least this much
    Ticket t = core::require_ticket(tx, ticket);
    auto set = make_set(
        tx, tasks_where(tx, {.ticket_id = t.id}),
        options.include_resolved);
    Json nodes = Json::array(), edges = Json::array(), metadata = Json::object();
    add_tasks(set, nodes, edges, metadata, util::to_micros(tx.now()));
    metadata["last_event_id"] = head;
    if (options.include_discoveries) add_discoveries(tx, t.id, set, nodes, edges, metadata);
    metadata["total_edges"] = edges.size();
    return Json{{"nodes", nodes}, {"edges", edges}, {"metadata", metadata}};
  });
}

Json GraphService::project_graph(std::string_view project, bool include_resolved) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    long long head = storage::last_event_id(tx);  // first: the export shows at least this much
    Project p = core::require_project(tx, project);
    auto set = make_set(
        tx, tasks_where(tx, {.project_id = p.id}),
        include_resolved);
    Json nodes = Json::array(), edges = Json::array(), metadata = Json::object();
    add_tasks(set, nodes, edges, metadata, util::to_micros(tx.now()));
    metadata["last_event_id"] = head;
    auto tickets =
        storage::list_tickets(tx, {.project_id = p.id}, kEverything).rows;
    std::map<std::string, const Ticket*> by_id;
    for (const auto& t : tickets) by_id[t.id] = &t;
    int blocked_tickets = 0;
    for (const auto& t : tickets) {
      bool blocked = t.is_blocked;
      for (const auto& b : t.blocked_by) {
        auto it = by_id.find(b);
        if (it != by_id.end() && it->second->status != TicketStatus::done) blocked = true;
        if (it != by_id.end())
          edges.push_back({{"source", "ticket-" + b},
                           {"target", "ticket-" + t.id},
                           {"type", "ticket_blocks"},
                           {"label", "blocks"}});
      }
      blocked_tickets += blocked;
      int task_count = 0;
      for (const auto& task : set.tasks) {
        if (task.ticket_id != t.id) continue;
        ++task_count;
        edges.push_back({{"source", "ticket-" + t.id},
                         {"target", task.id},
                         {"type", "ticket_contains"},
                         {"label", "contains"}});
      }
      nodes.push_back({{"id", "ticket-" + t.id},
                       {"type", "ticket"},
                       {"label", t.title},
                       {"key", t.key},
                       {"description", core::or_null(t.description)},
                       {"status", to_string(t.status)},
                       {"priority", to_string(t.priority)},
                       {"phase_id", t.phase_id},
                       {"is_blocked", blocked},
                       {"blocks_count", t.blocks.size()},
                       {"task_count", task_count},
                       {"ticket_id", t.id},
                       {"blocked_by", t.blocked_by}});
    }
    metadata["total_tickets"] = tickets.size();
    metadata["blocked_ticket_count"] = blocked_tickets;
    metadata["total_edges"] = edges.size();
    return Json{{"nodes", nodes}, {"edges", edges}, {"metadata", metadata}};
  });
}

std::string GraphService::to_dot(std::string_view project) const {
  return graph_to_dot(project_graph(project, true));
}

std::string GraphService::to_mermaid(std::string_view project) const {
  return graph_to_mermaid(project_graph(project, true));
}

std::string graph_to_dot(const Json& g) {
  std::string out = "digraph dagboard {\n  rankdir=LR;\n  node [shape=box, style=filled];\n";
  std::map<std::string, std::string> names;
  for (const auto& n : g["nodes"]) {
    if (n["type"] != "task") continue;
    std::string name = "t" + std::to_string(names.size());
    names[n["id"].get<std::string>()] = name;
    auto status = parse<TaskStatus>(n["status"].get<std::string>()).value_or(TaskStatus::pending);
    out += "  " + name + " [label=" + quoted(n["label"].get<std::string>(), false) +
           ", fillcolor=" + status_color(status) + "];\n";
  }
  for (const auto& e : g["edges"]) {
    if (e["type"] != "depends_on" && e["type"] != "parent_child") continue;
    if (!names.count(e["source"].get<std::string>()) ||
        !names.count(e["target"].get<std::string>()))
      continue;
    out += "  " + names[e["source"].get<std::string>()] + " -> " +
           names[e["target"].get<std::string>()] +
           (e["type"] == "parent_child" ? " [style=dashed]" : "") + ";\n";
  }
  return out + "}\n";
}

std::string graph_to_mermaid(const Json& g) {
  std::string out = "flowchart LR\n";
  std::map<std::string, std::string> names;
  for (const auto& n : g["nodes"]) {
    if (n["type"] != "task") continue;
    std::string name = "t" + std::to_string(names.size());
    names[n["id"].get<std::string>()] = name;
    out += "  " + name + "[" + quoted(n["label"].get<std::string>(), true) + "]\n";
  }
  for (const auto& e : g["edges"]) {
    if (!names.count(e["source"].get<std::string>()) ||
        !names.count(e["target"].get<std::string>()))
      continue;
    if (e["type"] == "depends_on")
      out += "  " + names[e["source"].get<std::string>()] + " --> " +
             names[e["target"].get<std::string>()] + "\n";
    else if (e["type"] == "parent_child")
      out += "  " + names[e["source"].get<std::string>()] + " -.-> " +
             names[e["target"].get<std::string>()] + "\n";
  }
  return out;
}

}  // namespace dagboard
