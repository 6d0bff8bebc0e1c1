// SPDX-License-Identifier: Apache-2.0
// Discoveries (upstream services/discovery.py), with the spawned task's parent set (upstream
// forgot it) and the discovery, its task and their link written in one transaction.
#include <dagboard/discoveries.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include <algorithm>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/task_create.hpp"
#include "storage/discovery_repo.hpp"
#include "storage/task_repo.hpp"
#include "util/ids.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {

std::string discovery_title(std::string_view description) {
  std::string d(util::trim(description));
  if (d.size() <= 60) return d;
  std::string cut = d.substr(0, 60);
  size_t space = cut.rfind(' ');
  if (space != std::string::npos && space > 30) cut = cut.substr(0, space);
  while ((static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
    cut.pop_back();  // no half characters
  if ((static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
  return cut + "...";
}

Priority boosted_priority(Priority p, bool boost) {
  if (!boost) return p;
  switch (p) {
    case Priority::low:
      return Priority::medium;
    case Priority::medium:
      return Priority::high;
    default:
      return Priority::critical;
  }
}

namespace {

void validate(const NewDiscovery& r) {
  const auto& t = r.discovery_type;
  bool ok = !t.empty() && t.size() <= 50 && t[0] >= 'a' && t[0] <= 'z';
  for (char c : t) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    throw ValidationError(
        "discovery_type",
        "discovery_type must be snake_case, 1-50 characters (bug, optimization, ...)");
  util::check_required_text("source_task_id", r.source_task_id, 255);
  util::check_required_text("description", r.description, 1 << 16);
  util::check_opt_text("agent_id", r.agent_id, 255);
  if (!r.metadata.is_object()) throw ValidationError("metadata", "metadata must be an object");
  check_json_value("metadata", r.metadata);
}

void validate(const SpawnRequest& s) {
  util::check_phase("phase_id", s.phase_id);
  util::check_required_text("description", s.description, 1 << 16);
  if (s.title) util::check_required_text("title", *s.title, 500);
}

Discovery require_discovery(storage::Tx& tx, std::string_view id, bool lock = false) {
  auto d = storage::find_discovery(tx, id, lock);
  if (!d) throw NotFound(ErrorCode::discovery_not_found, "discovery", id);
  return *d;
}

// Creates the task (with `task_id`) and records it on the discovery.
Task spawn(const detail::Context& ctx, storage::Tx& tx, Discovery& d, const Task& source,
           const SpawnRequest& s, const std::string& task_id) {
  NewTask t;
  t.id = task_id;
  t.ticket_id = source.ticket_id;
  t.title = s.title ? *s.title : discovery_title(s.description);
  t.description = s.description;
  t.task_type = "discovery_" + d.discovery_type;
  t.priority = boosted_priority(s.priority.value_or(source.priority), d.priority_boost);
  t.phase_id = s.phase_id;
  t.required_capabilities = s.required_capabilities;
  t.parent_task_id = source.id;
  Task task = core::create_tasks(ctx, tx, {t}).front();
  d.spawned_task_ids.push_back(task.id);
  if (d.resolution_status == "open") d.resolution_status = "in_progress";
  tx.emit("DISCOVERY_BRANCHED", "discovery", d.id, d.project_id,
          Json{{"discovery_id", d.id},
               {"discovery_type", d.discovery_type},
               {"source_task_id", d.source_task_id},
               {"ticket_id", d.ticket_id},
               {"spawned_task_id", task.id},
               {"spawn_phase", task.phase_id},
               {"priority_boost", d.priority_boost}});
  return task;
}

Discovery build(storage::Tx& tx, const NewDiscovery& r, const Task& source) {
  Discovery d;
  d.id = "disc-" + util::new_uuid();
  d.source_task_id = source.id;
  d.ticket_id = source.ticket_id;
  d.project_id = source.project_id;
  d.agent_id = r.agent_id ? r.agent_id : source.assigned_agent_id;
  d.discovery_type = r.discovery_type;
  d.description = r.description;
  d.priority_boost = r.priority_boost;
  d.metadata = r.metadata;
  d.discovered_at = tx.now();
  return d;
}

void emit_made(storage::Tx& tx, const Discovery& d,
               const std::optional<std::string>& spawned_task_id) {
  tx.emit("DISCOVERY_MADE", "discovery", d.id, d.project_id,
          Json{{"discovery_id", d.id},
               {"type", d.discovery_type},
               {"discovery_type", d.discovery_type},
               {"task_id", d.source_task_id},
               {"ticket_id", d.ticket_id},
               {"agent_id", core::or_null(d.agent_id)},
               {"description", d.description},
               {"priority_boost", d.priority_boost},
               {"spawned_task_id", core::or_null(spawned_task_id)}});
}

void require_open(const Discovery& d, const char* action) {
  if (d.resolution_status == "open" || d.resolution_status == "in_progress") return;
  throw InvalidTransition(
      "discovery " + d.id + " is " + d.resolution_status + " and cannot be " + action,
      Json{{"discovery_id", d.id}, {"resolution_status", d.resolution_status}});
}

int check_limit(int limit) {
  if (limit < 1 || limit > 1000) throw ValidationError("limit", "limit must be 1 .. 1000");
  return limit;
}

}  // namespace

Discovery DiscoveryService::record(const NewDiscovery& req) const {
  validate(req);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Discovery d = build(tx, req, core::require_task(tx, req.source_task_id));
    storage::insert_discovery(tx, d);
    emit_made(tx, d, std::nullopt);
    return d;
  });
}

BranchResult DiscoveryService::record_and_branch(const NewDiscovery& req,
                                                 const SpawnRequest& s) const {
  validate(req);
  validate(s);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Task source = core::require_task(tx, req.source_task_id);
    Discovery d = build(tx, req, source);
    // The task's id is chosen first, so the events read in order: made, task created, branched.
    std::string task_id = util::new_uuid();
    emit_made(tx, d, task_id);
    Task task = spawn(*ctx_, tx, d, source, s, task_id);
    storage::insert_discovery(tx, d);
    return BranchResult{d, task};
  });
}

Task DiscoveryService::spawn_task(std::string_view discovery_id, const SpawnRequest& s) const {
  validate(s);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Discovery d = require_discovery(tx, discovery_id, true);
    require_open(d, "branched");
    Task task = spawn(*ctx_, tx, d, core::require_task(tx, d.source_task_id), s, util::new_uuid());
    storage::update_discovery(tx, d);
    return task;
  });
}

Discovery DiscoveryService::get(std::string_view id) const {
  return ctx_->db->read([&](storage::Tx& tx) { return require_discovery(tx, id); });
}

std::vector<Discovery> DiscoveryService::by_task(
    std::string_view task_id, const std::optional<std::string>& resolution_status) const {
  if (resolution_status &&
      std::find(std::begin(kDiscoveryResolutions), std::end(kDiscoveryResolutions),
                *resolution_status) == std::end(kDiscoveryResolutions))
    throw ValidationError("resolution_status",
                          "resolution_status must be open, in_progress, resolved or invalid");
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::discoveries_where(tx, "source_task_id", core::require_task(tx, task_id).id,
                                      resolution_status, 1000);
  });
}

std::vector<Discovery> DiscoveryService::by_type(std::string_view discovery_type, int limit) const {
  check_limit(limit);
  util::check_required_text("discovery_type", discovery_type, 255);
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::discoveries_where(tx, "discovery_type", std::string(discovery_type),
                                      std::nullopt, limit);
  });
}

std::vector<Discovery> DiscoveryService::by_agent(std::string_view agent_id, int limit) const {
  check_limit(limit);
  util::check_required_text("agent_id", agent_id, 255);
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::discoveries_where(tx, "agent_id", std::string(agent_id), std::nullopt, limit);
  });
}

std::vector<Discovery> DiscoveryService::by_ticket(std::string_view ticket) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::discoveries_where(tx, "ticket_id", core::require_ticket(tx, ticket).id,
                                      std::nullopt, 100000);
  });
}

WorkflowGraph DiscoveryService::workflow_graph(std::string_view ticket) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, ticket);
    WorkflowGraph g{Json::array(), Json::array()};
    storage::TaskFilter filter;
    filter.ticket_id = t.id;
    for (const auto& task : storage::list_tasks(tx, filter, {std::nullopt, 100000}).rows)
      g.nodes.push_back(Json{{"id", task.id},
                             {"phase", task.phase_id},
                             {"title", task.title},
                             {"description", core::or_null(task.description)},
                             {"status", to_string(task.status)}});
    auto discoveries = storage::discoveries_where(tx, "ticket_id", t.id, std::nullopt, 100000);
    for (auto it = discoveries.rbegin(); it != discoveries.rend(); ++it)  // oldest first
      for (const auto& spawned : it->spawned_task_ids)
        g.edges.push_back(Json{{"from", it->source_task_id},
                               {"to", spawned},
                               {"discovery_id", it->id},
                               {"discovery_type", it->discovery_type},
                               {"description", it->description}});
    return g;
  });
}

namespace {

Discovery close_discovery(const detail::Context& ctx, std::string_view id, const char* status,
                          const std::optional<std::string>& reason) {
  return ctx.db->write(ctx.actor, [&](storage::Tx& tx) {
    Discovery d = require_discovery(tx, id, true);
    require_open(d, status);
    d.resolution_status = status;
    d.resolved_at = tx.now();
    if (reason) d.metadata["invalid_reason"] = *reason;
    storage::update_discovery(tx, d);
    bool resolved = d.resolution_status == "resolved";
    tx.emit(resolved ? "DISCOVERY_RESOLVED" : "DISCOVERY_INVALIDATED", "discovery", d.id,
            d.project_id,
            Json{{"discovery_id", d.id},
                 {"discovery_type", d.discovery_type},
                 {"ticket_id", d.ticket_id},
                 {"spawned_count", d.spawned_task_ids.size()},
                 {"reason", core::or_null(reason)}});
    return d;
  });
}

}  // namespace

Discovery DiscoveryService::resolve(std::string_view id) const {
  return close_discovery(*ctx_, id, "resolved", std::nullopt);
}

Discovery DiscoveryService::mark_invalid(std::string_view id,
                                         const std::optional<std::string>& reason) const {
  util::check_opt_text("reason", reason, 1 << 16);
  return close_discovery(*ctx_, id, "invalid", reason);
}

}  // namespace dagboard
