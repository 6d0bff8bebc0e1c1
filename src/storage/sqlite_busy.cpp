// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite_busy.hpp"

#include <chrono>
#include <cstdint>
#include <random>
#include <thread>

#include <soci/sqlite3/soci-sqlite3.h>  // declares the SQLite API inside namespace sqlite_api

#include "storage/sqlite_rows.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

using Clock = std::chrono::steady_clock;

// A connection is used by one thread at a time and SQLite calls the handler on that thread,
// so the start of the current wait can live with the thread.
thread_local Clock::time_point wait_started;

int on_busy(void* timeout, int attempt) {
  const auto now = Clock::now();
  if (attempt == 0) wait_started = now;
  const auto limit = std::chrono::milliseconds(reinterpret_cast<std::intptr_t>(timeout));
  if (now - wait_started >= limit) return 0;  // give up: the statement fails with SQLITE_BUSY
  std::this_thread::sleep_for(busy_pause(attempt));
  return 1;
}

}  // namespace

std::chrono::microseconds busy_pause(int attempt) {
  thread_local std::minstd_rand jitter{std::random_device{}()};
  const int ceiling_us = attempt < 5 ? 100 << attempt : 2000;  // 0.1, 0.2, … 1.6, then 2 ms
  return std::chrono::microseconds(ceiling_us / 4 + static_cast<int>(jitter() % (ceiling_us * 3 / 4 + 1)));
}

void wait_fairly_when_busy(soci::session& session, int timeout_ms) {
  auto* db = static_cast<sqlite_api::sqlite3*>(sqlite_connection(session));
  // The timeout travels as the handler's argument: nothing to free when the connection closes.
  sqlite_api::sqlite3_busy_handler(db, on_busy, reinterpret_cast<void*>(static_cast<std::intptr_t>(timeout_ms)));
}

}  // namespace dagboard::storage
