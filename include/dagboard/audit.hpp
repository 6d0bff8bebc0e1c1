// SPDX-License-Identifier: Apache-2.0
// The audit trail: who did what, when, from what to what, read from the event log.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Upstream's AuditEntry. `type` is commit, status_change, field_update, discovery,
/// agent_action or event (anything else); `details` carries from_status/to_status,
/// field_name/old_value/new_value, commit_sha, ... as the event has them.
struct AuditEntry {
  long long id = 0;  // the event id
  Timestamp timestamp;
  std::string type;
  std::string event_type;
  std::optional<std::string> agent_id;  // the agent that acted (from the event), if one did
  std::optional<std::string> agent_name;
  std::optional<std::string> actor;  // who made the call (the workspace's actor, a token's subject)
  std::optional<std::string> ticket_id;
  std::optional<std::string> task_id;
  std::string description;
  Json details = Json::object();
};

struct AuditQuery {
  std::optional<Timestamp> from;  // created_at >= from
  std::optional<Timestamp> to;    // created_at < to
  PageRequest page;               // default limit 50, oldest first; the cursor is opaque
};

Json to_json(const AuditEntry& e);
/// {from?, to? (ISO 8601; `from_` also accepted), limit?, cursor?}
AuditQuery audit_query_from_json(const Json& j);

class AuditService {
 public:
  explicit AuditService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Everything that happened to the ticket and its tasks.
  Page<AuditEntry> ticket(std::string_view id_or_key, const AuditQuery& query = {}) const;
  /// Everything the agent did or that happened to it.
  Page<AuditEntry> agent(std::string_view agent_id, const AuditQuery& query = {}) const;
  Page<AuditEntry> project(std::string_view id_or_key, const AuditQuery& query = {}) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
