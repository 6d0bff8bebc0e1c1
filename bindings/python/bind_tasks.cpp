// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_tasks(py::module_& m) {
  py::class_<TaskService>(m, "TaskService", "Tasks. The GIL is released in every call.")
      .def(
          "create",
          [](const TaskService& s, py::kwargs kw) {
            auto req = new_task_from_json(kwargs_json(kw));
            return make_record("Task", to_json(without_gil([&] { return s.create(req); })));
          },
          "Creates a task of a ticket (DependencyCycleError when depends_on would close a cycle).")
      .def(
          "create_many",
          [](const TaskService& s, const py::iterable& items) {
            std::vector<NewTask> reqs;
            for (auto item : items) reqs.push_back(new_task_from_json(to_json_value(item)));
            auto tasks = without_gil([&] { return s.create_many(reqs); });
            py::list out;
            for (const auto& t : tasks) out.append(make_record("Task", to_json(t)));
            return out;
          },
          py::arg("tasks"),
          "Creates every task (dicts of create's fields) in one transaction, or none.")
      .def(
          "get",
          [](const TaskService& s, const std::string& id) {
            return make_record("Task", to_json(without_gil([&] { return s.get(id); })));
          },
          py::arg("id"))
      .def(
          "find",
          [](const TaskService& s, const std::string& id) -> py::object {
            auto t = without_gil([&] { return s.find(id); });
            return t ? make_record("Task", to_json(*t)) : py::none();
          },
          py::arg("id"))
      .def(
          "list",
          [](const TaskService& s, py::kwargs kw) {
            auto query = task_query_from_json(kwargs_json(kw));
            return make_page(without_gil([&] { return s.list(query); }), "Task");
          },
          "A page of tasks.")
      .def(
          "update",
          [](const TaskService& s, const std::string& id, py::kwargs kw) {
            auto changes = task_update_from_json(kwargs_json(kw));
            return make_record("Task", to_json(without_gil([&] { return s.update(id, changes); })));
          },
          py::arg("id"))
      .def(
          "add_dependencies",
          [](const TaskService& s, const std::string& id, std::vector<std::string> deps) {
            return make_record("Task",
                               to_json(without_gil([&] { return s.add_dependencies(id, deps); })));
          },
          py::arg("task_id"), py::arg("depends_on"),
          "Raises DependencyCycleError (with .cycle) and writes nothing on a cycle.")
      .def(
          "set_dependencies",
          [](const TaskService& s, const std::string& id, std::vector<std::string> deps) {
            return make_record("Task",
                               to_json(without_gil([&] { return s.set_dependencies(id, deps); })));
          },
          py::arg("task_id"), py::arg("depends_on"))
      .def(
          "remove_dependency",
          [](const TaskService& s, const std::string& id, const std::string& dep) {
            return make_record("Task",
                               to_json(without_gil([&] { return s.remove_dependency(id, dep); })));
          },
          py::arg("task_id"), py::arg("dependency_id"))
      .def(
          "check_cycle",
          [](const TaskService& s, const std::string& id, std::vector<std::string> deps) {
            return without_gil([&] { return s.check_cycle(id, deps); });
          },
          py::arg("task_id"), py::arg("depends_on"),
          "The cycle the edges would close (first id repeated last), or None.")
      .def(
          "start",
          [](const TaskService& s, const std::string& id, std::optional<std::string> agent,
             bool force) {
            ActingAs by{std::move(agent), force};
            return make_record("Task", to_json(without_gil([&] { return s.start(id, by); })));
          },
          py::arg("task_id"), py::kw_only(), py::arg("agent_id") = py::none(),
          py::arg("force") = false,
          "The holder (agent_id) starts its task; force=True overrides as an operator.")
      .def(
          "complete",
          [](const TaskService& s, const std::string& id, py::object result,
             std::optional<std::string> agent, bool force) {
            Json value = to_json_value(result, "result");
            ActingAs by{std::move(agent), force};
            return make_record("Task",
                               to_json(without_gil([&] { return s.complete(id, by, value); })));
          },
          py::arg("task_id"), py::arg("result") = py::none(), py::kw_only(),
          py::arg("agent_id") = py::none(), py::arg("force") = false,
          "Only the holder with a live lease completes (ConflictError otherwise); force=True "
          "overrides.")
      .def(
          "fail",
          [](const TaskService& s, const std::string& id, const std::string& error,
             std::optional<std::string> agent, bool force) {
            ActingAs by{std::move(agent), force};
            return make_record("Task", to_json(without_gil([&] { return s.fail(id, by, error); })));
          },
          py::arg("task_id"), py::arg("error_message"), py::kw_only(),
          py::arg("agent_id") = py::none(), py::arg("force") = false)
      .def(
          "cancel",
          [](const TaskService& s, const std::string& id, const std::string& reason,
             std::optional<std::string> agent, bool force) {
            ActingAs by{std::move(agent), force};
            return make_record("Task",
                               to_json(without_gil([&] { return s.cancel(id, by, reason); })));
          },
          py::arg("task_id"), py::arg("reason") = "", py::kw_only(),
          py::arg("agent_id") = py::none(), py::arg("force") = false,
          "A held task needs its holder (agent_id) or force=True; a pending one anyone.")
      .def("check_timeouts",
           [](const TaskService& s) { return without_gil([&] { return s.check_timeouts(); }); });
  keyword_requests(m, "TaskService", {{"create", "NewTask"}, {"list", "TaskQuery"}, {"update", "TaskUpdate"}});
}

}  // namespace dagboard::python
