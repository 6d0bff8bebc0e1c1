// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_agents(py::module_& m) {
  py::class_<AgentService>(m, "AgentService", "Agents. The GIL is released in every call.")
      .def("register", [](const AgentService& s, py::kwargs kw) {
        auto req = new_agent_from_json(kwargs_json(kw));
        return make_record("Agent", to_json(without_gil([&] { return s.register_agent(req); })));
      }, "Registers an agent.")
      .def("get", [](const AgentService& s, const std::string& id) {
        return make_record("Agent", to_json(without_gil([&] { return s.get(id); })));
      }, py::arg("id"))
      .def("find", [](const AgentService& s, const std::string& id) -> py::object {
        auto a = without_gil([&] { return s.find(id); });
        return a ? make_record("Agent", to_json(*a)) : py::none();
      }, py::arg("id"))
      .def("list", [](const AgentService& s, py::kwargs kw) {
        auto query = agent_query_from_json(kwargs_json(kw));
        return make_page(without_gil([&] { return s.list(query); }), "Agent");
      }, "A page of agents.")
      .def("update", [](const AgentService& s, const std::string& id, py::kwargs kw) {
        auto changes = agent_update_from_json(kwargs_json(kw));
        return make_record("Agent", to_json(without_gil([&] { return s.update(id, changes); })));
      }, py::arg("id"))
      .def("heartbeat", [](const AgentService& s, const std::string& id,
                           std::optional<std::string> health_status) {
        std::optional<HealthStatus> health;
        if (health_status) {
          health = parse<HealthStatus>(*health_status);
          if (!health) throw ValidationError("health_status", "invalid health_status '" + *health_status + "'");
        }
        return make_record("Agent", to_json(without_gil([&] { return s.heartbeat(id, health); })));
      }, py::arg("id"), py::arg("health_status") = py::none());
  keyword_requests(m, "AgentService", {{"register", "NewAgent"}, {"list", "AgentQuery"}, {"update", "AgentUpdate"}});
}

}  // namespace dagboard::python
