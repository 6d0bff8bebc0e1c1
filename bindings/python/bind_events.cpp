// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace dagboard::python {

void bind_events(py::module_& m) {
  py::class_<EventService>(m, "EventService", "The event log. The GIL is released in every call.")
      .def("read", [](const EventService& s, py::kwargs kw) {
        auto query = event_query_from_json(kwargs_json(kw));
        auto events = without_gil([&] { return s.read(query); });
        py::list out;
        for (const auto& e : events) out.append(make_record("Event", to_json(e)));
        return out;
      }, "read(since=0, event_types=None, entity_types=None, entity_ids=None, project_id=None, "
         "limit=100) -> list of Event, in id order")
      .def("last_id", [](const EventService& s) { return without_gil([&] { return s.last_id(); }); });
}

}  // namespace dagboard::python
