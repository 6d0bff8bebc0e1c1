// SPDX-License-Identifier: Apache-2.0
// One line per message on stderr: `2026-11-26T03:01:02.123456Z info listening on ...`.
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::server {

enum class LogLevel { error = 0, warn = 1, info = 2, debug = 3 };

/// @throws ValidationError for anything but error, warn, info, debug.
LogLevel parse_log_level(std::string_view text);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);
void log(LogLevel level, std::string_view message);

}  // namespace dagboard::server
