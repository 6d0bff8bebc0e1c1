// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_projects(py::module_& m) {
  py::class_<ProjectService>(m, "ProjectService", "Projects. The GIL is released in every call.")
      .def("create", [](const ProjectService& s, py::kwargs kw) {
        auto req = new_project_from_json(kwargs_json(kw));
        return make_record("Project", to_json(without_gil([&] { return s.create(req); })));
      }, "Creates a project; its key prefixes its tickets' keys.")
      .def("get", [](const ProjectService& s, const std::string& id_or_key) {
        return make_record("Project", to_json(without_gil([&] { return s.get(id_or_key); })));
      }, py::arg("id_or_key"))
      .def("find", [](const ProjectService& s, const std::string& id_or_key) -> py::object {
        auto p = without_gil([&] { return s.find(id_or_key); });
        return p ? make_record("Project", to_json(*p)) : py::none();
      }, py::arg("id_or_key"))
      .def("list", [](const ProjectService& s, py::kwargs kw) {
        auto query = project_query_from_json(kwargs_json(kw));
        return make_page(without_gil([&] { return s.list(query); }), "Project");
      }, "A page of projects.")
      .def("update", [](const ProjectService& s, const std::string& id, py::kwargs kw) {
        auto changes = project_update_from_json(kwargs_json(kw));
        return make_record("Project", to_json(without_gil([&] { return s.update(id, changes); })));
      }, py::arg("id"))
      .def("archive", [](const ProjectService& s, const std::string& id) {
        return make_record("Project", to_json(without_gil([&] { return s.archive(id); })));
      }, py::arg("id"))
      .def("stats", [](const ProjectService& s, const std::string& id_or_key) {
        return from_json_value(to_json(without_gil([&] { return s.stats(id_or_key); })));
      }, py::arg("id_or_key"), "stats(id_or_key) -> dict: total_tickets, tickets_by_status, "
         "tickets_by_phase, active_agents, total_commits")
      .def("delete", [](const ProjectService& s, const std::string& id) {
        without_gil([&] { s.remove(id); return 0; });
      }, py::arg("id"));
  keyword_requests(m, "ProjectService", {{"create", "NewProject"}, {"list", "ProjectQuery"}, {"update", "ProjectUpdate"}});
}

}  // namespace dagboard::python
