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

namespace DAGBOARD_NAMESPACE::detail {

struct Subscriber {
  EventFilter filter;
  std::function<void(const Event&)> callback;
  std::atomic<long long> last{0};  // every event <= last has been seen by this subscriber
  std::atomic<bool> cancelled{false};
  int poll_interval_ms = 25;  // how often it needs the log read when nothing signalled
  std::mutex running;         // held while its callback runs: cancel() waits on it
};

class EventHub {
 public:
  explicit EventHub(std::shared_ptr<storage::Database> db);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  /// Registers `sub`; the log is polled at the shortest interval any current subscriber asks for.
  void add(std::shared_ptr<Subscriber> sub);
  /// Cancels `sub`; when called from another thread, waits for a running callback to finish.
  void cancel(const std::shared_ptr<Subscriber>& sub);
  /// A local commit wrote events.
  void wake();

 private:
  void run();
  void listen();
  /// Reads and delivers everything after the slowest subscriber. False when nothing was new.
  bool deliver_new();
  /// Whether the log holds an event some subscriber has not seen (one cheap read).
  bool anything_after_slowest();
  /// SQLite: whether the write-ahead log may have changed since the last look (a stat of the
  /// -wal file, no query). Every commit appends to it; a full look runs at least once a second.
  bool sqlite_may_have_changed();
  std::vector<std::shared_ptr<Subscriber>> snapshot();
  void recompute_poll_interval();  // under mutex_

  std::shared_ptr<storage::Database> db_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  bool woken_ = false;
  bool stopping_ = false;
  int poll_interval_ms_ = 25;  // the shortest of the current subscribers
  std::thread thread_;
  std::thread listener_thread_;  // PostgreSQL only
  std::atomic<std::thread::id> thread_id_{};
  struct FileStamp {
    long long size = -1, mtime_ns = -1, inode = -1;
    bool operator==(const FileStamp&) const = default;
  } wal_stamp_;
  std::chrono::steady_clock::time_point last_full_look_{};
};

}  // namespace dagboard::detail
