// SPDX-License-Identifier: Apache-2.0
// The `dagboard._dagboard` extension module: dispatch only.
#include "bind.hpp"

#include <dagboard/limits.hpp>
#include <dagboard/schemas.hpp>
#include <dagboard/version.hpp>

PYBIND11_MODULE(_dagboard, m) {
  m.doc() = "dagboard: project management core for fleets of AI agents";
  m.attr("__version__") = dagboard::library_version_string();
  // The limits on stored JSON values (include/dagboard/limits.hpp).
  m.attr("MAX_JSON_DEPTH") = dagboard::kMaxJsonDepth;
  m.attr("MAX_JSON_BYTES") = dagboard::kMaxJsonBytes;
  m.def(
      "request_schema",
      [](const std::string& name) {
        return dagboard::python::from_json_value(dagboard::request_schema(name));
      },
      pybind11::arg("name"),
      "The JSON Schema of a request's fields, read off the library's reader: the keyword "
      "arguments of the calls that take it (request_schema_names() lists the names).");
  m.def("request_schema_names", &dagboard::request_schema_names,
        "Every request type request_schema describes, sorted.");
  m.def(
      "record_schema",
      [](const std::string& name) {
        return dagboard::python::from_json_value(dagboard::record_schema(name));
      },
      pybind11::arg("name"),
      "The JSON Schema of a record's fields (record_schema_names() lists the names).");
  m.def("record_schema_names", &dagboard::record_schema_names,
        "Every record type record_schema describes, sorted.");
  dagboard::python::bind_errors(m);
  dagboard::python::bind_workspace(m);
  dagboard::python::bind_projects(m);
  dagboard::python::bind_tickets(m);
  dagboard::python::bind_tasks(m);
  dagboard::python::bind_agents(m);
  dagboard::python::bind_events(m);
  dagboard::python::bind_graph(m);
  dagboard::python::bind_scheduler(m);
  dagboard::python::bind_board(m);
  dagboard::python::bind_statistics(m);
  dagboard::python::bind_search(m);
  dagboard::python::bind_references(m);
  dagboard::python::bind_commits(m);
  dagboard::python::bind_github(m);
  dagboard::python::bind_sigv4(m);
  dagboard::python::bind_documents(m);
  dagboard::python::bind_document_service(m);
  dagboard::python::bind_discoveries(m);
}
