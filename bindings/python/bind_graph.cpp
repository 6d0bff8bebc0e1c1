// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

py::list task_list(const std::vector<Task>& tasks) {
  py::list out;
  for (const auto& t : tasks) out.append(make_record("Task", to_json(t)));
  return out;
}

// Built straight into Python objects: a schedule has an entry per task, and going through JSON
// cost more than computing it.
py::dict critical_path_dict(const CriticalPath& cp) {
  py::str task_id("task_id"), earliest_start("earliest_start"), slack("slack");
  py::list schedule(cp.schedule.size());
  for (size_t i = 0; i < cp.schedule.size(); ++i) {
    const PathStep& step = cp.schedule[i];
    py::dict entry;
    entry[task_id] = py::str(step.task_id);
    entry[earliest_start] = py::float_(step.earliest_start);
    entry[slack] = py::float_(step.slack);
    schedule[i] = std::move(entry);
  }
  py::dict out;
  out["task_ids"] = py::cast(cp.task_ids);
  out["length"] = cp.length;
  out["weighted"] = cp.weighted;
  out["schedule"] = std::move(schedule);
  return out;
}

}  // namespace

void bind_graph(py::module_& m) {
  py::class_<GraphService>(m, "GraphService",
                           "The dependency graph. The GIL is released in every call.")
      .def(
          "ready",
          [](const GraphService& s, const std::string& project, py::kwargs kw) {
            auto query = ready_query_from_json(kwargs_json(kw));
            return make_page(without_gil([&] { return s.ready(project, query); }), "Task");
          },
          py::arg("project_id"),
          "A page of the tasks ready to run, best first.")
      .def(
          "topological_order",
          [](const GraphService& s, const std::string& project) {
            return without_gil([&] { return s.topological_order(project); });
          },
          py::arg("project_id"))
      .def(
          "layers",
          [](const GraphService& s, const std::string& project) {
            return without_gil([&] { return s.layers(project); });
          },
          py::arg("project_id"))
      .def(
          "critical_path",
          [](const GraphService& s, const std::string& project, bool weighted) {
            return critical_path_dict(
                without_gil([&] { return s.critical_path(project, weighted); }));
          },
          py::arg("project_id"), py::arg("weighted") = false,
          "{task_ids, length, weighted, schedule: [{task_id, earliest_start, slack}]}")
      .def(
          "stranded",
          [](const GraphService& s, const std::string& project) {
            return task_list(without_gil([&] { return s.stranded(project); }));
          },
          py::arg("project_id"),
          "Pending tasks that can never run (a dependency failed or was cancelled).")
      .def(
          "progress",
          [](const GraphService& s, std::optional<std::string> project,
             std::optional<std::string> ticket) {
            if (project.has_value() == ticket.has_value())
              throw ValidationError("project_id", "give exactly one of project_id and ticket_id");
            auto p = without_gil([&] {
              return project ? s.project_progress(*project) : s.ticket_progress(*ticket);
            });
            return from_json_value(to_json(p));
          },
          py::kw_only(), py::arg("project_id") = py::none(), py::arg("ticket_id") = py::none(),
          "{scope, id, total, by_status, ready, running, stranded, waiting, settled, "
          "all_completed}")
      .def(
          "blocked_by",
          [](const GraphService& s, const std::string& task) {
            return task_list(without_gil([&] { return s.blocked_by(task); }));
          },
          py::arg("task_id"), "The tasks `task_id` depends on.")
      .def(
          "blocking",
          [](const GraphService& s, const std::string& task) {
            return task_list(without_gil([&] { return s.blocking(task); }));
          },
          py::arg("task_id"), "The tasks that depend on `task_id`.")
      .def(
          "ticket_graph",
          [](const GraphService& s, const std::string& ticket, bool include_resolved,
             bool include_discoveries) {
            GraphExportOptions options{include_resolved, include_discoveries};
            return from_json_value(without_gil([&] { return s.ticket_graph(ticket, options); }));
          },
          py::arg("ticket_id"), py::arg("include_resolved") = true,
          py::arg("include_discoveries") = true)
      .def(
          "project_graph",
          [](const GraphService& s, const std::string& project, bool include_resolved) {
            return from_json_value(
                without_gil([&] { return s.project_graph(project, include_resolved); }));
          },
          py::arg("project_id"), py::arg("include_resolved") = true)
      .def(
          "to_dot",
          [](const GraphService& s, const std::string& project) {
            return without_gil([&] { return s.to_dot(project); });
          },
          py::arg("project_id"))
      .def(
          "to_mermaid",
          [](const GraphService& s, const std::string& project) {
            return without_gil([&] { return s.to_mermaid(project); });
          },
          py::arg("project_id"));
  keyword_requests(m, "GraphService", {{"ready", "ReadyQuery"}});
}

}  // namespace dagboard::python
