// SPDX-License-Identifier: Apache-2.0
#include "core/ws_protocol.hpp"

#include <charconv>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

#include "core/responses.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

std::vector<std::string> string_list(const Json& value, const std::string& key) {
  if (value.is_null()) return {};
  if (!value.is_array()) throw ValidationError(key, key + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& v : value) {
    if (!v.is_string()) throw ValidationError(key, key + " must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

WsParams parse_ws_params(const std::map<std::string, std::string>& query) {
  WsParams p;
  for (const auto& [key, value] : query) {
    if (key == "token") p.token = value;
    else if (key == "event_types") p.filter.event_types = split_list(value);
    else if (key == "entity_types") p.filter.entity_types = split_list(value);
    else if (key == "entity_ids") p.filter.entity_ids = split_list(value);
    else if (key == "project_id") p.filter.project_id = value.empty() ? std::nullopt : std::optional(value);
    else if (key == "since") {
      long long v = -1;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size() || v < 0)
        throw ValidationError("since", "since must be an event id (an integer >= 0), got '" + value + "'");
      p.since = v;
    } else {
      throw ValidationError(key, "unknown query parameter '" + key + "'");
    }
  }
  return p;
}

std::optional<WsReply> handle_client_message(const std::string& text, const EventFilter& current) {
  Json msg;
  try {
    msg = parse_json(text, "message");
  } catch (const ValidationError&) {
    return WsReply{Json{{"error", "Invalid JSON message"}}.dump(), std::nullopt};
  }
  auto type_field = msg.is_object() ? msg.find("type") : msg.end();
  std::string type = msg.is_object() && type_field != msg.end() && type_field->is_string()
                         ? type_field->get<std::string>()
                         : "";
  if (type == "ping") return WsReply{Json{{"type", "pong"}}.dump(), std::nullopt};
  if (type == "pong") return std::nullopt;
  if (type != "subscribe") return WsReply{Json{{"error", "Unknown message type '" + type + "'"}}.dump(), std::nullopt};
  EventFilter next = current;
  Json changed = Json::object();
  try {
    for (auto& [key, value] : msg.items()) {
      if (key == "type") continue;
      if (key == "event_types") next.event_types = string_list(value, key);
      else if (key == "entity_types") next.entity_types = string_list(value, key);
      else if (key == "entity_ids") next.entity_ids = string_list(value, key);
      else if (key == "project_id") {
        if (!value.is_null() && !value.is_string()) throw ValidationError(key, "project_id must be a string");
        next.project_id = value.is_string() ? std::optional(value.get<std::string>()) : std::nullopt;
      } else {
        throw ValidationError(key, "unknown filter '" + key + "'");
      }
      changed[key] = value;
    }
  } catch (const Error& e) {
    return WsReply{error_frame(std::string(e.code_name()), e.what()), std::nullopt};
  }
  return WsReply{Json{{"status", "subscribed"}, {"filters", changed}}.dump(), next};
}

std::shared_ptr<const std::string> event_frame(const Event& e) {
  thread_local long long last_id = -1;
  thread_local std::shared_ptr<const std::string> last_frame;
  if (last_id != e.id || !last_frame) {
    last_frame = std::make_shared<const std::string>(to_json(e).dump(-1, ' ', false, Json::error_handler_t::replace));
    last_id = e.id;
  }
  return last_frame;
}

std::string error_frame(const std::string& code, const std::string& message) {
  return Json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

}  // namespace dagboard::server
