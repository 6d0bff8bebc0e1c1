// SPDX-License-Identifier: Apache-2.0
// Workflows: the phases a ticket goes through and the board columns that show them, as data.
// Every project uses the default software-development workflow unless given its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Something a phase is expected to produce, matched against reported artifacts by `type` and
/// a glob `pattern` over the artifact's path.
struct ExpectedOutput {
  std::string type;
  std::string pattern;
  bool required = true;
  std::optional<std::string> validation_rule;
};

struct PhaseDefinition {
  std::string id;  // e.g. "PHASE_IMPLEMENTATION"
  std::string name;
  std::optional<std::string> description;
  int sequence_order = 0;
  std::vector<std::string> allowed_transitions;  // phase ids
  bool is_terminal = false;
  /// The ticket status while in this phase. Absent only on the blocked phase, which is an
  /// overlay: the ticket keeps its status there.
  std::optional<TicketStatus> status;
  /// The phase where blocked tickets wait (PHASE_BLOCKED in the default workflow); at most one.
  bool is_blocked_phase = false;
  std::vector<std::string> done_definitions;
  std::vector<ExpectedOutput> expected_outputs;
  std::optional<std::string> phase_prompt;
};

struct BoardColumn {
  std::string id;  // e.g. "building"
  std::string name;
  std::optional<std::string> description;
  int sequence_order = 0;
  std::vector<std::string> phase_mapping;  // non-empty; a move lands in the first phase
  std::optional<int> wip_limit;           // at most this many tickets; absent = unlimited
  bool is_terminal = false;
  std::optional<std::string> auto_transition_to;  // column id
  std::optional<std::string> color_theme;
};

struct Workflow {
  std::string name;
  std::vector<PhaseDefinition> phases;  // in sequence_order
  std::vector<BoardColumn> columns;     // in sequence_order

  const PhaseDefinition* phase(std::string_view id) const;
  const BoardColumn* column(std::string_view id) const;
  /// The first column (in order) whose mapping holds `phase_id`.
  const BoardColumn* column_for_phase(std::string_view phase_id) const;
  const PhaseDefinition* blocked_phase() const;
  /// The phase a ticket goes to for `status`: its current phase when that already shows the
  /// status, else the first phase (in order) that does.
  const PhaseDefinition* phase_for_status(TicketStatus status, std::string_view current_phase) const;
};

/// Upstream's software-development workflow: BACKLOG … DONE plus BLOCKED, and its seven columns.
const Workflow& default_workflow();

Json to_json(const BoardColumn& c);
Json to_json(const Workflow& w);
/// Reads and validates a definition. @throws ValidationError naming the field: duplicate or
/// unknown ids, a column mapping an unknown phase, auto_transition_to an unknown column or
/// around a cycle, wip_limit below 1, more than one blocked phase, a phase without a status.
Workflow workflow_from_json(const Json& j);

class WorkflowService {
 public:
  explicit WorkflowService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// The project's workflow (the default unless one was set).
  Workflow get(std::string_view project) const;
  /// Replaces the project's workflow. Refused (VALIDATION_FAILED, details.phase_ids) when a
  /// ticket or task of the project is in a phase the new definition lacks.
  Workflow set(std::string_view project, const Workflow& workflow) const;
  /// Back to the default workflow (same check as set).
  Workflow reset(std::string_view project) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
