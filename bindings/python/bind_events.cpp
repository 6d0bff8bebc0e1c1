// SPDX-License-Identifier: Apache-2.0
#include <atomic>

#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

// Set at interpreter exit: from then on the event thread calls nothing into Python.
std::atomic<bool> exiting{false};

// The Python callable of a subscription. The event thread calls it with the GIL taken, and the
// last reference may go away on that thread too, so releasing it takes the GIL as well.
struct PyCallback {
  py::object fn;
  explicit PyCallback(py::object f) : fn(std::move(f)) {}
  ~PyCallback() {
    if (!Py_IsInitialized()) {
      fn.release();  // the interpreter is gone; leaking beats crashing
      return;
    }
    py::gil_scoped_acquire gil;
    fn = py::object();
  }
  void operator()(const Event& e) const {
    if (exiting || !Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    try {
      fn(make_record("Event", to_json(e)));
    } catch (py::error_already_set& err) {
      err.discard_as_unraisable("dagboard subscription callback");
    }
  }
};

// Cancelling waits for a running callback, which needs the GIL, and dropping the last
// subscription joins the event thread: never wait holding the GIL.
struct PySubscription {
  Subscription sub;
  void cancel() {
    py::gil_scoped_release release;
    sub.cancel();
  }
  ~PySubscription() {
    if (!Py_IsInitialized()) return;
    py::gil_scoped_release release;
    sub = Subscription();
  }
};

}  // namespace

void bind_audit(py::module_& m) {
  auto entry_point = [](Page<AuditEntry> (AuditService::*method)(std::string_view, const AuditQuery&) const) {
    return [method](const AuditService& s, const std::string& id, py::kwargs kw) {
      auto q = audit_query_from_json(kwargs_json(kw));
      return make_page(without_gil([&] { return (s.*method)(id, q); }), "AuditEntry");
    };
  };
  py::class_<AuditService>(m, "AuditService", "The audit trail, from the event log. The GIL is released.")
      .def("ticket", entry_point(&AuditService::ticket), py::arg("ticket_id"),
           "ticket(ticket_id, from=None, to=None, limit=50, cursor=None) -> Page of AuditEntry")
      .def("agent", entry_point(&AuditService::agent), py::arg("agent_id"))
      .def("project", entry_point(&AuditService::project), py::arg("project_id"));
}

void bind_events(py::module_& m) {
  bind_audit(m);
  py::module_::import("atexit").attr("register")(py::cpp_function([] { exiting = true; }));
  py::class_<PySubscription>(m, "Subscription", "A live event subscription; cancel() or use it as a context manager.")
      .def("cancel", &PySubscription::cancel, "Stops deliveries; no callback runs after it returns.")
      .def_property_readonly("active", [](const PySubscription& s) { return s.sub.active(); })
      .def_property_readonly("last_id", [](const PySubscription& s) { return s.sub.last_id(); },
                             "The id of the last event seen, to resume from.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PySubscription& s, py::args) { s.cancel(); });

  py::class_<EventService>(m, "EventService", "The event log. The GIL is released in every call.")
      .def("read", [](const EventService& s, py::kwargs kw) {
        auto query = event_query_from_json(kwargs_json(kw));
        auto events = without_gil([&] { return s.read(query); });
        py::list out;
        for (const auto& e : events) out.append(make_record("Event", to_json(e)));
        return out;
      }, "Events after `since`, in id order: a list of Event.")
      .def("last_id", [](const EventService& s) { return without_gil([&] { return s.last_id(); }); })
      .def("compact", [](const EventService& s, int older_than_days) {
        auto [deleted, horizon] = without_gil([&] { return s.compact(older_than_days); });
        py::dict out;
        out["deleted"] = deleted;
        out["horizon"] = horizon;
        return out;
      }, py::arg("older_than_days"), "Deletes events older than that; returns {deleted, horizon}.")
      .def("horizon", [](const EventService& s) { return without_gil([&] { return s.horizon(); }); })
      .def("subscribe", [](const EventService& s, py::function callback, std::optional<long long> since,
                           int poll_interval_ms, py::kwargs kw) {
        EventFilter filter = event_filter_from_json(kwargs_json(kw));
        auto fn = std::make_shared<PyCallback>(std::move(callback));
        SubscribeOptions options{since, poll_interval_ms};
        auto out = std::make_unique<PySubscription>();
        out->sub = without_gil([&] { return s.subscribe(filter, [fn](const Event& e) { (*fn)(e); }, options); });
        return out;
      }, py::arg("callback"), py::arg("since") = py::none(), py::arg("poll_interval_ms") = 25,
         "Calls callback(event) on the event thread for every matching event, once, in order: a Subscription.");
  keyword_requests(m, "EventService", {{"read", "EventQuery"}, {"subscribe", "EventFilter"}});
}

}  // namespace dagboard::python
