// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::project_not_found:
      return "PROJECT_NOT_FOUND";
    case ErrorCode::ticket_not_found:
      return "TICKET_NOT_FOUND";
    case ErrorCode::task_not_found:
      return "TASK_NOT_FOUND";
    case ErrorCode::agent_not_found:
      return "AGENT_NOT_FOUND";
    case ErrorCode::document_not_found:
      return "DOCUMENT_NOT_FOUND";
    case ErrorCode::commit_not_found:
      return "COMMIT_NOT_FOUND";
    case ErrorCode::exploration_not_found:
      return "EXPLORATION_NOT_FOUND";
    case ErrorCode::discovery_not_found:
      return "DISCOVERY_NOT_FOUND";
    case ErrorCode::task_dependency_cycle:
      return "TASK_DEPENDENCY_CYCLE";
    case ErrorCode::wip_limit_exceeded:
      return "WIP_LIMIT_EXCEEDED";
    case ErrorCode::agent_not_available:
      return "AGENT_NOT_AVAILABLE";
    case ErrorCode::invalid_transition:
      return "INVALID_TRANSITION";
    case ErrorCode::validation_failed:
      return "VALIDATION_FAILED";
    case ErrorCode::conflict:
      return "CONFLICT";
    case ErrorCode::precondition_failed:
      return "PRECONDITION_FAILED";
    case ErrorCode::signature_invalid:
      return "SIGNATURE_INVALID";
    case ErrorCode::unauthorized:
      return "UNAUTHORIZED";
    case ErrorCode::storage_error:
      return "STORAGE_ERROR";
    case ErrorCode::integrity_error:
      return "INTEGRITY_ERROR";
    case ErrorCode::guardian_intervention_required:
      return "GUARDIAN_INTERVENTION_REQUIRED";
    case ErrorCode::cursor_expired:
      return "CURSOR_EXPIRED";
    case ErrorCode::route_not_found:
      return "NOT_FOUND";
    case ErrorCode::method_not_allowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorCode::payload_too_large:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::unavailable:
      return "UNAVAILABLE";
    case ErrorCode::upstream_error:
      return "UPSTREAM_ERROR";
    case ErrorCode::internal_error:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

Error::Error(ErrorCode code, const std::string& message, Json details)
    : std::runtime_error(message), code_(code), details_(std::move(details)) {}

namespace {

// An id as it may be shown in a message: control bytes (a NUL would end what()) as '?'.
std::string printable(std::string_view id) {
  std::string out(id.substr(0, 200));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return out;
}

}  // namespace

NotFound::NotFound(ErrorCode code, std::string_view entity, std::string_view id)
    : Error(code, std::string(entity) + " '" + printable(id) + "' not found",
            Json{{"id", std::string(id)}}) {}

ValidationError::ValidationError(std::string_view field, const std::string& message)
    : Error(ErrorCode::validation_failed, message,
            Json{{"field", std::string(field)}, {"reason", message}}) {}

namespace {
Json with_field(std::string_view field, const std::string& message, Json more) {
  more["field"] = std::string(field);
  more["reason"] = message;
  return more;
}
}  // namespace

ValidationError::ValidationError(std::string_view field, const std::string& message, Json more)
    : Error(ErrorCode::validation_failed, message, with_field(field, message, std::move(more))) {}

Conflict::Conflict(const std::string& message, Json details)
    : Error(ErrorCode::conflict, message, std::move(details)) {}

namespace {
std::string cycle_text(const std::vector<std::string>& cycle) {
  std::string text = "Circular dependency detected: ";
  for (size_t i = 0; i < cycle.size(); ++i) text += (i ? " -> " : "") + cycle[i];
  return text;
}
}  // namespace

DependencyCycle::DependencyCycle(std::vector<std::string> cycle)
    : Error(ErrorCode::task_dependency_cycle, cycle_text(cycle), Json{{"cycle", cycle}}),
      cycle_(std::move(cycle)) {}

InvalidTransition::InvalidTransition(const std::string& message, Json details)
    : Error(ErrorCode::invalid_transition, message, std::move(details)) {}

StorageError::StorageError(const std::string& message, Json details)
    : Error(ErrorCode::storage_error, message, std::move(details)) {}

}  // namespace dagboard
