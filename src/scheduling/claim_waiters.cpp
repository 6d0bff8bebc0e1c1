// SPDX-License-Identifier: Apache-2.0
#include "scheduling/claim_waiters.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/event_hub.hpp"
#include "storage/database.hpp"
#include "storage/event_repo.hpp"

namespace DAGBOARD_NAMESPACE::scheduling {
namespace {

// Events that only take work away: they wake nobody.
bool may_free_work(const Event& e) {
  if (e.entity_type != "task") return false;
  static constexpr std::array<std::string_view, 5> kTakers{
      "TASK_ASSIGNED", "TASK_STARTED", "TASK_LEASE_RENEWED", "TASK_COMPLETED", "TASK_CANCELLED"};
  return std::find(kTakers.begin(), kTakers.end(), e.event_type) == kTakers.end();
}

// How often the log is read for other processes' commits while agents wait: SQLite has no
// notifications, so this bounds how late another process's work is seen; on PostgreSQL NOTIFY
// wakes at once and the poll is only a safety net.
constexpr int kSqlitePollMs = 50;
constexpr int kPostgresqlPollMs = 1000;

}  // namespace

ClaimWaiters::ClaimWaiters(std::shared_ptr<storage::Database> db,
                           std::shared_ptr<detail::EventHub> hub)
    : db_(std::move(db)), hub_(std::move(hub)) {}

ClaimWaiters::~ClaimWaiters() {
  if (subscriber_) hub_->cancel(subscriber_);
}

void ClaimWaiters::subscribe_once() {
  {
    std::lock_guard lock(mutex_);
    if (subscriber_) return;
  }
  auto sub = std::make_shared<detail::Subscriber>();
  sub->callback = [this](const Event& e) { on_event(e); };
  sub->last = db_->read([](storage::Tx& tx) { return storage::last_event_id(tx); });
  sub->poll_interval_ms =
      db_->backend() == storage::Backend::sqlite ? kSqlitePollMs : kPostgresqlPollMs;
  {
    std::lock_guard lock(mutex_);
    if (subscriber_) return;  // another waiter got there first
    subscriber_ = sub;
  }
  hub_->add(std::move(sub));
}

void ClaimWaiters::on_event(const Event& e) {
  if (!e.project_id || !may_free_work(e)) return;
  std::lock_guard lock(mutex_);
  for (auto it = queues_.lower_bound(WaitKey{*e.project_id, {}, {}});
       it != queues_.end() && it->first.project_id == *e.project_id; ++it) {
    Waiter* head = it->second.front();
    head->signalled = true;
    head->cv.notify_one();
  }
}

void ClaimWaiters::interrupt_all() {
  std::lock_guard lock(mutex_);
  ++interrupts_;
  for (auto& [key, queue] : queues_)
    for (Waiter* w : queue) w->cv.notify_one();
}

// Leaves the queue (under mutex_). A signal this waiter did not use, or the turn a winner
// holds, goes to the next in line: there may be more work.
void ClaimWaiters::leave(const WaitKey& key, Queue::iterator me) {
  auto q = queues_.find(key);
  bool was_head = me == q->second.begin();
  q->second.erase(me);
  if (q->second.empty()) {
    queues_.erase(q);
    return;
  }
  if (was_head) {
    q->second.front()->signalled = true;
    q->second.front()->cv.notify_one();
  }
}

std::optional<Task> ClaimWaiters::wait(
    const WaitKey& key, Timestamp deadline, const std::function<std::optional<Task>()>& attempt,
    const std::function<std::optional<Timestamp>()>& next_change) {
  subscribe_once();
  Waiter self;
  std::unique_lock lock(mutex_);
  auto& queue = queues_[key];
  auto me = queue.insert(queue.end(), &self);
  const auto interrupts = interrupts_;
  struct Leave {
    ClaimWaiters* owner;
    const WaitKey& key;
    Queue::iterator me;
    std::unique_lock<std::mutex>& lock;
    ~Leave() {
      if (!lock.owns_lock()) lock.lock();
      owner->leave(key, me);
    }
  } leave_on_exit{this, key, me, lock};
  bool first = true;
  for (;;) {
    bool head = queues_[key].front() == &self;
    if (first || self.signalled) {  // everyone looks once on arrival; later only when signalled
      first = false;
      self.signalled = false;
      lock.unlock();
      auto won = attempt();
      auto change = won ? std::nullopt : (head ? next_change() : std::nullopt);
      lock.lock();
      if (won) return won;
      head = queues_[key].front() == &self;
      if (head && change && *change < deadline) {
        if (self.signalled) continue;
        auto at = std::max(*change, dagboard::now() + std::chrono::milliseconds(20));  // never spin
        self.cv.wait_until(lock, at, [&] { return self.signalled || interrupts_ != interrupts; });
        if (interrupts_ != interrupts) return std::nullopt;
        self.signalled = true;  // the lease ran out or the back-off ended: look again
        continue;
      }
    }
    if (interrupts_ != interrupts || dagboard::now() >= deadline) return std::nullopt;
    if (self.signalled) continue;
    self.cv.wait_until(lock, deadline, [&] { return self.signalled || interrupts_ != interrupts; });
    if (!self.signalled) return std::nullopt;  // timed out or interrupted
  }
}

}  // namespace dagboard::scheduling
