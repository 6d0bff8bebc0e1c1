// SPDX-License-Identifier: Apache-2.0
// How a SQLite connection waits for a lock another connection holds.
#pragma once

#include "dagboard/version.hpp"

#include <chrono>

#include <soci/soci.h>

namespace DAGBOARD_NAMESPACE::storage {

/// Makes `session` wait up to `timeout_ms` for a busy database, trying again every fraction of
/// a millisecond to two milliseconds (jittered). SQLite's own busy timeout backs off to one try
/// per 100 ms: against processes that take the write lock in a tight loop, such a waiter only
/// wins when it wakes in the microseconds between their transactions, and can starve for its
/// whole timeout (seen with eight claiming processes on a loaded machine).
void wait_fairly_when_busy(soci::session& session, int timeout_ms);

/// The pause before try `attempt` (from 0) of such a wait: a ceiling of 0.1 ms doubling to
/// 2 ms, jittered to between a quarter of it and all of it.
std::chrono::microseconds busy_pause(int attempt);

}  // namespace dagboard::storage
