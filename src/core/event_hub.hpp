// SPDX-License-Identifier: Apache-2.0
// One event thread per open database: reads the log after every local commit, on NOTIFY from
// other processes (PostgreSQL) or on a short poll (SQLite), and hands each event to every
// subscriber whose filter matches, in id order, exactly once. Writers never wait for it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <dagboard/events.hpp>

#include "storage/database.hpp"
#include "storage/event_listener.hpp"

namespace dagboard::detail {

struct Subscriber {
  EventFilter filter;
  std::function<void(const Event&)> callback;
  std::atomic<long long> last{0};  // every event <= last has been seen by this subscriber
  std::atomic<bool> cancelled{false};
  std::mutex running;  // held while its callback runs: cancel() waits on it
};

class EventHub {
 public:
  explicit EventHub(std::shared_ptr<storage::Database> db);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  void add(std::shared_ptr<Subscriber> sub, int poll_interval_ms);
  /// Cancels `sub`; when called from another thread, waits for a running callback to finish.
  void cancel(const std::shared_ptr<Subscriber>& sub);
  /// A local commit wrote events.
  void wake();

 private:
  void run();
  void listen();
  /// Reads and delivers everything after the slowest subscriber. False when nothing was new.
  bool deliver_new();
  std::vector<std::shared_ptr<Subscriber>> snapshot();

  std::shared_ptr<storage::Database> db_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  bool woken_ = false;
  bool stopping_ = false;
  int poll_interval_ms_ = 25;
  std::thread thread_;
  std::thread listener_thread_;  // PostgreSQL only
  std::atomic<std::thread::id> thread_id_{};
};

}  // namespace dagboard::detail
