// SPDX-License-Identifier: Apache-2.0
// The kanban board: columns from the project's workflow, tickets grouped by phase, hard WIP
// limits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>
#include <dagboard/workflow.hpp>

namespace DAGBOARD_NAMESPACE {

/// A ticket as the board shows it (upstream view shape).
struct BoardCard {
  std::string id, key, title, phase_id, status, priority, approval_status;
  bool is_blocked = false;
  std::optional<std::string> blocked_reason;
  Json context;
  long long commit_count = 0;     // the ticket's linked commits,
  long long insertions = 0;       // summed over them: the card's +X
  long long deletions = 0;        // and its -Y
  long long tasks_total = 0;      // the ticket's tasks,
  long long tasks_completed = 0;  // those completed,
  long long tasks_stranded = 0;   // and those that can never run (a dependency failed)
  std::vector<std::string> agent_ids;  // agents holding its tasks now (assigned or running)
};

struct BoardColumnView {
  BoardColumn column;
  long long current_count = 0;
  bool wip_exceeded = false;  // current_count > wip_limit (only a forced move gets there)
  std::vector<BoardCard> tickets;
};

struct BoardView {
  std::string project_id;
  std::vector<BoardColumnView> columns;
  /// The newest event when the view was read, before its tickets: the view shows at least
  /// everything up to it, so a live client that follows the stream with `since = last_event_id`
  /// misses nothing (and may see again a change the view already shows).
  long long last_event_id = 0;
};

struct ColumnStats {
  std::string column_id, name;
  long long ticket_count = 0;
  std::optional<int> wip_limit;
  std::optional<double> utilization;  // count / limit
  bool wip_exceeded = false;
};

struct WipViolation {
  std::string column_id, column_name;
  int wip_limit = 0;
  long long current_count = 0;
  long long excess = 0;
};

/// What a move did (upstream `{ticket_id, new_phase, new_column, status: "moved"}`).
struct MoveResult {
  std::string ticket_id;
  std::string from_column, new_column;
  std::string new_phase;
  bool moved = false;  // false: the ticket was already in that column
};

Json to_json(const BoardView& v);
/// The same document as to_json(v).dump(), written without building a Json tree (3x faster
/// for big boards; what the server sends).
std::string to_json_text(const BoardView& v);
Json to_json(const ColumnStats& s);
Json to_json(const WipViolation& v);
Json to_json(const MoveResult& r);

/// A move request: `{ticket_id, target_column_id, force?}`; unknown fields are refused.
struct BoardMove {
  std::string ticket_id;
  std::string target_column_id;
  bool force = false;
};
BoardMove board_move_from_json(const Json& j);

class BoardService {
 public:
  explicit BoardService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  BoardView view(std::string_view project) const;
  /// Moves the ticket to the first phase of the column; the status follows the phase. A column
  /// holds at most wip_limit tickets: a move that would pass it is refused with
  /// WIP_LIMIT_EXCEEDED {column, limit, count} unless `force`, which then reports
  /// BOARD_WIP_VIOLATION. Moving into the blocked column blocks the ticket (`manual`); moving
  /// a blocked ticket out unblocks it. Moving to the column the ticket is in changes nothing.
  MoveResult move(std::string_view ticket, std::string_view column, bool force = false) const;
  std::vector<ColumnStats> stats(std::string_view project) const;
  std::vector<WipViolation> wip_violations(std::string_view project) const;
  /// Follows the ticket's column's auto_transition_to, if any, without forcing. nullopt when
  /// there is none or the target column is full.
  std::optional<MoveResult> auto_transition(std::string_view ticket) const;
  /// The column showing `phase_id`. @throws NotFound (PROJECT_NOT_FOUND), ValidationError
  /// (field phase_id) when no column shows that phase.
  BoardColumn column_for_phase(std::string_view project, std::string_view phase_id) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
