// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_tickets(py::module_& m) {
  py::class_<TicketService>(m, "TicketService", "Tickets. The GIL is released in every call.")
      .def(
          "create",
          [](const TicketService& s, py::kwargs kw) {
            auto req = new_ticket_from_json(kwargs_json(kw));
            return make_record("Ticket", to_json(without_gil([&] { return s.create(req); })));
          },
          "Creates a ticket; its key is the project's next number (PAY-1, PAY-2, ...).")
      .def(
          "get",
          [](const TicketService& s, const std::string& id_or_key) {
            return make_record("Ticket", to_json(without_gil([&] { return s.get(id_or_key); })));
          },
          py::arg("id_or_key"))
      .def(
          "find",
          [](const TicketService& s, const std::string& id_or_key) -> py::object {
            auto t = without_gil([&] { return s.find(id_or_key); });
            return t ? make_record("Ticket", to_json(*t)) : py::none();
          },
          py::arg("id_or_key"))
      .def(
          "list",
          [](const TicketService& s, py::kwargs kw) {
            auto query = ticket_query_from_json(kwargs_json(kw));
            return make_page(without_gil([&] { return s.list(query); }), "Ticket");
          },
          "A page of tickets.")
      .def(
          "update",
          [](const TicketService& s, const std::string& id_or_key, py::kwargs kw) {
            auto changes = ticket_update_from_json(kwargs_json(kw));
            return make_record("Ticket",
                               to_json(without_gil([&] { return s.update(id_or_key, changes); })));
          },
          py::arg("id_or_key"))
      .def(
          "delete",
          [](const TicketService& s, const std::string& id_or_key) {
            without_gil([&] {
              s.remove(id_or_key);
              return 0;
            });
          },
          py::arg("id_or_key"))
      .def(
          "transition",
          [](const TicketService& s, const std::string& id_or_key, py::object to_status,
             py::kwargs kw) {
            Json body = kwargs_json(kw);
            if (!to_status.is_none()) body["to_status"] = to_json_value(to_status);
            auto r = transition_request_from_json(body);
            return make_record("Ticket", to_json(without_gil([&] {
                                 return s.transition(id_or_key, r.to_status, r.options);
                               })));
          },
          py::arg("id_or_key"), py::arg("to_status") = py::none(),
          "Moves a ticket to another status (InvalidTransitionError when the workflow forbids it).")
      .def(
          "regress",
          [](const TicketService& s, const std::string& id_or_key, py::kwargs kw) {
            auto r = regress_request_from_json(kwargs_json(kw));
            return make_record("Ticket", to_json(without_gil([&] {
                                 return s.regress(id_or_key, r.to_status, *r.validation_feedback,
                                                  r.options);
                               })));
          },
          py::arg("id_or_key"),
          "Sends a ticket back to an earlier status with the feedback that failed it.")
      .def(
          "block",
          [](const TicketService& s, const std::string& id_or_key, py::kwargs kw) {
            auto r = block_request_from_json(kwargs_json(kw));
            return make_record("Ticket", to_json(without_gil([&] {
                                 return s.block(id_or_key, r.blocker_type, r.suggested_remediation,
                                                r.initiated_by);
                               })));
          },
          py::arg("id_or_key"),
          "Blocks a ticket.")
      .def(
          "unblock",
          [](const TicketService& s, const std::string& id_or_key,
             std::optional<std::string> initiated_by) {
            return make_record(
                "Ticket", to_json(without_gil([&] { return s.unblock(id_or_key, initiated_by); })));
          },
          py::arg("id_or_key"), py::arg("initiated_by") = py::none())
      .def(
          "phase_history",
          [](const TicketService& s, const std::string& id_or_key) {
            py::list out;
            for (const auto& e : without_gil([&] { return s.phase_history(id_or_key); }))
              out.append(make_record("PhaseHistoryEntry", to_json(e)));
            return out;
          },
          py::arg("id_or_key"), "Oldest first.")
      .def(
          "report_artifact",
          [](const TicketService& s, const std::string& id_or_key, py::kwargs kw) {
            auto a = new_artifact_from_json(kwargs_json(kw));
            return from_json_value(
                to_json(without_gil([&] { return s.report_artifact(id_or_key, a); })));
          },
          py::arg("id_or_key"),
          "Reports an artifact of the ticket's phase (its gate checks them).")
      .def(
          "gate_status",
          [](const TicketService& s, const std::string& id_or_key) {
            return from_json_value(to_json(without_gil([&] { return s.gate_status(id_or_key); })));
          },
          py::arg("id_or_key"))
      .def(
          "check_and_progress",
          [](const TicketService& s, const std::string& id_or_key,
             std::optional<std::string> initiated_by) -> py::object {
            auto t = without_gil([&] { return s.check_and_progress(id_or_key, initiated_by); });
            return t ? make_record("Ticket", to_json(*t)) : py::none();
          },
          py::arg("id_or_key"), py::arg("initiated_by") = py::none())
      .def(
          "approve",
          [](const TicketService& s, const std::string& id_or_key,
             std::optional<std::string> approver) {
            return make_record(
                "Ticket", to_json(without_gil([&] { return s.approve(id_or_key, approver); })));
          },
          py::arg("id_or_key"), py::arg("approver_id") = py::none())
      .def(
          "reject",
          [](const TicketService& s, const std::string& id_or_key, const std::string& reason,
             std::optional<std::string> rejector) {
            return make_record(
                "Ticket",
                to_json(without_gil([&] { return s.reject(id_or_key, reason, rejector); })));
          },
          py::arg("id_or_key"), py::arg("reason"), py::arg("rejector_id") = py::none())
      .def(
          "check_approval_timeouts",
          [](const TicketService& s) {
            return without_gil([&] { return s.check_approval_timeouts(); });
          },
          "Ids of the tickets that timed out now.")
      .def(
          "pending_review_count",
          [](const TicketService& s, std::optional<std::string> project) {
            return without_gil([&] { return s.pending_review_count(project); });
          },
          py::arg("project_id") = py::none());
  keyword_requests(m, "TicketService", {{"create", "NewTicket"}, {"list", "TicketQuery"}, {"update", "TicketUpdate"}, {"transition", "TransitionRequest"}, {"regress", "RegressRequest"}, {"block", "BlockRequest"}, {"report_artifact", "NewArtifact"}});
}

}  // namespace dagboard::python
