// SPDX-License-Identifier: Apache-2.0
// JSON Schemas of what goes in (each request, read off its reader) and what comes out (each
// record, as to_json writes it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <dagboard/types.hpp>
#include <dagboard/version.hpp>

namespace DAGBOARD_NAMESPACE {

/// The JSON Schema of the object a request reader (`new_ticket_from_json`, ...) accepts: its
/// `properties` (optional ones also take null), `required`, `additionalProperties: false`, and
/// `x-order`, the order the reader reads them in. Named by the request type: "NewTicket",
/// "TicketQuery", "TaskComplete", ... The Python keyword signatures and the OpenAPI document
/// are built from these, so a field added to a reader shows up everywhere.
/// @throws ValidationError for a name request_schema_names() does not list.
Json request_schema(std::string_view name);

/// Every name request_schema knows, sorted.
std::vector<std::string> request_schema_names();

/// The JSON Schema of a record as to_json writes it (and HTTP and Python show it): "Ticket",
/// "Task", "Event", ... Every field is listed and required (a few may be absent, such as a
/// Reference's `time_seconds`); enums list the wire values. @throws ValidationError for a name
/// record_schema_names() does not list.
Json record_schema(std::string_view name);

/// Every name record_schema knows, sorted.
std::vector<std::string> record_schema_names();

}  // namespace DAGBOARD_NAMESPACE
