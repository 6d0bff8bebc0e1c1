// SPDX-License-Identifier: Apache-2.0
// Event-log queries behind the audit trail.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/events.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct AuditScope {
  enum Kind { ticket, agent, project } kind = project;
  std::string id;
  std::optional<std::string> project_id;  // narrows ticket scans to one project's events
  std::optional<Timestamp> from, to;
  long long after_id = 0;
  int limit = 50;  // fetches limit + 1
};

std::vector<Event> audit_events(Tx& tx, const AuditScope& scope);
/// agent id -> agent_name (for those that have one).
std::map<std::string, std::string> agent_names(Tx& tx, const std::vector<std::string>& ids);
/// How people name tasks and tickets in descriptions: `"title"` for a task, `KEY "title"` for a
/// ticket, by id (missing ids were deleted).
std::map<std::string, std::string> display_names(Tx& tx, const std::vector<std::string>& task_ids,
                                                 const std::vector<std::string>& ticket_ids);

}  // namespace dagboard::storage
