// SPDX-License-Identifier: Apache-2.0
// Phase gates: artifacts reported against a phase's done definitions and expected outputs, and
// progression to the next phase once they are all there.
#include <fnmatch.h>

#include <algorithm>
#include <set>

#include <dagboard/errors.hpp>
#include <dagboard/ticket.hpp>

#include "core/changes.hpp"
#include "core/context.hpp"
#include "core/lookup.hpp"
#include "core/ticket_approval.hpp"
#include "core/ticket_moves.hpp"
#include "storage/workflow_repo.hpp"
#include "util/ids.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

bool output_seen(const ExpectedOutput& o, const std::vector<PhaseArtifact>& artifacts) {
  return std::any_of(artifacts.begin(), artifacts.end(), [&](const PhaseArtifact& a) {
    return a.artifact_type == o.type && a.path && fnmatch(o.pattern.c_str(), a.path->c_str(), 0) == 0;
  });
}

GateStatus evaluate(storage::Tx& tx, const Workflow& w, const Ticket& t) {
  GateStatus g{t.id, t.phase_id, false, {}, {}, storage::list_artifacts(tx, t.id, t.phase_id)};
  const PhaseDefinition* phase = w.phase(t.phase_id);
  if (!phase) return g;
  std::set<std::string> met;
  for (const auto& a : g.artifacts) met.insert(a.met_definitions.begin(), a.met_definitions.end());
  for (const auto& d : phase->done_definitions)
    if (!met.count(d)) g.missing_definitions.push_back(d);
  for (const auto& o : phase->expected_outputs)
    if (o.required && !output_seen(o, g.artifacts)) g.missing_outputs.push_back(o.type + ":" + o.pattern);
  g.met = g.missing_definitions.empty() && g.missing_outputs.empty();
  return g;
}

const PhaseDefinition* next_phase(const Workflow& w, const PhaseDefinition& from) {
  for (const auto& id : from.allowed_transitions) {
    const PhaseDefinition* p = w.phase(id);
    if (p && !p->is_blocked_phase) return p;
  }
  return nullptr;
}

}  // namespace

Json to_json(const PhaseArtifact& a) {
  return Json{{"id", a.id}, {"ticket_id", a.ticket_id}, {"phase_id", a.phase_id}, {"artifact_type", a.artifact_type},
              {"path", core::or_null(a.path)}, {"content", core::or_null(a.content)},
              {"met_definitions", a.met_definitions}, {"reported_by", core::or_null(a.reported_by)},
              {"created_at", to_iso8601(a.created_at)}};
}

Json to_json(const GateStatus& g) {
  Json artifacts = Json::array();
  for (const auto& a : g.artifacts) artifacts.push_back(to_json(a));
  return Json{{"ticket_id", g.ticket_id}, {"phase_id", g.phase_id}, {"met", g.met},
              {"missing_definitions", g.missing_definitions}, {"missing_outputs", g.missing_outputs},
              {"artifacts", artifacts}};
}

NewArtifact new_artifact_from_json(const Json& j) {
  util::JsonInput in(j);
  NewArtifact a;
  a.phase_id = in.string("phase_id");
  a.artifact_type = in.required_string("artifact_type");
  a.path = in.string("path");
  a.content = in.string("content");
  a.met_definitions = in.strings("met_definitions").value_or(std::vector<std::string>{});
  a.reported_by = in.string("reported_by");
  in.finish();
  return a;
}

PhaseArtifact TicketService::report_artifact(std::string_view id_or_key, const NewArtifact& req) const {
  util::check_required_text("artifact_type", req.artifact_type, 100);
  util::check_opt_text("path", req.path, 4096);
  util::check_opt_text("content", req.content, 1000000);
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key);
    Workflow w = core::workflow_of(tx, t.project_id);
    std::string phase = req.phase_id.value_or(t.phase_id);
    if (!w.phase(phase)) throw ValidationError("phase_id", "phase '" + phase + "' is not in the project's workflow");
    PhaseArtifact a{util::new_uuid(), t.id, phase, req.artifact_type, req.path, req.content, req.reported_by,
                    req.met_definitions, tx.now()};
    storage::insert_artifact(tx, a);
    tx.emit("PHASE_ARTIFACT_REPORTED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id}, {"artifact_id", a.id}, {"phase_id", phase}, {"artifact_type", a.artifact_type},
                 {"path", core::or_null(a.path)}, {"met_definitions", a.met_definitions},
                 {"reported_by", core::or_null(a.reported_by)}});
    return a;
  });
}

GateStatus TicketService::gate_status(std::string_view id_or_key) const {
  return ctx_->db->read([&](storage::Tx& tx) {
    Ticket t = core::require_ticket(tx, id_or_key);
    return evaluate(tx, core::workflow_of(tx, t.project_id), t);
  });
}

std::optional<Ticket> TicketService::check_and_progress(std::string_view id_or_key,
                                                        const std::optional<std::string>& initiated_by) const {
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) -> std::optional<Ticket> {
    Ticket t = core::require_ticket(tx, id_or_key, /*lock=*/true);
    Workflow w = core::workflow_of(tx, t.project_id);
    const PhaseDefinition* phase = w.phase(t.phase_id);
    if (t.is_blocked || !phase || phase->is_terminal || t.approval_status != ApprovalStatus::approved) return std::nullopt;
    GateStatus gate = evaluate(tx, w, t);
    const PhaseDefinition* next = next_phase(w, *phase);
    if (!gate.met || !next) return std::nullopt;
    try {
      core::check_wip(tx, w, t, next->id);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::wip_limit_exceeded) return std::nullopt;
      throw;
    }
    Json artifacts = Json::array();
    for (const auto& a : gate.artifacts) artifacts.push_back(a.id);
    core::change_phase(tx, w, t, {next->id, std::nullopt, "Phase gate met: " + phase->id + " -> " + next->id,
                                  initiated_by, false, artifacts});
    tx.emit("TICKET_PHASE_ADVANCED", "ticket", t.id, t.project_id,
            Json{{"ticket_id", t.id}, {"key", t.key}, {"from_phase", phase->id}, {"to_phase", next->id},
                 {"status", to_string(t.status)}, {"artifacts", artifacts}});
    return t;
  });
}

}  // namespace dagboard
