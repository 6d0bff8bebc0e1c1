// SPDX-License-Identifier: Apache-2.0
// A project's own workflow definition, ticket counts per phase, and the phase history.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <dagboard/ticket.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

/// The stored definition (JSON text), or nullopt for the default workflow.
std::optional<std::string> load_workflow_definition(Tx& tx, const std::string& project_id);
void save_workflow_definition(Tx& tx, const std::string& project_id, const std::string& definition);
void delete_workflow_definition(Tx& tx, const std::string& project_id);
/// Phase ids that tickets, tasks or agents of the project are in.
std::set<std::string> phases_in_use(Tx& tx, const std::string& project_id);

/// Tickets of the project per phase id.
std::map<std::string, long long> ticket_counts_by_phase(Tx& tx, const std::string& project_id);
/// Tickets of the project in any of `phases`.
long long count_tickets_in_phases(Tx& tx, const std::string& project_id, const std::vector<std::string>& phases);

/// What the board shows of a ticket.
struct TicketCard {
  std::string id, key, title, phase_id, status, priority, approval_status;
  bool is_blocked = false;
  Json context;
  std::optional<std::string> blocked_reason;
};
/// Every ticket of the project, oldest first, as cards.
std::vector<TicketCard> ticket_cards(Tx& tx, const std::string& project_id);

void insert_artifact(Tx& tx, const PhaseArtifact& a);
std::vector<PhaseArtifact> list_artifacts(Tx& tx, const std::string& ticket_id, const std::string& phase_id);

void insert_phase_history(Tx& tx, const PhaseHistoryEntry& e, const std::string& project_id);
std::vector<PhaseHistoryEntry> list_phase_history(Tx& tx, const std::string& ticket_id);

}  // namespace dagboard::storage
