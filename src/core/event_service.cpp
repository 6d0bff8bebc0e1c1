// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>

#include <algorithm>

#include "core/context.hpp"
#include "core/event_hub.hpp"
#include "events/filters.hpp"
#include "storage/event_repo.hpp"

namespace DAGBOARD_NAMESPACE {

namespace {

// since = 0 asks for the oldest kept event; any other cursor below the horizon lost events.
void check_cursor(storage::Tx& tx, long long since) {
  if (since <= 0) return;
  long long horizon = storage::compacted_through(tx);
  if (since < horizon)
    throw Error(ErrorCode::cursor_expired,
                "events after " + std::to_string(since) + " up to " + std::to_string(horizon) +
                    " were compacted; resume from " + std::to_string(horizon) +
                    " or re-read the state",
                Json{{"since", since}, {"horizon", horizon}});
}

// A cursor from the future is a mistake (another database, a typo), not "nothing yet".
void check_not_beyond_newest(storage::Tx& tx, long long since) {
  long long newest = storage::last_event_id(tx);
  if (since > newest)
    throw ValidationError(
        "since",
        "since " + std::to_string(since) + " is beyond the newest event " + std::to_string(newest),
        Json{{"newest", newest}});
}

}  // namespace

std::vector<Event> EventService::read(const EventQuery& query) const {
  if (query.limit < 1 || query.limit > 10000)
    throw ValidationError("limit", "limit must be between 1 and 10000");
  if (query.since < 0) throw ValidationError("since", "since must not be negative");
  return ctx_->db->read([&](storage::Tx& tx) {
    check_cursor(tx, query.since);
    check_not_beyond_newest(tx, query.since);
    auto f = events::resolve_filter(
        tx, {query.event_types, query.entity_types, query.entity_ids, query.project_id});
    EventQuery exact{query.since,  f.event_types, f.entity_types,
                     f.entity_ids, f.project_id,  query.limit};
    return storage::read_events(tx, exact);
  });
}

EventFilter EventService::resolve(const EventFilter& filter) const {
  return ctx_->db->read([&](storage::Tx& tx) { return events::resolve_filter(tx, filter); });
}

std::pair<long long, long long> EventService::compact(int older_than_days) const {
  if (older_than_days < 1 || older_than_days > 36500)
    throw ValidationError("older_than_days", "older_than_days must be between 1 and 36500");
  return ctx_->db->write(ctx_->actor, [&](storage::Tx& tx) {
    auto result = storage::compact_events(tx, tx.now() - std::chrono::hours(24) * older_than_days);
    tx.emit("EVENTS_COMPACTED", "events", "events", std::nullopt,
            Json{{"deleted", result.first},
                 {"horizon", result.second},
                 {"older_than_days", older_than_days}});
    return result;
  });
}

long long EventService::horizon() const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::compacted_through(tx); });
}

bool EventFilter::matches(const Event& e) const {
  auto any_of = [](const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
  };
  return any_of(event_types, e.event_type) && any_of(entity_types, e.entity_type) &&
         any_of(entity_ids, e.entity_id) && (!project_id || e.project_id == project_id);
}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    cancel();
    hub_ = std::move(other.hub_);
    sub_ = std::move(other.sub_);
  }
  return *this;
}

Subscription::~Subscription() {
  cancel();
}

void Subscription::cancel() {
  if (hub_ && sub_) hub_->cancel(sub_);
}

bool Subscription::active() const {
  return sub_ && !sub_->cancelled;
}

long long Subscription::last_id() const {
  return sub_ ? sub_->last.load() : 0;
}

Subscription EventService::subscribe(const EventFilter& filter,
                                     std::function<void(const Event&)> callback,
                                     const SubscribeOptions& options) const {
  if (!callback) throw ValidationError("callback", "a callback is required");
  if (options.since && *options.since < 0)
    throw ValidationError("since", "since must not be negative");
  if (options.poll_interval_ms < 1 || options.poll_interval_ms > 60000)
    throw ValidationError("poll_interval_ms", "poll_interval_ms must be between 1 and 60000");
  auto sub = std::make_shared<detail::Subscriber>();
  sub->callback = std::move(callback);
  sub->last = ctx_->db->read([&](storage::Tx& tx) {
    sub->filter = events::resolve_filter(tx, filter);
    if (!options.since) return storage::last_event_id(tx);
    check_cursor(tx, *options.since);
    check_not_beyond_newest(tx, *options.since);
    return *options.since;
  });
  sub->poll_interval_ms = options.poll_interval_ms;
  ctx_->events->add(sub);
  return Subscription(ctx_->events, std::move(sub));
}

long long EventService::last_id() const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::last_event_id(tx); });
}

}  // namespace dagboard
