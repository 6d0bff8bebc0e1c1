// SPDX-License-Identifier: Apache-2.0
#include "core/event_hub.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <sys/stat.h>

#include "storage/event_repo.hpp"

namespace DAGBOARD_NAMESPACE::detail {
namespace {

constexpr int kBatch = 1000;
constexpr int kListenerWaitMs = 200;  // how often the listener checks for shutdown

}  // namespace

EventHub::EventHub(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {}

EventHub::~EventHub() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  for (std::thread* t : {&thread_, &listener_thread_}) {
    if (!t->joinable()) continue;
    if (t->get_id() == std::this_thread::get_id())
      t->detach();  // the last handle went away inside a callback
    else
      t->join();
  }
}

void EventHub::recompute_poll_interval() {
  poll_interval_ms_ = 60000;
  for (const auto& s : subscribers_)
    poll_interval_ms_ = std::min(poll_interval_ms_, std::max(1, s->poll_interval_ms));
}

void EventHub::add(std::shared_ptr<Subscriber> sub) {
  {
    std::lock_guard lock(mutex_);
    subscribers_.push_back(std::move(sub));
    recompute_poll_interval();
    woken_ = true;
    if (!thread_.joinable()) {
      thread_ = std::thread([this] { run(); });
      if (db_->backend() == storage::Backend::postgresql)
        listener_thread_ = std::thread([this] { listen(); });
    }
  }
  wakeup_.notify_all();
}

void EventHub::cancel(const std::shared_ptr<Subscriber>& sub) {
  sub->cancelled = true;
  // Off the event thread, the callback is also released here, on the cancelling thread: the
  // event thread may hold the last reference to `sub` and must never run a callback's destructor
  // (a Python one takes the GIL, which the thread that later joins the event thread may hold).
  std::function<void(const Event&)> released;
  if (std::this_thread::get_id() != thread_id_.load()) {
    std::lock_guard wait_for_running_callback(sub->running);
    released = std::exchange(sub->callback, nullptr);
  }
  std::lock_guard lock(mutex_);
  subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), sub),
                     subscribers_.end());
  recompute_poll_interval();
}

void EventHub::wake() {
  {
    std::lock_guard lock(mutex_);
    if (subscribers_.empty()) return;
    woken_ = true;
  }
  wakeup_.notify_all();
}

std::vector<std::shared_ptr<Subscriber>> EventHub::snapshot() {
  std::lock_guard lock(mutex_);
  return subscribers_;
}

bool EventHub::deliver_new() {
  auto subs = snapshot();
  if (subs.empty()) return false;
  long long from = subs.front()->last;
  for (const auto& s : subs) from = std::min<long long>(from, s->last);
  EventQuery q;
  q.since = from;
  q.limit = kBatch;
  auto events = db_->read([&](storage::Tx& tx) { return storage::read_events(tx, q); });
  for (const Event& e : events) {
    for (const auto& s : subs) {
      if (s->cancelled || s->last >= e.id) continue;
      if (!s->filter.matches(e)) {
        s->last = e.id;
        continue;
      }
      std::lock_guard running(s->running);
      if (s->cancelled) continue;
      s->last = e.id;  // before the callback: inside it, last_id() is this event's id
      try {
        s->callback(e);
      } catch (...) {
        // A subscriber's failure is its own; the event counts as delivered.
      }
    }
  }
  return static_cast<int>(events.size()) == kBatch;  // more may be waiting
}

bool EventHub::sqlite_may_have_changed() {
  const auto& spec = db_->connection_spec();
  if (spec.backend != storage::Backend::sqlite || spec.in_memory) return true;
  struct stat st {};
  FileStamp now;
  if (::stat((spec.sqlite_path + "-wal").c_str(), &st) == 0)
    now = {static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
           static_cast<long long>(st.st_ino)};
  auto clock = std::chrono::steady_clock::now();
  bool stale = clock - last_full_look_ >= std::chrono::seconds(1);
  if (now == wal_stamp_ && now.size >= 0 && !stale) return false;
  wal_stamp_ = now;
  last_full_look_ = clock;
  return true;
}

bool EventHub::anything_after_slowest() {
  auto subs = snapshot();
  if (subs.empty()) return false;
  long long from = subs.front()->last;
  for (const auto& s : subs) from = std::min<long long>(from, s->last);
  return db_->read([](storage::Tx& tx) { return storage::last_event_id(tx); }) > from;
}

void EventHub::run() {
  thread_id_ = std::this_thread::get_id();
  bool signalled = false;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      auto idle = [&] { return stopping_ || woken_; };
      if (subscribers_.empty())
        wakeup_.wait(lock, idle);
      else
        wakeup_.wait_for(lock, std::chrono::milliseconds(poll_interval_ms_), idle);
      if (stopping_) return;
      signalled = woken_;
      woken_ = false;
    }
    try {
      // A timed poll first asks only for the newest id: far cheaper than reading the log.
      if (!signalled && (!sqlite_may_have_changed() || !anything_after_slowest())) continue;
      while (deliver_new()) {
      }
    } catch (...) {
      // The database was unreachable: try again on the next wake-up or poll.
    }
  }
}

void EventHub::listen() {
  std::unique_ptr<storage::EventListener> listener;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    try {
      if (!listener)
        listener = std::make_unique<storage::EventListener>(db_->connection_spec().libpq_conninfo);
      if (listener->wait(kListenerWaitMs)) wake();
    } catch (...) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(kListenerWaitMs));  // polling still runs
    }
  }
}

}  // namespace dagboard::detail
