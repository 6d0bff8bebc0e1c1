// SPDX-License-Identifier: Apache-2.0
#include "scheduling/retry_policy.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <dagboard/errors.hpp>

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

RetryPolicy retry_policy_from_settings(const Json& project_settings) {
  RetryPolicy policy;
  auto it = project_settings.find("retries");
  if (it == project_settings.end() || it->is_null()) return policy;
  try {
    util::JsonInput in(*it);
    auto seconds = [&](const char* key, double& field) {
      if (auto v = in.number(key)) {
        if (*v < 0 || *v > 86400)
          throw ValidationError(key, std::string(key) + " must be 0 .. 86400");
        field = *v;
      }
    };
    seconds("backoff_base_seconds", policy.backoff_base_seconds);
    seconds("backoff_max_seconds", policy.backoff_max_seconds);
    in.finish();
  } catch (const ValidationError& e) {
    throw ValidationError("settings.retries." + e.details().value("field", std::string()),
                          e.message());
  }
  return policy;
}

namespace scheduling {

std::optional<Timestamp> retry_time(const RetryPolicy& policy, int retry_count, Timestamp now) {
  double doublings = std::clamp(retry_count - 1, 0, 40);
  double seconds =
      std::min(policy.backoff_max_seconds, policy.backoff_base_seconds * std::exp2(doublings));
  if (seconds <= 0) return std::nullopt;
  return now + std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
}

}  // namespace scheduling
}  // namespace dagboard
