// SPDX-License-Identifier: Apache-2.0
// The one place where dagboard error codes become Python exception classes.
//
//   Error                       base of everything dagboard raises; .code .message .details
//   NotFoundError(KeyError)     PROJECT_/TICKET_/TASK_/AGENT_/DOCUMENT_/COMMIT_NOT_FOUND
//   ValidationError(ValueError) VALIDATION_FAILED; .field
//   InvalidTransitionError(ValueError) INVALID_TRANSITION
//   ConflictError               CONFLICT
//   DependencyCycleError        TASK_DEPENDENCY_CYCLE; .cycle
//   WipLimitExceededError, AgentNotAvailableError, SignatureInvalidError, UnauthorizedError,
//   StorageError, IntegrityError, GuardianInterventionRequiredError, InternalError
#include <map>

#include "bind.hpp"

namespace DAGBOARD_NAMESPACE::python {
namespace {

std::map<ErrorCode, py::object>& classes() {
  static auto* map = new std::map<ErrorCode, py::object>();  // lives as long as the interpreter
  return *map;
}

py::object& base_class() {
  static auto* cls = new py::object();  // leaked on purpose: outlives interpreter shutdown
  return *cls;
}

py::object new_class(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  py::dict attrs;
  attrs["__doc__"] = doc;
  attrs["__module__"] = "dagboard";
  // BaseException.__str__ so that KeyError subclasses do not quote their message.
  attrs["__str__"] = py::module_::import("builtins").attr("BaseException").attr("__str__");
  py::object cls = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type))(
      name, bases, attrs);
  m.attr(name) = cls;
  return cls;
}

void map_codes(py::object cls, std::initializer_list<ErrorCode> codes) {
  for (ErrorCode code : codes) classes()[code] = cls;
}

void raise(const Error& e) {
  auto it = classes().find(e.code());
  py::object cls = it == classes().end() ? base_class() : it->second;
  py::object instance = cls(py::str(e.what()));
  instance.attr("code") = py::str(std::string(e.code_name()));
  instance.attr("message") = py::str(e.what());
  instance.attr("details") = from_json_value(e.details());
  if (e.code() == ErrorCode::validation_failed)
    instance.attr("field") = from_json_value(e.details().value("field", Json(nullptr)));
  if (e.code() == ErrorCode::task_dependency_cycle)
    instance.attr("cycle") = from_json_value(e.details().value("cycle", Json::array()));
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  py::object exception = py::module_::import("builtins").attr("Exception");
  py::object key_error = py::module_::import("builtins").attr("KeyError");
  py::object value_error = py::module_::import("builtins").attr("ValueError");
  base_class() = new_class(m, "Error", py::make_tuple(exception),
                           "Base of all dagboard errors: .code, .message, .details.");
  auto sub = [&](const char* name, py::tuple bases, const char* doc,
                 std::initializer_list<ErrorCode> codes) {
    map_codes(new_class(m, name, bases, doc), codes);
  };
  sub("NotFoundError", py::make_tuple(base_class(), key_error), "An id or key that names nothing.",
      {ErrorCode::project_not_found, ErrorCode::ticket_not_found, ErrorCode::task_not_found,
       ErrorCode::agent_not_found, ErrorCode::document_not_found, ErrorCode::commit_not_found,
       ErrorCode::exploration_not_found, ErrorCode::discovery_not_found});
  sub("ValidationError", py::make_tuple(base_class(), value_error), "Bad input; .field names it.",
      {ErrorCode::validation_failed});
  sub("InvalidTransitionError", py::make_tuple(base_class(), value_error),
      "A move the rules forbid.", {ErrorCode::invalid_transition});
  sub("ConflictError", py::make_tuple(base_class()), "Already exists or changed meanwhile.",
      {ErrorCode::conflict});
  sub("DependencyCycleError", py::make_tuple(base_class()), "Would close a cycle; .cycle has it.",
      {ErrorCode::task_dependency_cycle});
  sub("WipLimitExceededError", py::make_tuple(base_class()), "A column is full.",
      {ErrorCode::wip_limit_exceeded});
  sub("AgentNotAvailableError", py::make_tuple(base_class()), "The agent cannot take work.",
      {ErrorCode::agent_not_available});
  sub("SignatureInvalidError", py::make_tuple(base_class()), "A webhook signature did not match.",
      {ErrorCode::signature_invalid});
  sub("UnauthorizedError", py::make_tuple(base_class()), "Missing or bad credentials.",
      {ErrorCode::unauthorized});
  sub("StorageError", py::make_tuple(base_class()), "The database failed or refused.",
      {ErrorCode::storage_error});
  sub("IntegrityError", py::make_tuple(base_class()), "Stored content failed its check.",
      {ErrorCode::integrity_error});
  sub("GuardianInterventionRequiredError", py::make_tuple(base_class()), "A guardian must act.",
      {ErrorCode::guardian_intervention_required});
  sub("CursorExpiredError", py::make_tuple(base_class()),
      "A cursor older than the retained events.", {ErrorCode::cursor_expired});
  sub("UnavailableError", py::make_tuple(base_class()),
      "A service (the object store, GitHub) cannot be reached.", {ErrorCode::unavailable});
  sub("UpstreamError", py::make_tuple(base_class()),
      "GitHub or the object store answered with an error.", {ErrorCode::upstream_error});
  sub("InternalError", py::make_tuple(base_class()), "A bug in dagboard.",
      {ErrorCode::internal_error});

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      raise(e);
    }
  });
}

}  // namespace dagboard::python
