// SPDX-License-Identifier: Apache-2.0
// Documents, their requirements, requirement-task links and approval gates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/documents.hpp>
#include <dagboard/requirements.hpp>

#include "storage/paging.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

void insert_document(Tx& tx, const Document& d);
std::optional<Document> find_document(Tx& tx, std::string_view id, bool lock = false);
/// Oldest version first.
std::vector<Document> lineage_versions(Tx& tx, const std::string& lineage_id);
struct DocumentFilter {
  std::optional<std::string> project_id, exploration_id;
  AnyOf<std::string> kind, status;
  bool latest_only = true;
};
Listed<Document> list_documents(Tx& tx, const DocumentFilter& f, const ListWindow& window);
/// Writes status, approval fields and updated_at.
void update_document_status(Tx& tx, const Document& d);

void insert_requirements(Tx& tx, const std::string& document_id, const std::vector<ExtractedRequirement>& reqs,
                         Timestamp now);
std::vector<IndividualRequirement> document_requirements(Tx& tx, const Document& d);
/// False when the link existed (link) or did not (unlink).
bool link_requirement_task(Tx& tx, const std::string& lineage_id, const std::string& requirement_id,
                           const std::string& task_id, Timestamp now);
bool unlink_requirement_task(Tx& tx, const std::string& lineage_id, const std::string& requirement_id,
                             const std::string& task_id);
std::vector<IndividualRequirement> task_requirements(Tx& tx, const std::string& task_id);

/// Whether some version of the lineage is (or was) approved.
bool lineage_approved(Tx& tx, const std::string& lineage_id);
std::optional<ApprovalGate> find_gate(Tx& tx, const std::string& task_id, const std::string& lineage_id);
void insert_gate(Tx& tx, const ApprovalGate& g, const std::string& project_id);
void delete_gate(Tx& tx, const std::string& task_id, const std::string& lineage_id);
std::vector<ApprovalGate> task_gates(Tx& tx, const std::string& task_id);
/// Marks the lineage's open gates satisfied; returns their task ids.
std::vector<std::string> satisfy_gates(Tx& tx, const std::string& lineage_id, Timestamp now);
/// awaiting_approvals += delta.
void adjust_awaiting_approvals(Tx& tx, const std::string& task_id, int delta);

}  // namespace dagboard::storage
