// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>
#include <set>

#include <dagboard/errors.hpp>
#include <dagboard/workflow.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"
#include "util/text.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

// Runs `read` on element `index` of list `list`, naming the field `list[index].field` in errors.
template <class F>
auto in_element(const std::string& list, size_t index, F&& read) {
  try {
    return read();
  } catch (const ValidationError& e) {
    std::string field = e.details().value("field", std::string());
    throw ValidationError(list + "[" + std::to_string(index) + "]" + (field.empty() ? "" : "." + field),
                          e.message());
  }
}



std::string checked_id(util::JsonInput& in) {
  std::string id = in.required_string("id");
  util::check_required_text("id", id, 50);
  return id;
}

ExpectedOutput output_from_json(const Json& j) {
  util::JsonInput in(j);
  ExpectedOutput o;
  o.type = in.required_string("type");
  o.pattern = in.required_string("pattern");
  o.required = in.boolean("required").value_or(true);
  o.validation_rule = in.string("validation_rule");
  in.finish();
  return o;
}

PhaseDefinition phase_from_json(const Json& j) {
  util::JsonInput in(j);
  PhaseDefinition p;
  p.id = checked_id(in);
  p.name = in.required_string("name");
  p.description = in.string("description");
  p.sequence_order = util::to_int("sequence_order", in.integer("sequence_order").value_or(0));
  p.allowed_transitions = in.strings("allowed_transitions").value_or(std::vector<std::string>{});
  p.is_terminal = in.boolean("is_terminal").value_or(false);
  p.status = in.enumeration<TicketStatus>("status");
  p.is_blocked_phase = in.boolean("is_blocked_phase").value_or(false);
  p.done_definitions = in.strings("done_definitions").value_or(std::vector<std::string>{});
  if (auto outputs = in.any("expected_outputs")) {
    if (!outputs->is_array()) throw ValidationError("expected_outputs", "expected_outputs must be a list");
    for (size_t i = 0; i < outputs->size(); ++i)
      p.expected_outputs.push_back(in_element("expected_outputs", i, [&] { return output_from_json((*outputs)[i]); }));
  }
  p.phase_prompt = in.string("phase_prompt");
  in.finish();
  if (p.is_blocked_phase && p.status) throw ValidationError("status", "the blocked phase has no status");
  if (!p.is_blocked_phase && !p.status) throw ValidationError("status", "status is required");
  return p;
}

BoardColumn column_from_json(const Json& j) {
  util::JsonInput in(j);
  BoardColumn c;
  c.id = checked_id(in);
  c.name = in.required_string("name");
  c.description = in.string("description");
  c.sequence_order = util::to_int("sequence_order", in.integer("sequence_order").value_or(0));
  c.phase_mapping = in.strings("phase_mapping").value_or(std::vector<std::string>{});
  if (c.phase_mapping.empty()) throw ValidationError("phase_mapping", "phase_mapping must name at least one phase");
  if (auto limit = in.nullable_integer("wip_limit"); limit && *limit) {
    if (**limit < 1) throw ValidationError("wip_limit", "wip_limit must be at least 1 (omit it for no limit)");
    c.wip_limit = util::to_int("wip_limit", **limit);
  }
  c.is_terminal = in.boolean("is_terminal").value_or(false);
  if (auto to = in.nullable_string("auto_transition_to"); to && *to) c.auto_transition_to = **to;
  if (auto color = in.nullable_string("color_theme"); color && *color) c.color_theme = **color;
  in.finish();
  return c;
}

template <class T>
void check_unique_ids(const std::vector<T>& items, const std::string& list) {
  std::set<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i)
    if (!seen.insert(items[i].id).second)
      throw ValidationError(list + "[" + std::to_string(i) + "].id", "id '" + items[i].id + "' is used twice");
}

void check_references(const Workflow& w) {
  auto known_phase = [&](const std::string& id) { return w.phase(id) != nullptr; };
  int blocked = 0;
  for (size_t i = 0; i < w.phases.size(); ++i) {
    blocked += w.phases[i].is_blocked_phase ? 1 : 0;
    for (const auto& to : w.phases[i].allowed_transitions)
      if (!known_phase(to))
        throw ValidationError("phases[" + std::to_string(i) + "].allowed_transitions", "unknown phase '" + to + "'");
  }
  if (blocked > 1) throw ValidationError("phases", "at most one phase may be the blocked phase");
  for (size_t i = 0; i < w.columns.size(); ++i) {
    const auto& c = w.columns[i];
    std::string at = "columns[" + std::to_string(i) + "]";
    for (const auto& p : c.phase_mapping)
      if (!known_phase(p)) throw ValidationError(at + ".phase_mapping", "unknown phase '" + p + "'");
    if (c.auto_transition_to && !w.column(*c.auto_transition_to))
      throw ValidationError(at + ".auto_transition_to", "unknown column '" + *c.auto_transition_to + "'");
  }
}

// Following auto_transition_to from any column must end, not come back around.
void check_auto_transitions_end(const Workflow& w) {
  for (size_t i = 0; i < w.columns.size(); ++i) {
    std::set<std::string> visited{w.columns[i].id};
    for (const BoardColumn* c = &w.columns[i]; c->auto_transition_to;) {
      c = w.column(*c->auto_transition_to);
      if (!visited.insert(c->id).second)
        throw ValidationError("columns[" + std::to_string(i) + "].auto_transition_to",
                              "auto transitions from '" + w.columns[i].id + "' go around in a cycle");
    }
  }
}

Json output_json(const ExpectedOutput& o) {
  return Json{{"type", o.type}, {"pattern", o.pattern}, {"required", o.required},
              {"validation_rule", core::or_null(o.validation_rule)}};
}

}  // namespace

Json to_json(const BoardColumn& c) {
  return Json{{"id", c.id}, {"name", c.name}, {"description", core::or_null(c.description)},
              {"sequence_order", c.sequence_order}, {"phase_mapping", c.phase_mapping},
              {"wip_limit", core::or_null(c.wip_limit)}, {"is_terminal", c.is_terminal},
              {"auto_transition_to", core::or_null(c.auto_transition_to)},
              {"color_theme", core::or_null(c.color_theme)}};
}

Json to_json(const Workflow& w) {
  Json phases = Json::array(), columns = Json::array();
  for (const auto& p : w.phases) {
    Json outputs = Json::array();
    for (const auto& o : p.expected_outputs) outputs.push_back(output_json(o));
    phases.push_back(Json{{"id", p.id}, {"name", p.name}, {"description", core::or_null(p.description)},
                          {"sequence_order", p.sequence_order}, {"allowed_transitions", p.allowed_transitions},
                          {"is_terminal", p.is_terminal},
                          {"status", p.status ? Json(to_string(*p.status)) : Json(nullptr)},
                          {"is_blocked_phase", p.is_blocked_phase}, {"done_definitions", p.done_definitions},
                          {"expected_outputs", outputs}, {"phase_prompt", core::or_null(p.phase_prompt)}});
  }
  for (const auto& c : w.columns) columns.push_back(to_json(c));
  return Json{{"name", w.name}, {"phases", phases}, {"columns", columns}};
}

Workflow workflow_from_json(const Json& j) {
  util::JsonInput in(j);
  Workflow w;
  w.name = in.required_string("name");
  auto phases = in.required_objects("phases");
  auto columns = in.required_objects("columns");
  in.finish();
  util::check_required_text("name", w.name, 200);
  for (size_t i = 0; i < phases.size(); ++i)
    w.phases.push_back(in_element("phases", i, [&] { return phase_from_json(phases[i]); }));
  for (size_t i = 0; i < columns.size(); ++i)
    w.columns.push_back(in_element("columns", i, [&] { return column_from_json(columns[i]); }));
  check_unique_ids(w.phases, "phases");
  check_unique_ids(w.columns, "columns");
  check_references(w);
  check_auto_transitions_end(w);
  auto by_order = [](const auto& a, const auto& b) { return a.sequence_order < b.sequence_order; };
  std::stable_sort(w.phases.begin(), w.phases.end(), by_order);
  std::stable_sort(w.columns.begin(), w.columns.end(), by_order);
  return w;
}

}  // namespace dagboard
