// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

/// A header by name, case-insensitively (HTTP header names are).
std::optional<std::string> header(const py::dict& headers, const std::string& name) {
  for (auto item : headers) {
    std::string key = py::str(item.first);
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size() && same; ++i) same = std::tolower(key[i]) == std::tolower(name[i]);
    if (same) return py::str(item.second).cast<std::string>();
  }
  return std::nullopt;
}

}  // namespace

void bind_github(py::module_& m) {
  m.def("parse_unified_diff", [](const std::string& diff) {
    py::list out;
    for (const auto& f : parse_unified_diff(diff)) out.append(from_json_value(to_json(f)));
    return out;
  }, py::arg("diff"), "Files and hunks of a unified diff: [{path, status, additions, deletions, hunks: [...]}]");
  py::class_<GitHubService>(m, "GitHubService", "GitHub connections and webhooks.")
      .def("handle_webhook", [](const GitHubService& s, const std::string& event, const py::dict& headers,
                                const py::bytes& body, std::optional<std::string> project_id) {
        WebhookDelivery d{event, std::string(body), header(headers, "X-Hub-Signature-256"),
                          header(headers, "X-GitHub-Delivery"), project_id};
        return from_json_value(to_json(without_gil([&] { return s.handle_webhook(d); })));
      }, py::arg("event"), py::arg("headers"), py::arg("body"), py::arg("project_id") = py::none(),
         "handle_webhook(event, headers, body: bytes) -> dict. Raises SignatureInvalidError before reading "
         "an unsigned or badly signed body.")
      .def("connect", [](const GitHubService& s, const std::string& project, const std::string& owner,
                         const std::string& repo, std::optional<std::string> webhook_secret) {
        return make_record("Project", to_json(without_gil([&] { return s.connect(project, owner, repo, webhook_secret); })));
      }, py::arg("project"), py::arg("owner"), py::arg("repo"), py::arg("webhook_secret") = py::none())
      .def("refresh_commit", [](const GitHubService& s, const std::string& sha) {
        py::list out;
        for (const auto& c : without_gil([&] { return s.refresh_commit(sha); })) out.append(make_record("TicketCommit", to_json(c)));
        return out;
      }, py::arg("sha"), "Fills the commit's links with its files and line counts from GitHub.")
      .def("commit_diff", [](const GitHubService& s, const std::string& sha, std::optional<std::string> file_path) {
        py::list out;
        for (const auto& f : without_gil([&] { return s.commit_diff(sha, file_path); })) out.append(from_json_value(to_json(f)));
        return out;
      }, py::arg("sha"), py::arg("file_path") = py::none())
      .def("create_issue", [](const GitHubService& s, const std::string& ticket) {
        auto issue = without_gil([&] { return s.create_issue(ticket); });
        return from_json_value(Json{{"issue_number", issue.number}, {"url", issue.url}});
      }, py::arg("ticket"))
      .def("connected", [](const GitHubService& s) {
        py::list out;
        for (const auto& c : without_gil([&] { return s.connected(); })) out.append(from_json_value(to_json(c)));
        return out;
      });
}

}  // namespace dagboard::python
