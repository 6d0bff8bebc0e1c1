// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

void bind_explorations(py::module_& m) {
  py::class_<ExplorationService>(m, "ExplorationService",
                                 "Project explorations: idea, questions, conversation, documents.")
      .def(
          "start",
          [](const ExplorationService& s, py::kwargs kw) {
            auto req = new_exploration_from_json(kwargs_json(kw));
            return make_record("Exploration", to_json(without_gil([&] { return s.start(req); })));
          },
          "Starts an exploration of an idea.")
      .def(
          "get",
          [](const ExplorationService& s, const std::string& id) {
            return make_record("Exploration", to_json(without_gil([&] { return s.get(id); })));
          },
          py::arg("exploration_id"))
      .def(
          "list",
          [](const ExplorationService& s, std::optional<std::string> project_id,
             const py::kwargs& kw) {
            auto page = page_request_from_json(kwargs_json(kw));
            return make_page(without_gil([&] { return s.list(project_id, page); }),
                             "Exploration");
          },
          py::arg("project_id") = py::none(),
          "A page of explorations (limit, cursor, sort, include_total).")
      .def(
          "add_message",
          [](const ExplorationService& s, const std::string& id, const std::string& role,
             const std::string& content) {
            return make_record(
                "Exploration",
                to_json(without_gil([&] { return s.add_message(id, role, content); })));
          },
          py::arg("exploration_id"), py::arg("role"), py::arg("content"))
      .def(
          "ask",
          [](const ExplorationService& s, const std::string& id, py::kwargs kw) {
            auto req = new_exploration_question_from_json(kwargs_json(kw));
            return make_record("ExplorationQuestion",
                               to_json(without_gil([&] { return s.ask(id, req); })));
          },
          py::arg("exploration_id"),
          "Adds a question to an exploration.")
      .def(
          "answer",
          [](const ExplorationService& s, const std::string& id, const std::string& text) {
            return make_record("ExplorationQuestion",
                               to_json(without_gil([&] { return s.answer(id, text); })));
          },
          py::arg("question_id"), py::arg("answer_text"))
      .def(
          "questions",
          [](const ExplorationService& s, const std::string& id) {
            return make_records("ExplorationQuestion",
                                without_gil([&] { return s.questions(id); }));
          },
          py::arg("exploration_id"));
  keyword_requests(m, "ExplorationService", {{"start", "NewExploration"}, {"list", "PageRequest"}, {"ask", "NewExplorationQuestion"}});
}

py::object branch_result(const BranchResult& r) {
  return py::make_tuple(make_record("Discovery", to_json(r.discovery)),
                        make_record("Task", to_json(r.task)));
}

}  // namespace

void bind_discoveries(py::module_& m) {
  bind_explorations(m);
  py::class_<DiscoveryService>(m, "DiscoveryService",
                               "What agents find while working, and the work it branches off.")
      .def(
          "record",
          [](const DiscoveryService& s, py::kwargs kw) {
            auto req = new_discovery_from_json(kwargs_json(kw));
            return make_record("Discovery", to_json(without_gil([&] { return s.record(req); })));
          },
          "Records what an agent found while working on a task.")
      .def(
          "record_and_branch",
          [](const DiscoveryService& s, py::kwargs kw) {
            auto [req, spawn] = branch_request_from_json(kwargs_json(kw));
            return branch_result(without_gil([&] { return s.record_and_branch(req, spawn); }));
          },
          "Records a discovery and spawns the task that follows it up, in one transaction: (Discovery, Task).")
      .def(
          "spawn_task",
          [](const DiscoveryService& s, const std::string& id, py::kwargs kw) {
            auto spawn = spawn_request_from_json(kwargs_json(kw));
            return make_record("Task",
                               to_json(without_gil([&] { return s.spawn_task(id, spawn); })));
          },
          py::arg("discovery_id"),
          "Spawns one more task from a recorded discovery.")
      .def(
          "get",
          [](const DiscoveryService& s, const std::string& id) {
            return make_record("Discovery", to_json(without_gil([&] { return s.get(id); })));
          },
          py::arg("discovery_id"))
      .def(
          "by_task",
          [](const DiscoveryService& s, const std::string& task,
             std::optional<std::string> status) {
            return make_records("Discovery", without_gil([&] { return s.by_task(task, status); }));
          },
          py::arg("task_id"), py::arg("resolution_status") = py::none())
      .def(
          "by_type",
          [](const DiscoveryService& s, const std::string& type, int limit) {
            return make_records("Discovery", without_gil([&] { return s.by_type(type, limit); }));
          },
          py::arg("discovery_type"), py::arg("limit") = kDefaultDiscoveryLimit)
      .def(
          "by_agent",
          [](const DiscoveryService& s, const std::string& agent, int limit) {
            return make_records("Discovery", without_gil([&] { return s.by_agent(agent, limit); }));
          },
          py::arg("agent_id"), py::arg("limit") = kDefaultDiscoveryLimit)
      .def(
          "by_ticket",
          [](const DiscoveryService& s, const std::string& ticket) {
            return make_records("Discovery", without_gil([&] { return s.by_ticket(ticket); }));
          },
          py::arg("ticket"))
      .def(
          "workflow_graph",
          [](const DiscoveryService& s, const std::string& ticket) {
            return from_json_value(to_json(without_gil([&] { return s.workflow_graph(ticket); })));
          },
          py::arg("ticket"))
      .def(
          "resolve",
          [](const DiscoveryService& s, const std::string& id) {
            return make_record("Discovery", to_json(without_gil([&] { return s.resolve(id); })));
          },
          py::arg("discovery_id"))
      .def(
          "mark_invalid",
          [](const DiscoveryService& s, const std::string& id, std::optional<std::string> reason) {
            return make_record("Discovery",
                               to_json(without_gil([&] { return s.mark_invalid(id, reason); })));
          },
          py::arg("discovery_id"), py::arg("reason") = py::none());
  m.def(
      "discovery_title", [](const std::string& d) { return discovery_title(d); },
      py::arg("description"));
  keyword_requests(m, "DiscoveryService", {{"record", "NewDiscovery"}, {"record_and_branch", "BranchRequest"}, {"spawn_task", "SpawnRequest"}});
}

}  // namespace dagboard::python
