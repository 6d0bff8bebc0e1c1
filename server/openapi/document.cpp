// SPDX-License-Identifier: Apache-2.0
// Builds the OpenAPI 3.1 document from the operations table and the library's schemas.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <dagboard/dagboard.hpp>

#include "openapi/openapi.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Json ref(std::string_view name) { return Json{{"$ref", "#/components/schemas/" + std::string(name)}}; }

bool names_a_type(std::string_view text) { return !text.empty() && std::isupper(static_cast<unsigned char>(text[0])); }

std::vector<std::string> split(std::string_view text, char by) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find(by, start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// "Task", "Task?", "Task[]", "integer", "list", ...: a field's schema in a response or a list.
Json type_schema(std::string_view type) {
  if (type.ends_with("?")) return Json{{"anyOf", {type_schema(type.substr(0, type.size() - 1)), {{"type", "null"}}}}};
  if (type.ends_with("[]")) return Json{{"type", "array"}, {"items", type_schema(type.substr(0, type.size() - 2))}};
  if (names_a_type(type)) return ref(type);
  if (type == "list") return Json{{"type", "array"}};
  if (type.empty() || type == "any") return Json::object();
  return Json{{"type", std::string(type)}};
}

struct Field {
  std::string name;
  bool required = false;
  Json schema;
};

/// "a!,b:integer,c:Task?" -> fields (`!` required; the type defaults to string).
std::vector<Field> fields_of(std::string_view text, const char* default_type = "string") {
  std::vector<Field> out;
  for (auto item : split(text, ',')) {
    Field f;
    auto colon = item.find(':');
    std::string type = colon == std::string::npos ? default_type : item.substr(colon + 1);
    f.name = item.substr(0, colon);
    if (f.name.ends_with("!")) {
      f.required = true;
      f.name.pop_back();
    }
    f.schema = type_schema(type);
    out.push_back(std::move(f));
  }
  return out;
}

Json object_of(const std::vector<Field>& fields, bool all_required) {
  Json properties = Json::object(), required = Json::array();
  for (const auto& f : fields) {
    properties[f.name] = f.schema;
    if (all_required || f.required) required.push_back(f.name);
  }
  return Json{{"type", "object"}, {"properties", properties}, {"required", required}};
}

/// The schema of a `returns` text (see Operation).
Json response_schema(std::string_view returns) {
  auto words = split(returns, ' ');
  if (words.empty()) return Json::object();
  if (words[0] == "page") {  // page KEY Record: {KEY: [...], next_cursor, total?}
    Json properties = Json::object();
    properties[words[1]] = type_schema(words[2] + "[]");
    properties["next_cursor"] = type_schema("string?");
    properties["total"] = type_schema("integer");
    return Json{{"type", "object"}, {"properties", properties}, {"required", {words[1], "next_cursor"}}};
  }
  if (words[0] == "object") return object_of(fields_of(words.size() > 1 ? words[1] : "", "any"), true);
  return type_schema(words[0]);
}

Json parameters_of(const Operation& op) {
  Json params = Json::array();
  for (const auto& segment : split(op.path, '/'))
    if (segment.front() == '{')
      params.push_back({{"name", segment.substr(1, segment.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
  if (names_a_type(op.query)) {
    Json schema = request_schema(op.query);
    for (const auto& name : schema["x-order"]) {
      bool required = std::find(schema["required"].begin(), schema["required"].end(), name) != schema["required"].end();
      Json field{{"$ref", "#/components/schemas/" + std::string(op.query) + "/properties/" + name.get<std::string>()}};
      params.push_back({{"name", name}, {"in", "query"}, {"required", required}, {"schema", field}});
    }
  } else {
    for (const auto& f : fields_of(op.query))
      params.push_back({{"name", f.name}, {"in", "query"}, {"required", f.required}, {"schema", f.schema}});
  }
  return params;
}

// The error answers every operation may give, described once in components.responses.
const char* const kErrors[][3] = {
    {"400", "BadRequest", "VALIDATION_FAILED: a bad field, query parameter or body"},
    {"401", "Unauthorized", "UNAUTHORIZED: a missing or bad token"},
    {"404", "NotFound", "*_NOT_FOUND: the id or key names nothing"},
    {"409", "Conflict", "CONFLICT, INVALID_TRANSITION, WIP_LIMIT_EXCEEDED, TASK_DEPENDENCY_CYCLE, ..."},
    {"default", "Error", "any other coded error (docs/errors.md lists each with its status)"},
};

Json error_response(const char* status) {
  for (const auto& e : kErrors)
    if (std::string_view(e[0]) == status) return Json{{"$ref", std::string("#/components/responses/") + e[1]}};
  return Json();
}

Json error_responses() {
  Json out = Json::object();
  for (const auto& e : kErrors)
    out[e[1]] = {{"description", e[2]}, {"content", {{"application/json", {{"schema", ref("Error")}}}}}};
  return out;
}

Json responses_of(const Operation& op) {
  Json out = Json::object();
  std::string status = std::to_string(op.status);
  std::string_view returns = op.returns;
  if (returns == "none") {
    out[status] = {{"description", "done; no body"}};
  } else if (returns == "text") {
    out[status] = {{"description", "the content, in its own type"}, {"content", {{"*/*", {{"schema", {{"type", "string"}}}}}}}};
  } else {
    out[status] = {{"description", op.summary},
                   {"content", {{"application/json", {{"schema", response_schema(returns)}}}}}};
  }
  out["400"] = error_response("400");
  if (!op.open) out["401"] = error_response("401");
  if (std::string_view(op.path).find('{') != std::string_view::npos) out["404"] = error_response("404");
  if (std::string_view(op.method) != "GET") out["409"] = error_response("409");
  out["default"] = error_response("default");
  return out;
}

Json request_body_of(const Operation& op) {
  Json schema = names_a_type(op.body) ? ref(op.body) : object_of(fields_of(op.body), false);
  return Json{{"content", {{"application/json", {{"schema", schema}}}}}};
}

std::string operation_id(const Operation& op) {
  std::string id = op.method;
  for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* p = op.path + std::string_view("/api/v1").size(); *p; ++p)
    id += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return id;
}

Json error_schema() {
  Json codes = Json::array();
  for (int c = 0; c <= static_cast<int>(ErrorCode::internal_error); ++c)
    codes.push_back(std::string(to_string(static_cast<ErrorCode>(c))));
  return Json{{"type", "object"},
              {"required", {"error"}},
              {"additionalProperties", false},
              {"properties",
               {{"error",
                 {{"type", "object"},
                  {"required", {"code", "message", "details"}},
                  {"additionalProperties", false},
                  {"properties",
                   {{"code", {{"type", "string"}, {"enum", codes}}},
                    {"message", {{"type", "string"}}},
                    {"details", {{"type", "object"}}}}}}}}}};
}

Json components() {
  Json schemas = Json::object();
  for (const auto& name : request_schema_names()) schemas[name] = request_schema(name);
  for (const auto& name : record_schema_names()) schemas[name] = record_schema(name);
  schemas["Error"] = error_schema();
  return Json{{"schemas", schemas},
              {"responses", error_responses()},
              {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}};
}

Json build() {
  Json paths = Json::object();
  for (const auto& op : operations()) {
    Json operation{{"operationId", operation_id(op)},
                   {"summary", op.summary},
                   {"parameters", parameters_of(op)},
                   {"responses", responses_of(op)}};
    if (*op.body) operation["requestBody"] = request_body_of(op);
    if (op.open) operation["security"] = Json::array();
    std::string method = op.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[op.path][method] = std::move(operation);
  }
  return Json{{"openapi", "3.1.0"},
              {"info",
               {{"title", "dagboard"},
                {"version", library_version_string()},
                {"description", "The dagboard HTTP API (docs/http-api.md); the event stream is the WebSocket "
                                "/api/v1/ws/events."}}},
              {"paths", paths},
              {"components", components()},
              {"security", {{{"bearer", Json::array()}}}}};
}

}  // namespace

const Json& openapi_document() {
  static const Json document = build();
  return document;
}

}  // namespace DAGBOARD_NAMESPACE::server
