// SPDX-License-Identifier: Apache-2.0
// The event WebSocket's protocol (upstream §3.11 plus `since`), apart from the socket: query
// parameters to a filter, client messages to replies, events to frames.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <dagboard/events.hpp>

namespace DAGBOARD_NAMESPACE::server {

/// Close codes beyond RFC 6455's.
inline constexpr int kCloseUnauthorized = 4401;  // upstream: missing or bad token
inline constexpr int kCloseBadRequest = 4400;    // a bad filter or `since`
inline constexpr int kCloseCursorExpired = 4410; // `since` is older than the retention horizon

struct WsParams {
  EventFilter filter;
  std::optional<long long> since;
  std::optional<std::string> token;
};

/// `token`, `event_types`, `entity_types`, `entity_ids` (comma-separated, items trimmed),
/// `project_id`, `since`. @throws ValidationError naming the parameter.
WsParams parse_ws_params(const std::map<std::string, std::string>& query);

/// What to do with one client message.
struct WsReply {
  std::string frame;                      // the JSON text to send back
  std::optional<EventFilter> new_filter;  // set when the filter changed
};

/// `{"type":"subscribe", event_types?, entity_types?, entity_ids?, project_id?}` merges the keys
/// present into `current` (upstream dict.update) and is acknowledged with
/// `{"status":"subscribed","filters":{...}}`; `{"type":"ping"}` gets `{"type":"pong"}`;
/// `{"type":"pong"}` gets nothing; anything else an `{"error": ...}` frame.
std::optional<WsReply> handle_client_message(const std::string& text, const EventFilter& current);

/// The frame of one event: {id, event_type, entity_type, entity_id, payload, project_id, actor,
/// created_at}. Subscribers of one server share frames: the text of the last event built on
/// this thread is reused, because the event thread calls every subscriber for an event in turn.
std::shared_ptr<const std::string> event_frame(const Event& e);

std::string error_frame(const std::string& code, const std::string& message);

}  // namespace dagboard::server
