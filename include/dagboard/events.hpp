// SPDX-License-Identifier: Apache-2.0
// The event log: every mutation writes its events in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace dagboard {

/// One committed event. Ids are strictly increasing in commit order.
struct Event {
  long long id = 0;
  std::string event_type;   // UPPER_SNAKE, see docs/events.md
  std::string entity_type;  // project, ticket, task, agent, ...
  std::string entity_id;
  std::optional<std::string> project_id;
  Json payload = Json::object();
  std::optional<std::string> actor;
  Timestamp created_at;
};

/// Filters combine with AND across kinds and OR within a list; an empty list matches all.
struct EventQuery {
  long long since = 0;  // events with id > since
  std::vector<std::string> event_types;
  std::vector<std::string> entity_types;
  std::vector<std::string> entity_ids;
  std::optional<std::string> project_id;
  int limit = 100;  // 1..10000
};

Json to_json(const Event& e);
EventQuery event_query_from_json(const Json& j);

class EventService {
 public:
  explicit EventService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Committed events after `query.since`, in id order.
  std::vector<Event> read(const EventQuery& query = {}) const;
  /// The id of the newest committed event (0 when there is none).
  long long last_id() const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
