// SPDX-License-Identifier: Apache-2.0

#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

// Letting go of the last handle joins the event thread and closes connections: without the GIL.
void close_without_gil(Workspace& ws) {
  without_gil([&] { ws.close(); return 0; });
}

struct DeleteWithoutGil {
  void operator()(Workspace* ws) const {
    if (Py_IsInitialized() && PyGILState_Check()) close_without_gil(*ws);
    delete ws;
  }
};

}  // namespace

void bind_workspace(py::module_& m) {
  py::class_<Workspace, std::unique_ptr<Workspace, DeleteWithoutGil>>(m, "Workspace", R"doc(
An open dagboard database. Thread-safe; copies share connections.
Reach the services as attributes: projects, tickets, tasks, agents, events.
)doc")
      .def_property_readonly("backend",
                             [](const Workspace& ws) { return std::string(ws.backend()); })
      .def_property_readonly("schema_version", &Workspace::schema_version)
      .def_property_readonly("projects", &Workspace::projects)
      .def_property_readonly("tickets", &Workspace::tickets)
      .def_property_readonly("tasks", &Workspace::tasks)
      .def_property_readonly("agents", &Workspace::agents)
      .def_property_readonly("events", &Workspace::events)
      .def_property_readonly("graph", &Workspace::graph)
      .def_property_readonly("scheduler", &Workspace::scheduler)
      .def_property_readonly("workflows", &Workspace::workflows)
      .def_property_readonly("board", &Workspace::board)
      .def_property_readonly("audit", &Workspace::audit)
      .def_property_readonly("commits", &Workspace::commits)
      .def_property_readonly("github", &Workspace::github)
      .def_property_readonly("document_store", &Workspace::document_store)
      .def_property_readonly("documents", &Workspace::documents)
      .def_property_readonly("explorations", &Workspace::explorations)
      .def_property_readonly("discoveries", &Workspace::discoveries)
      .def_property_readonly("statistics", &Workspace::statistics)
      .def_property_readonly("search", &Workspace::search)
      .def("as_actor", &Workspace::as_actor, py::arg("actor"),
           "A handle that records `actor` on every event it writes.")
      .def("close", &close_without_gil,
           "Lets go of this handle; the database closes once nothing uses it. Later calls raise "
           "ValidationError.")
      .def_property_readonly("closed", &Workspace::closed)
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](Workspace& ws, py::args) { close_without_gil(ws); });

  m.def(
      "open",
      [](const std::string& url, int pool_size, int busy_timeout_ms,
         std::optional<std::string> actor, const py::object& score_weights,
         const py::object& github, const py::object& documents) {
        OpenOptions options{pool_size,
                            busy_timeout_ms,
                            std::move(actor),
                            score_weights_from_json(to_json_value(score_weights)),
                            github_client_options_from_json(to_json_value(github)),
                            document_store_options_from_json(to_json_value(documents))};
        return without_gil([&] { return Workspace::open(url, options); });
      },
      py::arg("url"), py::arg("pool_size") = OpenOptions{}.pool_size,
      py::arg("busy_timeout_ms") = OpenOptions{}.busy_timeout_ms,
      py::arg("actor") = py::none(), py::arg("score_weights") = py::none(),
      py::arg("github") = py::none(), py::arg("documents") = py::none(), R"doc(
Open (creating and migrating when needed) the database at `url`:
sqlite:///abs/path.db, sqlite://relative.db, sqlite::memory:, postgresql://user:pass@host:port/db.
score_weights: a dict overriding upstream's scheduling weights, e.g. {"priority": 0.6}.
github: {api_url, token, timeout_ms, max_retries, max_wait_ms} for the GitHub REST API
(defaults: $DAGBOARD_GITHUB_API_URL or https://api.github.com, $GITHUB_TOKEN).
documents: {max_database_bytes, s3: {endpoint, bucket, region, path_style, access_key_id,
secret_access_key, ...}} (credentials default to the AWS_* environment variables).
The GIL is released while connecting.
)doc");
  m.def("library_schema_version", &library_schema_version);
}

}  // namespace dagboard::python
