// SPDX-License-Identifier: Apache-2.0
#include "core/responses.hpp"

#include "core/conditional.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <dagboard/limits.hpp>

namespace DAGBOARD_NAMESPACE::server {
namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<bool> parse_flag(const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

long long parse_int(const std::string& name, const std::string& text) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw ValidationError(name, name + " must be an integer, got '" + text + "'");
  return v;
}

void trim_object(Json& object, const std::set<std::string>& fields) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end();) {
    if (fields.count(it.key()))
      ++it;
    else
      it = object.erase(it);
  }
}

std::optional<std::set<std::string>> requested_fields(const Request& req) {
  auto text = req.arg("fields");
  if (!text) return std::nullopt;
  auto names = split_list(*text);
  return std::set<std::string>(names.begin(), names.end());
}

}  // namespace

Response error_response(ErrorCode code, const std::string& message, const Json& details) {
  Json body{{"error",
             {{"code", std::string(to_string(code))}, {"message", message}, {"details", details}}}};
  Response r = json_response(body, http_status(code));
  if (code == ErrorCode::unavailable) {
    auto after = details.find("retry_after_seconds");
    bool given = after != details.end() && after->is_number_integer();
    r.headers.emplace_back("Retry-After", std::to_string(given ? after->get<long long>() : 1));
  }
  return r;
}

Response error_response(const Error& e) {
  return error_response(e.code(), e.what(), e.details());
}

Response json_response(const Json& body, int status) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response empty_response(int status) {
  Response r;
  r.status = status;
  r.content_type.clear();
  return r;
}

Response object_response(const Request& req, Json object, int status) {
  auto version = object.is_object() ? object.find("version") : object.end();
  std::string tag =
      version != object.end() && version->is_string() ? version->get<std::string>() : "";
  if (auto fields = requested_fields(req)) trim_object(object, *fields);
  Response res = json_response(object, status);
  return tag.empty() ? res : with_etag(req, tag, std::move(res));
}

Response created_response(const Request& req, Json object, const std::string& where) {
  std::string location = where;
  auto open = location.find('{');
  if (open != std::string::npos) {
    auto close = location.find('}', open);
    const auto field = location.substr(open + 1, close - open - 1);
    location.replace(open, close - open + 1, object.at(field).get<std::string>());
  }
  Response res = object_response(req, std::move(object), 201);
  res.headers.emplace_back("Location", std::move(location));
  return res;
}

Response list_response(const Request& req, std::string_view key, Json items,
                       const std::optional<std::string>& next_cursor,
                       const std::optional<long long>& total) {
  if (auto fields = requested_fields(req))
    for (auto& item : items) trim_object(item, *fields);
  Json body = Json::object();
  body[std::string(key)] = std::move(items);
  body["next_cursor"] = next_cursor ? Json(*next_cursor) : Json(nullptr);
  if (total) body["total"] = *total;
  return json_response(body);
}

Json body_value(const Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return nullptr;
  return parse_json(req.body, "body");
}

Json body_json(const Request& req) {
  Json body = body_value(req);
  if (body.is_null()) return Json::object();
  if (!body.is_object()) throw ValidationError("body", "the request body must be a JSON object");
  return body;
}

Json query_json(const Request& req, const QuerySpec& spec) {
  Json out = Json::object();
  for (const auto& [name, value] : req.query) {
    if (name == "fields") continue;
    if (name == "limit" || contains(spec.ints, name)) {
      out[name] = parse_int(name, value);
    } else if (contains(spec.lists, name)) {
      out[name] = split_list(value);
    } else if (name == "include_total" || contains(spec.flags, name)) {
      auto flag = parse_flag(value);
      if (!flag) throw ValidationError(name, name + " must be true or false, got '" + value + "'");
      out[name] = *flag;
    } else if (name == "cursor" || name == "sort" || contains(spec.text, name)) {
      out[name] = value;
    } else {
      throw ValidationError(name, "unknown query parameter '" + name + "'");
    }
  }
  return out;
}

bool query_flag(const Request& req, const std::string& name, bool fallback) {
  auto text = req.arg(name);
  if (!text) return fallback;
  auto flag = parse_flag(*text);
  if (!flag) throw ValidationError(name, name + " must be true or false, got '" + *text + "'");
  return *flag;
}

std::string required_arg(const Request& req, const std::string& name) {
  auto v = req.arg(name);
  if (!v || v->empty()) throw ValidationError(name, "query parameter '" + name + "' is required");
  return *v;
}

Json body_with_query(const Request& req, const QuerySpec& spec) {
  Json merged = query_json(req, spec);
  merged.erase("cursor");
  Json body = body_json(req);  // kept in a variable: items() of a temporary would dangle
  for (auto& [key, value] : body.items()) merged[key] = value;
  return merged;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string item = trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

std::string required_string(const Json& body, const char* name) {
  auto v = optional_string(body, name);
  if (!v || v->empty()) throw ValidationError(name, std::string(name) + " is required");
  return *v;
}

std::optional<std::string> optional_string(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw ValidationError(name, std::string(name) + " must be a string");
  return it->get<std::string>();
}

Json with_field(Json body, const char* key, const Json& value) {
  body[key] = value;
  return body;
}

}  // namespace dagboard::server
