// SPDX-License-Identifier: Apache-2.0
// The one table from dagboard error codes to HTTP statuses (docs/http-api.md lists it).
#include "core/responses.hpp"

namespace DAGBOARD_NAMESPACE::server {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::project_not_found:
    case ErrorCode::ticket_not_found:
    case ErrorCode::task_not_found:
    case ErrorCode::agent_not_found:
    case ErrorCode::document_not_found:
    case ErrorCode::commit_not_found:
    case ErrorCode::exploration_not_found:
    case ErrorCode::discovery_not_found:
    case ErrorCode::route_not_found:
      return 404;
    case ErrorCode::validation_failed:
      return 400;
    case ErrorCode::task_dependency_cycle:
    case ErrorCode::wip_limit_exceeded:
    case ErrorCode::invalid_transition:
    case ErrorCode::agent_not_available:
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::precondition_failed:
      return 412;
    case ErrorCode::signature_invalid:
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::guardian_intervention_required:
      return 403;
    case ErrorCode::method_not_allowed:
      return 405;
    case ErrorCode::cursor_expired:
      return 410;
    case ErrorCode::payload_too_large:
      return 413;
    case ErrorCode::storage_error:
    case ErrorCode::unavailable:
      return 503;
    case ErrorCode::upstream_error:
      return 502;
    case ErrorCode::integrity_error:
    case ErrorCode::internal_error:
      return 500;
  }
  return 500;
}

}  // namespace dagboard::server
