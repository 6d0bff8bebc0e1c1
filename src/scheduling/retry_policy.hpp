// SPDX-License-Identifier: Apache-2.0
// How long a retried task waits before it may be claimed again.
#pragma once

#include <optional>

#include <dagboard/scheduler.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::scheduling {

/// When the `retry_count`-th retry (1 for the first) may run, failing at `now`; nullopt when the
/// policy does not wait (the task is claimable at once).
std::optional<Timestamp> retry_time(const RetryPolicy& policy, int retry_count, Timestamp now);

}  // namespace dagboard::scheduling
