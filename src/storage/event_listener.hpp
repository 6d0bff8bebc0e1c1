// SPDX-License-Identifier: Apache-2.0
// PostgreSQL LISTEN on its own connection: wakes event subscribers when any process commits
// events (every write that has events sends NOTIFY on the same channel, delivered at COMMIT).
#pragma once

#include "dagboard/version.hpp"

#include <memory>
#include <string>

namespace DAGBOARD_NAMESPACE::storage {

inline constexpr const char* kEventChannel = "dagboard_events";

class EventListener {
 public:
  /// Connects and LISTENs. @throws StorageError when the connection fails.
  explicit EventListener(const std::string& libpq_conninfo);
  ~EventListener();
  EventListener(const EventListener&) = delete;
  EventListener& operator=(const EventListener&) = delete;

  /// Waits up to `timeout_ms` for a notification. True when one (or more) arrived; false on
  /// timeout or a lost connection (which it tries to re-establish on the next call).
  bool wait(int timeout_ms);

 private:
  void connect();
  std::string conninfo_;
  struct Connection;
  std::unique_ptr<Connection> conn_;
};

}  // namespace dagboard::storage
