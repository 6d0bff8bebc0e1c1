// SPDX-License-Identifier: Apache-2.0
// What ties tasks to documents: requirement links, and approval gates that hold a task back
// from being ready until a document is approved.
#include <dagboard/documents.hpp>
#include <dagboard/errors.hpp>

#include <algorithm>
#include <map>

#include "core/context.hpp"
#include "core/graph_access.hpp"
#include "core/lookup.hpp"
#include "documents/approval.hpp"
#include "storage/document_repo.hpp"
#include "storage/scheduler_repo.hpp"
#include "storage/task_repo.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// Counts the task's open gates by `delta`, refreshes the index, and returns the task.
Task adjust_gates(const detail::Context& ctx, storage::Tx& tx, const std::string& task_id,
                  int delta) {
  storage::adjust_awaiting_approvals(tx, task_id, delta);
  Task t = core::require_task(tx, task_id);
  core::record_graph_change(ctx, tx, t.project_id, {t});
  return t;
}

void announce_unblocked(storage::Tx& tx, const Document& d, const std::string& project_id,
                        const std::vector<std::string>& ready) {
  if (ready.empty()) return;
  tx.emit("TASKS_UNBLOCKED", "document", d.id, project_id,
          Json{{"document_id", d.id}, {"lineage_id", d.lineage_id}, {"unblocked_task_ids", ready}});
}

std::string requirement_key(std::string_view requirement_id) {
  std::string id(requirement_id);
  if (id.size() < 5 || id.size() > 50 || id.rfind("REQ-", 0) != 0)
    throw ValidationError("requirement_id", "requirement_id must look like REQ-001");
  return id;
}

}  // namespace

void documents::release_gates(const detail::Context& ctx, storage::Tx& tx,
                              const Document& approved) {
  auto task_ids = storage::satisfy_gates(tx, approved.lineage_id, tx.now());
  std::map<std::string, std::vector<Task>> by_project;
  for (const auto& id : task_ids) {  // the UPDATE takes each task's row lock, in id order
    storage::adjust_awaiting_approvals(tx, id, -1);
    Task t = core::require_task(tx, id);
    by_project[t.project_id].push_back(std::move(t));
  }
  for (auto& [project, tasks] : by_project) {
    std::vector<std::string> ids = core::ids_of(tasks);
    core::record_graph_change(ctx, tx, project, std::move(tasks));
    announce_unblocked(tx, approved, project, storage::ready_among(tx, ids));
  }
}

ApprovalGate DocumentService::require_approval(std::string_view task_id,
                                               std::string_view document_id) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Document d = documents::lock_document(tx, document_id);  // no approval slips in between
    Task t = core::require_task(tx, task_id, true);
    if (auto existing = storage::find_gate(tx, t.id, d.lineage_id)) return *existing;
    if (t.status != TaskStatus::pending)
      throw InvalidTransition("task " + t.id + " is " + std::string(to_string(t.status)) +
                                  "; only a pending task can wait for an approval",
                              Json{{"task_id", t.id}, {"status", to_string(t.status)}});
    ApprovalGate g{t.id, d.lineage_id, false, tx.now(), std::nullopt};
    if (storage::lineage_approved(tx, d.lineage_id)) g.satisfied = true, g.satisfied_at = tx.now();
    storage::insert_gate(tx, g, t.project_id);
    if (!g.satisfied) adjust_gates(*ctx_, tx, t.id, +1);
    tx.emit("APPROVAL_GATE_ADDED", "task", t.id, t.project_id,
            Json{{"task_id", t.id}, {"document_id", d.lineage_id}, {"satisfied", g.satisfied}});
    return g;
  });
}

void DocumentService::remove_approval_gate(std::string_view task_id,
                                           std::string_view document_id) const {
  ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Document d = documents::lock_document(tx, document_id);
    Task t = core::require_task(tx, task_id, true);
    auto gate = storage::find_gate(tx, t.id, d.lineage_id);
    if (!gate)
      throw NotFound(ErrorCode::document_not_found, "approval gate", t.id + " -> " + d.lineage_id);
    storage::delete_gate(tx, t.id, d.lineage_id);
    tx.emit("APPROVAL_GATE_REMOVED", "task", t.id, t.project_id,
            Json{{"task_id", t.id}, {"document_id", d.lineage_id}, {"satisfied", gate->satisfied}});
    if (gate->satisfied) return 0;
    adjust_gates(*ctx_, tx, t.id, -1);
    announce_unblocked(tx, d, t.project_id, storage::ready_among(tx, {t.id}));
    return 0;
  });
}

std::vector<ApprovalGate> DocumentService::approval_gates(std::string_view task_id) const {
  return ctx_->db->read(
      [&](storage::Tx& tx) { return storage::task_gates(tx, core::require_task(tx, task_id).id); });
}

std::vector<IndividualRequirement> DocumentService::requirements(
    std::string_view document_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::document_requirements(tx, documents::require_document(tx, document_id, false));
  });
}

namespace {

IndividualRequirement find_requirement(storage::Tx& tx, const Document& d,
                                       const std::string& requirement_id) {
  for (auto& r : storage::document_requirements(tx, d))
    if (r.requirement_id == requirement_id) return r;
  throw NotFound(ErrorCode::document_not_found, "requirement", d.id + ":" + requirement_id);
}

// Links or unlinks a requirement and a task; returns the requirement as it then stands.
IndividualRequirement change_link(const detail::Context& ctx, std::string_view document_id,
                                  std::string_view requirement_id, std::string_view task_id,
                                  bool link) {
  std::string key = requirement_key(requirement_id);
  return ctx.db->write(ctx.actor, [&](storage::Tx& tx) {
    Document d = documents::require_document(tx, document_id, false);
    IndividualRequirement r = find_requirement(tx, d, key);
    Task t = core::require_task(tx, task_id);
    bool changed = link ? storage::link_requirement_task(tx, d.lineage_id, key, t.id, tx.now())
                        : storage::unlink_requirement_task(tx, d.lineage_id, key, t.id);
    if (!changed) return r;
    auto& ids = r.linked_task_ids;
    if (link)
      ids.push_back(t.id);
    else
      ids.erase(std::remove(ids.begin(), ids.end(), t.id), ids.end());
    tx.emit(link ? "REQUIREMENT_LINKED" : "REQUIREMENT_UNLINKED", "task", t.id, t.project_id,
            Json{{"task_id", t.id},
                 {"document_id", d.id},
                 {"lineage_id", d.lineage_id},
                 {"requirement_id", key}});
    return r;
  });
}

}  // namespace

IndividualRequirement DocumentService::link_requirement(std::string_view document_id,
                                                        std::string_view requirement_id,
                                                        std::string_view task_id) const {
  return change_link(*ctx_, document_id, requirement_id, task_id, true);
}

IndividualRequirement DocumentService::unlink_requirement(std::string_view document_id,
                                                          std::string_view requirement_id,
                                                          std::string_view task_id) const {
  return change_link(*ctx_, document_id, requirement_id, task_id, false);
}

std::vector<IndividualRequirement> DocumentService::requirements_for_task(
    std::string_view task_id) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    return storage::task_requirements(tx, core::require_task(tx, task_id).id);
  });
}

}  // namespace dagboard
