// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE::util {

inline long long to_micros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp from_micros(long long us) { return Timestamp(std::chrono::microseconds(us)); }

}  // namespace dagboard::util
