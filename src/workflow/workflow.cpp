// SPDX-License-Identifier: Apache-2.0
// Upstream's software-development workflow (phases.py and the default board), with one status
// per phase so that phase and status can never disagree.
#include <dagboard/workflow.hpp>

namespace DAGBOARD_NAMESPACE {
namespace {

PhaseDefinition phase(const char* id, const char* name, int order, std::vector<std::string> next,
                      std::optional<TicketStatus> status, bool terminal = false) {
  PhaseDefinition p;
  p.id = id;
  p.name = name;
  p.sequence_order = order;
  p.allowed_transitions = std::move(next);
  p.status = status;
  p.is_terminal = terminal;
  return p;
}

BoardColumn column(const char* id, const char* name, int order, std::vector<std::string> phases,
                   std::optional<int> wip, bool terminal, std::optional<std::string> auto_to,
                   const char* color) {
  BoardColumn c;
  c.id = id;
  c.name = name;
  c.sequence_order = order;
  c.phase_mapping = std::move(phases);
  c.wip_limit = wip;
  c.is_terminal = terminal;
  c.auto_transition_to = std::move(auto_to);
  c.color_theme = color;
  return c;
}

Workflow build_default() {
  using S = TicketStatus;
  Workflow w;
  w.name = "Software Development";
  w.phases = {
      phase("PHASE_BACKLOG", "Backlog", 0, {"PHASE_REQUIREMENTS", "PHASE_BLOCKED"}, S::backlog),
      phase("PHASE_REQUIREMENTS", "Requirements", 1, {"PHASE_DESIGN", "PHASE_BLOCKED"}, S::analyzing),
      phase("PHASE_DESIGN", "Design", 2, {"PHASE_IMPLEMENTATION", "PHASE_BLOCKED"}, S::analyzing),
      phase("PHASE_IMPLEMENTATION", "Implementation", 3, {"PHASE_TESTING", "PHASE_BLOCKED"}, S::building),
      phase("PHASE_TESTING", "Testing", 4, {"PHASE_DEPLOYMENT", "PHASE_IMPLEMENTATION", "PHASE_BLOCKED"},
            S::testing),
      phase("PHASE_DEPLOYMENT", "Deployment", 5, {"PHASE_DONE", "PHASE_BLOCKED"}, S::building_done),
      phase("PHASE_DONE", "Done", 6, {}, S::done, /*terminal=*/true),
      phase("PHASE_BLOCKED", "Blocked", 7,
            {"PHASE_BACKLOG", "PHASE_REQUIREMENTS", "PHASE_DESIGN", "PHASE_IMPLEMENTATION", "PHASE_TESTING"},
            std::nullopt),
  };
  w.phases[3].done_definitions = {"Component code files created in src/", "Minimum 3 test cases written",
                                  "Tests passing locally"};
  w.phases[3].phase_prompt =
      "You are a SOFTWARE ENGINEER implementing this ticket. Write the component code under src/, add at "
      "least three test cases, and run the tests locally before reporting the phase done.";
  w.phases[7].is_blocked_phase = true;
  w.columns = {
      column("backlog", "📋 Backlog", 0, {"PHASE_BACKLOG"}, std::nullopt, false, std::nullopt, "gray"),
      column("analyzing", "🔍 Analyzing", 1, {"PHASE_REQUIREMENTS", "PHASE_DESIGN"}, 5, false, std::nullopt,
             "blue"),
      column("building", "🔨 Building", 2, {"PHASE_IMPLEMENTATION"}, 10, false, "testing", "yellow"),
      column("testing", "🧪 Testing", 3, {"PHASE_TESTING"}, 8, false, std::nullopt, "blue"),
      column("deploying", "🚀 Deploying", 4, {"PHASE_DEPLOYMENT"}, 3, false, "done", "green"),
      column("done", "✅ Done", 5, {"PHASE_DONE"}, std::nullopt, true, std::nullopt, "green"),
      column("blocked", "🚫 Blocked", 6, {"PHASE_BLOCKED"}, std::nullopt, true, std::nullopt, "red"),
  };
  return w;
}

}  // namespace

const Workflow& default_workflow() {
  static const Workflow w = build_default();
  return w;
}

const PhaseDefinition* Workflow::phase(std::string_view id) const {
  for (const auto& p : phases)
    if (p.id == id) return &p;
  return nullptr;
}

const BoardColumn* Workflow::column(std::string_view id) const {
  for (const auto& c : columns)
    if (c.id == id) return &c;
  return nullptr;
}

const BoardColumn* Workflow::column_for_phase(std::string_view phase_id) const {
  for (const auto& c : columns)
    for (const auto& p : c.phase_mapping)
      if (p == phase_id) return &c;
  return nullptr;
}

const PhaseDefinition* Workflow::blocked_phase() const {
  for (const auto& p : phases)
    if (p.is_blocked_phase) return &p;
  return nullptr;
}

const PhaseDefinition* Workflow::phase_for_status(TicketStatus status, std::string_view current_phase) const {
  if (const auto* current = phase(current_phase); current && current->status == status) return current;
  for (const auto& p : phases)
    if (p.status == status) return &p;
  return nullptr;
}

}  // namespace dagboard
