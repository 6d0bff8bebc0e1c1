// SPDX-License-Identifier: Apache-2.0
// JSON in and out of routes: request bodies and query strings to JSON, results to responses,
// errors to `{"error": {"code", "message", "details"}}` with the status from one table.
#pragma once

#include <vector>
#include <optional>
#include <string>
#include <string_view>

#include <dagboard/errors.hpp>

#include "core/request.hpp"

namespace DAGBOARD_NAMESPACE::server {

/// The one table from error code to HTTP status (error_status.cpp).
int http_status(ErrorCode code);

Response error_response(ErrorCode code, const std::string& message, const Json& details = Json::object());
Response error_response(const Error& e);
Response json_response(const Json& body, int status = 200);
Response empty_response(int status = 204);

/// `object`, trimmed to the request's `fields=a,b` when given.
Response object_response(const Request& req, Json object, int status = 200);
/// 201 Created with `Location: where`; a `{field}` in `where` takes that field of the object
/// (`/api/v1/tickets/{id}`), so the address is read before `?fields=` trims it.
Response created_response(const Request& req, Json object, const std::string& where);
/// `{"<key>": [items], "next_cursor": ..., "total"?}`, each item trimmed to `fields=`.
Response list_response(const Request& req, std::string_view key, Json items,
                       const std::optional<std::string>& next_cursor,
                       const std::optional<long long>& total = std::nullopt);

template <class T>
Response page_response(const Request& req, std::string_view key, const Page<T>& page) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return list_response(req, key, std::move(items), page.next_cursor, page.total);
}

template <class T>
Json json_array(const std::vector<T>& values) {
  Json out = Json::array();
  for (const auto& v : values) out.push_back(to_json(v));
  return out;
}

/// The body as a JSON object; `{}` when empty. @throws ValidationError (field "body") when it
/// is not JSON or not an object.
Json body_json(const Request& req);
/// The body as any JSON value (null when empty).
Json body_value(const Request& req);

/// Query parameters as a JSON object for the library's `*_from_json` readers: `ints` are parsed
/// as integers, `lists` split on commas (items trimmed), `flags` parsed as booleans, the rest
/// kept as text. Parameters not named in `keep` (and not the paging/fields ones) are refused,
/// so a typo is an error rather than silently ignored.
struct QuerySpec {
  std::vector<std::string_view> text;
  std::vector<std::string_view> ints = {};
  std::vector<std::string_view> lists = {};
  std::vector<std::string_view> flags = {};
};
Json query_json(const Request& req, const QuerySpec& spec);

/// A boolean query parameter (`true/false/1/0`), `fallback` when absent.
bool query_flag(const Request& req, const std::string& name, bool fallback);
/// A required query parameter. @throws ValidationError naming it.
std::string required_arg(const Request& req, const std::string& name);

/// The body object with the query parameters (`spec`) folded in; a body field wins over a
/// query parameter of the same name. Upstream passes some arguments one way, some the other.
Json body_with_query(const Request& req, const QuerySpec& spec);

/// A string field of a body: required (missing, empty or not a string: ValidationError naming
/// it) or optional (absent or null: nullopt; not a string: ValidationError).
std::string required_string(const Json& body, const char* name);
std::optional<std::string> optional_string(const Json& body, const char* name);

/// "a, b ,c" -> {"a","b","c"}: items trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view text);

/// Appends `value` to a body object under `key` (used to fold path parameters into a body).
Json with_field(Json body, const char* key, const Json& value);

}  // namespace dagboard::server
