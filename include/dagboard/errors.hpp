// SPDX-License-Identifier: Apache-2.0
// The one error hierarchy of dagboard. Every error carries a stable code and JSON details.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// Stable error codes. Their text form (to_string) is what HTTP and Python report.
enum class ErrorCode {
  project_not_found,
  ticket_not_found,
  task_not_found,
  agent_not_found,
  document_not_found,
  commit_not_found,
  exploration_not_found,
  discovery_not_found,
  task_dependency_cycle,
  wip_limit_exceeded,
  agent_not_available,
  invalid_transition,
  validation_failed,
  conflict,
  signature_invalid,
  unauthorized,
  storage_error,
  integrity_error,
  guardian_intervention_required,
  cursor_expired,
  // Transport errors: raised by the server, never by library calls.
  route_not_found,
  method_not_allowed,
  payload_too_large,
  precondition_failed,  // an If-Match that no longer matches (the library's CONFLICT, over HTTP)
  unavailable,
  upstream_error,  // GitHub or the object store answered with an error
  internal_error,
};

/// `PROJECT_NOT_FOUND`, `VALIDATION_FAILED`, ...
std::string_view to_string(ErrorCode code);

/// The base of all dagboard errors.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message, Json details = Json::object());

  ErrorCode code() const noexcept { return code_; }
  std::string_view code_name() const noexcept { return to_string(code_); }
  std::string message() const { return what(); }
  const Json& details() const noexcept { return details_; }

 private:
  ErrorCode code_;
  Json details_;
};

/// An id or key that names nothing. details: {"id": ...}.
class NotFound : public Error {
 public:
  NotFound(ErrorCode code, std::string_view entity, std::string_view id);
};

/// Input that breaks a rule. details: {"field": ..., "reason": ...}.
class ValidationError : public Error {
 public:
  ValidationError(std::string_view field, const std::string& message);
  /// With more details next to field and reason.
  ValidationError(std::string_view field, const std::string& message, Json more);
};

/// A uniqueness or state conflict, e.g. a project key already in use.
class Conflict : public Error {
 public:
  explicit Conflict(const std::string& message, Json details = Json::object());
};

/// A dependency that would close a cycle. details: {"cycle": [ids..., first id again]}.
class DependencyCycle : public Error {
 public:
  explicit DependencyCycle(std::vector<std::string> cycle);
  const std::vector<std::string>& cycle() const noexcept { return cycle_; }

 private:
  std::vector<std::string> cycle_;
};

/// A state-machine move that is not allowed.
class InvalidTransition : public Error {
 public:
  InvalidTransition(const std::string& message, Json details = Json::object());
};

/// The database failed or refused (locked, unreachable, schema too new, ...).
class StorageError : public Error {
 public:
  explicit StorageError(const std::string& message, Json details = Json::object());
};

}  // namespace dagboard
