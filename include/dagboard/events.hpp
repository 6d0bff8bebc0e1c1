// SPDX-License-Identifier: Apache-2.0
// The event log: every mutation writes its events in the same transaction.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/fwd.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

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

/// What a subscriber wants (upstream WebSocket filters plus project_id): AND across kinds, OR
/// within a list, an empty list matches everything.
struct EventFilter {
  std::vector<std::string> event_types;
  std::vector<std::string> entity_types;
  std::vector<std::string> entity_ids;
  std::optional<std::string> project_id;

  bool matches(const Event& e) const;
};

struct SubscribeOptions {
  /// Deliver events with id > since; absent: only events committed after subscribe() returns.
  std::optional<long long> since;
  /// How often the log is read when nothing signalled a commit (other processes on SQLite;
  /// a safety net on PostgreSQL, where LISTEN/NOTIFY wakes subscribers at once).
  int poll_interval_ms = 25;
};

namespace detail {
class EventHub;
struct Subscriber;
}  // namespace detail

/// A live subscription. Callbacks run on the workspace's event thread, one at a time, in id
/// order, each committed event exactly once. Destroying the handle cancels it.
class Subscription {
 public:
  Subscription() = default;
  Subscription(Subscription&&) noexcept = default;
  Subscription& operator=(Subscription&&) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription();

  /// Stops deliveries. After it returns no callback is running or will run (when called from
  /// inside this subscription's callback, the current one finishes and no other starts).
  void cancel();
  bool active() const;
  /// The id of the last event delivered (or `since`), to resume from.
  long long last_id() const;

 private:
  friend class EventService;
  Subscription(std::shared_ptr<detail::EventHub> hub, std::shared_ptr<detail::Subscriber> sub)
      : hub_(std::move(hub)), sub_(std::move(sub)) {}
  std::shared_ptr<detail::EventHub> hub_;
  std::shared_ptr<detail::Subscriber> sub_;
};

/// Every event type and entity type the library writes (docs/events.md, "Catalogue").
std::span<const std::string_view> event_type_catalogue();
std::span<const std::string_view> entity_type_catalogue();

Json to_json(const Event& e);
EventQuery event_query_from_json(const Json& j);
EventFilter event_filter_from_json(const Json& j);

class EventService {
 public:
  explicit EventService(detail::ContextPtr ctx) : ctx_(std::move(ctx)) {}

  /// Committed events after `query.since`, in id order. Filters are exact: project and ticket
  /// keys are resolved like everywhere else (PROJECT_NOT_FOUND, TICKET_NOT_FOUND), event and
  /// entity types must be in the catalogue and `since` must not be beyond the newest id
  /// (VALIDATION_FAILED naming the field).
  std::vector<Event> read(const EventQuery& query = {}) const;
  /// The filter as it will be applied: keys resolved to ids, types checked (as read() does).
  EventFilter resolve(const EventFilter& filter) const;
  /// The id of the newest committed event (0 when there is none).
  long long last_id() const;
  /// Deletes events older than `older_than_days` (1 .. 36500) and moves the horizon to the
  /// newest deleted id; writes EVENTS_COMPACTED. A later read or subscribe whose `since` is
  /// below the horizon (but not 0, which means "the oldest kept") fails with CURSOR_EXPIRED.
  /// Returns {deleted, horizon}.
  std::pair<long long, long long> compact(int older_than_days) const;
  /// Events with ids up to this were compacted away (0 when none were).
  long long horizon() const;
  /// Delivers every matching event committed after `options.since` (or from now), including
  /// those of other processes, exactly once and in order, until cancelled. An exception thrown by
  /// `callback` is swallowed after the event counts as delivered. @throws ValidationError.
  Subscription subscribe(const EventFilter& filter, std::function<void(const Event&)> callback,
                         const SubscribeOptions& options = {}) const;

 private:
  detail::ContextPtr ctx_;
};

}  // namespace dagboard
