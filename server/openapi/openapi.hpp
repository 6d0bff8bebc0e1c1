// SPDX-License-Identifier: Apache-2.0
// The OpenAPI 3.1 description of /api/v1: one table of operations (operations.cpp), with the
// library's request and record schemas as its components.
#pragma once

#include "dagboard/version.hpp"

#include <span>

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::server {

/// One route as the document describes it.
/// `query` and `body`: a request type ("TicketQuery": its fields) or fields "a!,b,n:integer"
/// (`!` required; types string (default), integer, boolean, number, object, list).
/// `returns`: a record ("Ticket"), "page KEY Record", "Record[]", "object [a,b:Record?,...]",
/// "text", or "none" (204).
struct Operation {
  const char* method;
  const char* path;
  const char* summary;
  const char* query = "";
  const char* body = "";
  const char* returns = "object";
  int status = 200;
  bool open = false;  // answers without a token
};

std::span<const Operation> operations();

/// The whole document (built once).
const Json& openapi_document();

}  // namespace DAGBOARD_NAMESPACE::server
