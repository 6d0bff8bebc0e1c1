// SPDX-License-Identifier: Apache-2.0
#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>

#include <algorithm>

#include "core/context.hpp"
#include "core/event_hub.hpp"
#include "storage/event_repo.hpp"

namespace dagboard {

std::vector<Event> EventService::read(const EventQuery& query) const {
  if (query.limit < 1 || query.limit > 10000)
    throw ValidationError("limit", "limit must be between 1 and 10000");
  if (query.since < 0) throw ValidationError("since", "since must not be negative");
  return ctx_->db->read([&](storage::Tx& tx) { return storage::read_events(tx, query); });
}

bool EventFilter::matches(const Event& e) const {
  auto any_of = [](const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
  };
  return any_of(event_types, e.event_type) && any_of(entity_types, e.entity_type) && any_of(entity_ids, e.entity_id) &&
         (!project_id || e.project_id == project_id);
}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    cancel();
    hub_ = std::move(other.hub_);
    sub_ = std::move(other.sub_);
  }
  return *this;
}

Subscription::~Subscription() { cancel(); }

void Subscription::cancel() {
  if (hub_ && sub_) hub_->cancel(sub_);
}

bool Subscription::active() const { return sub_ && !sub_->cancelled; }

long long Subscription::last_id() const { return sub_ ? sub_->last.load() : 0; }

Subscription EventService::subscribe(const EventFilter& filter, std::function<void(const Event&)> callback,
                                     const SubscribeOptions& options) const {
  if (!callback) throw ValidationError("callback", "a callback is required");
  if (options.since && *options.since < 0) throw ValidationError("since", "since must not be negative");
  if (options.poll_interval_ms < 1 || options.poll_interval_ms > 60000)
    throw ValidationError("poll_interval_ms", "poll_interval_ms must be between 1 and 60000");
  auto sub = std::make_shared<detail::Subscriber>();
  sub->filter = filter;
  sub->callback = std::move(callback);
  sub->last = options.since ? *options.since : last_id();
  ctx_->events->add(sub, options.poll_interval_ms);
  return Subscription(ctx_->events, std::move(sub));
}

long long EventService::last_id() const {
  return ctx_->db->read([&](storage::Tx& tx) { return storage::last_event_id(tx); });
}

}  // namespace dagboard
