// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

template <class T>
py::list json_list(const std::vector<T>& items) {
  py::list out;
  for (const auto& item : items) out.append(from_json_value(to_json(item)));
  return out;
}

}  // namespace

void bind_board(py::module_& m) {
  py::class_<WorkflowService>(m, "WorkflowService",
                              "Per-project workflows. The GIL is released in every call.")
      .def(
          "get",
          [](const WorkflowService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.get(project); })));
          },
          py::arg("project_id"), "The workflow as a dict {name, phases, columns}.")
      .def(
          "set",
          [](const WorkflowService& s, const std::string& project, py::object definition) {
            Workflow w = workflow_from_json(to_json_value(definition, "definition"));
            return from_json_value(to_json(without_gil([&] { return s.set(project, w); })));
          },
          py::arg("project_id"), py::arg("definition"))
      .def(
          "reset",
          [](const WorkflowService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.reset(project); })));
          },
          py::arg("project_id"), "Back to the default workflow.");
  m.def("default_workflow", [] { return from_json_value(to_json(default_workflow())); });

  py::class_<BoardService>(m, "BoardService",
                           "The kanban board. The GIL is released in every call.")
      .def(
          "view",
          [](const BoardService& s, const std::string& project) {
            return from_json_value(to_json(without_gil([&] { return s.view(project); })));
          },
          py::arg("project_id"))
      .def(
          "move",
          [](const BoardService& s, const std::string& ticket, const std::string& column,
             bool force) {
            return from_json_value(
                to_json(without_gil([&] { return s.move(ticket, column, force); })));
          },
          py::arg("ticket_id"), py::arg("target_column_id"), py::arg("force") = false,
          "Moves the ticket to a column (target_column_id, the HTTP body's name too).")
      .def(
          "stats",
          [](const BoardService& s, const std::string& project) {
            return json_list(without_gil([&] { return s.stats(project); }));
          },
          py::arg("project_id"))
      .def(
          "wip_violations",
          [](const BoardService& s, const std::string& project) {
            return json_list(without_gil([&] { return s.wip_violations(project); }));
          },
          py::arg("project_id"))
      .def(
          "auto_transition",
          [](const BoardService& s, const std::string& ticket) -> py::object {
            auto r = without_gil([&] { return s.auto_transition(ticket); });
            return r ? from_json_value(to_json(*r)) : py::none();
          },
          py::arg("ticket_id"))
      .def(
          "column_for_phase",
          [](const BoardService& s, const std::string& project, const std::string& phase) {
            BoardColumn c = without_gil([&] { return s.column_for_phase(project, phase); });
            return from_json_value(to_json(c));
          },
          py::arg("project_id"), py::arg("phase_id"));
}

}  // namespace dagboard::python
