// SPDX-License-Identifier: Apache-2.0
// Agents blocked in claim(wait): woken by the event machinery, never by a sleep loop.
#pragma once

#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <dagboard/events.hpp>
#include <dagboard/task.hpp>

namespace DAGBOARD_NAMESPACE::detail {
class EventHub;
struct Subscriber;
}  // namespace dagboard::detail

namespace DAGBOARD_NAMESPACE::storage {
class Database;
}

namespace DAGBOARD_NAMESPACE::scheduling {

/// Which work a waiting claim can take: one project's tasks for a phase and capability set.
/// Agents with the same key compete for the same tasks, so they queue together.
struct WaitKey {
  std::string project_id;
  std::string phase_id;                   // empty: any phase
  std::vector<std::string> capabilities;  // sorted
  auto operator<=>(const WaitKey&) const = default;
};

/// One per database, shared by every workspace handle on it. Each key has a queue; an event of
/// the key's project that may make work claimable wakes only the queue's first waiter, and a
/// waiter that wins hands the turn to the next. So a commit costs one claim attempt per key that
/// waits, not one per waiting agent; k new tasks cost k + 1.
class ClaimWaiters {
 public:
  ClaimWaiters(std::shared_ptr<storage::Database> db, std::shared_ptr<detail::EventHub> hub);
  ~ClaimWaiters();
  ClaimWaiters(const ClaimWaiters&) = delete;
  ClaimWaiters& operator=(const ClaimWaiters&) = delete;

  /// Calls `attempt` until it returns a task or `deadline` passes (then nullopt). Between
  /// attempts it sleeps until woken, or, at the head of its queue, until `next_change()` (a lease
  /// running out, a back-off ending: changes no event announces). Exceptions of `attempt` leave.
  std::optional<Task> wait(const WaitKey& key, Timestamp deadline,
                           const std::function<std::optional<Task>()>& attempt,
                           const std::function<std::optional<Timestamp>()>& next_change);
  /// Makes every current waiter return nullopt now (a server draining, a host shutting down).
  void interrupt_all();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool signalled = false;
  };
  using Queue = std::list<Waiter*>;

  void on_event(const Event& e);
  void subscribe_once();
  void leave(const WaitKey& key, Queue::iterator me);

  std::shared_ptr<storage::Database> db_;
  std::shared_ptr<detail::EventHub> hub_;
  std::shared_ptr<detail::Subscriber> subscriber_;
  std::mutex mutex_;
  std::map<WaitKey, Queue> queues_;
  unsigned long long interrupts_ = 0;
};

}  // namespace dagboard::scheduling
