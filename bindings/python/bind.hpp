// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the Python module. Bindings only translate: Python values in, library call
// with the GIL released, records out.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <dagboard/dagboard.hpp>

namespace DAGBOARD_NAMESPACE::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_workspace(py::module_& m);
void bind_projects(py::module_& m);
void bind_tickets(py::module_& m);
void bind_tasks(py::module_& m);
void bind_agents(py::module_& m);
void bind_events(py::module_& m);
void bind_graph(py::module_& m);
void bind_scheduler(py::module_& m);
void bind_board(py::module_& m);
void bind_statistics(py::module_& m);
void bind_search(py::module_& m);
void bind_references(py::module_& m);
void bind_commits(py::module_& m);
void bind_github(py::module_& m);
void bind_sigv4(py::module_& m);
void bind_documents(py::module_& m);
void bind_document_service(py::module_& m);
void bind_discoveries(py::module_& m);

/// Python value (None, bool, int, float, str, list, tuple, dict, aware datetime) to JSON.
/// A Python value as JSON, with the limits of limits.hpp (ValidationError naming `field`).
Json to_json_value(const py::handle& value, const std::string& field = "value");
/// Keyword arguments to a JSON object.
Json kwargs_json(const py::kwargs& kwargs);
/// JSON to plain Python values.
py::object from_json_value(const Json& value);

/// Names, for each listed method of class `cls_name`, the request type (dagboard.request_schema)
/// whose fields it takes as keyword arguments. The package builds each method's signature and
/// help from that schema, so the fields are written once, in the library's reader.
void keyword_requests(py::module_& m, const char* cls_name,
                      std::initializer_list<std::pair<const char*, const char*>> methods);

/// An instance of dagboard._records.<type_name> holding `data`.
py::object make_record(const char* type_name, const Json& data);

template <class T>
py::object make_page(const Page<T>& page, const char* type_name) {
  py::list items;
  for (const auto& item : page.items) items.append(make_record(type_name, to_json(item)));
  py::object cls = py::module_::import("dagboard._records").attr("Page");
  return cls(items, page.next_cursor ? py::cast(*page.next_cursor) : py::none(),
             page.total ? py::cast(*page.total) : py::none());
}

/// A list of dagboard._records.<type_name>, one per item.
template <class T>
py::list make_records(const char* type_name, const std::vector<T>& items) {
  py::list out;
  for (const auto& item : items) out.append(make_record(type_name, to_json(item)));
  return out;
}

/// Runs `fn` with the GIL released (every call that touches the database).
template <class F>
auto without_gil(F&& fn) {
  py::gil_scoped_release release;
  return fn();
}

}  // namespace dagboard::python
