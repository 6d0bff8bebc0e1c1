// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

py::object maybe_task(const std::optional<Task>& t) {
  return t ? make_record("Task", to_json(*t)) : py::none();
}

}  // namespace

void bind_scheduler(py::module_& m) {
  py::class_<SchedulerService>(m, "SchedulerService",
                               "Scheduling and claims. The GIL is released in every call.")
      .def(
          "next_task",
          [](const SchedulerService& s, const std::string& agent,
             std::optional<std::string> project) {
            return maybe_task(without_gil([&] { return s.next_task(agent, project); }));
          },
          py::arg("agent_id"), py::arg("project_id") = py::none(),
          "The agent's best ready task, without claiming it; None when there is none.")
      .def(
          "claim",
          [](const SchedulerService& s, const std::string& agent, std::optional<std::string> task,
             std::optional<std::string> project, int lease_seconds, double wait) {
            ClaimRequest request{std::move(task), std::move(project), lease_seconds, wait};
            return maybe_task(without_gil([&] { return s.claim(agent, request); }));
          },
          py::arg("agent_id"), py::arg("task_id") = py::none(), py::arg("project_id") = py::none(),
          py::arg("lease_seconds") = kDefaultLeaseSeconds, py::arg("wait") = 0.0,
          "Atomically gives the agent a task (the given one or its best next); None when nothing "
          "is claimable.\n"
          "wait=seconds (up to 300) blocks, with the GIL released, until work appears or the time "
          "runs out.")
      .def(
          "interrupt_waits", [](const SchedulerService& s) { s.interrupt_waits(); },
          "Makes every claim waiting on this database return None now.")
      .def(
          "renew_lease",
          [](const SchedulerService& s, const std::string& task, const std::string& agent,
             int seconds) {
            return make_record(
                "Task", to_json(without_gil([&] { return s.renew_lease(task, agent, seconds); })));
          },
          py::arg("task_id"), py::arg("agent_id"), py::arg("lease_seconds") = kDefaultLeaseSeconds)
      .def(
          "release",
          [](const SchedulerService& s, const std::string& task, const std::string& agent) {
            return make_record("Task",
                               to_json(without_gil([&] { return s.release(task, agent); })));
          },
          py::arg("task_id"), py::arg("agent_id"))
      .def("expire_leases",
           [](const SchedulerService& s) { return without_gil([&] { return s.expire_leases(); }); })
      .def(
          "score",
          [](const SchedulerService& s, const std::string& task_id) {
            return without_gil([&] { return s.score(task_id); });
          },
          py::arg("task_id"), "The task's score now, with this workspace's weights.");
}

}  // namespace dagboard::python
