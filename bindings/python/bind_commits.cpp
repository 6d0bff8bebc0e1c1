// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {

void bind_commits(py::module_& m) {
  py::class_<CommitService>(m, "CommitService", "Commits linked to tickets. The GIL is released in every call.")
      .def("link", [](const CommitService& s, py::kwargs kw) {
        auto req = new_commit_link_from_json(kwargs_json(kw));
        return make_record("TicketCommit", to_json(without_gil([&] { return s.link(req); })));
      }, "Links a commit to a ticket (ConflictError when already linked).")
      .def("link_once", [](const CommitService& s, py::kwargs kw) {
        auto req = new_commit_link_from_json(kwargs_json(kw));
        return make_record("TicketCommit", to_json(without_gil([&] { return s.link_once(req); })));
      }, "link(), but an existing link is returned instead of raising ConflictError")
      .def("get", [](const CommitService& s, const std::string& sha) {
        return make_record("TicketCommit", to_json(without_gil([&] { return s.get(sha); })));
      }, py::arg("sha"), "The earliest link of a commit by SHA or unique prefix (>= 4 hex digits).")
      .def("links", [](const CommitService& s, const std::string& sha) {
        py::list out;
        for (const auto& c : without_gil([&] { return s.links(sha); })) out.append(make_record("TicketCommit", to_json(c)));
        return out;
      }, py::arg("sha"))
      .def("by_ticket", [](const CommitService& s, const std::string& ticket, const py::kwargs& kw) {
        auto page = page_request_from_json(kwargs_json(kw));
        return make_page(without_gil([&] { return s.by_ticket(ticket, page); }), "TicketCommit");
      }, py::arg("ticket"), "A page of the ticket's commits (limit, cursor, sort, include_total).")
      .def("by_agent", [](const CommitService& s, const std::string& agent, const py::kwargs& kw) {
        auto page = page_request_from_json(kwargs_json(kw));
        return make_page(without_gil([&] { return s.by_agent(agent, page); }), "TicketCommit");
      }, py::arg("agent_id"), "A page of the agent's commits (limit, cursor, sort, include_total).")
      .def("statistics", [](const CommitService& s, std::optional<std::string> project_id,
                            std::optional<std::string> agent_id, int top_files) {
        return from_json_value(to_json(without_gil([&] { return s.statistics({project_id, agent_id, top_files}); })));
      }, py::arg("project_id") = py::none(), py::arg("agent_id") = py::none(), py::arg("top_files") = 10);
  keyword_requests(m, "CommitService", {{"link", "NewCommitLink"}, {"link_once", "NewCommitLink"}, {"by_ticket", "PageRequest"}, {"by_agent", "PageRequest"}});
}

}  // namespace dagboard::python
