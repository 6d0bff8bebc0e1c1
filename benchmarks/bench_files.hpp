// SPDX-License-Identifier: Apache-2.0
// Temporary files of a benchmark process.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace dagboard::bench {

/// Removes the temporary databases this process created (dagboard-bench-*<pid>*).
inline void remove_own_temp_files() {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    auto name = entry.path().filename().string();
    if (name.rfind("dagboard-bench-", 0) == 0 && name.find(std::to_string(getpid())) != std::string::npos)
      std::filesystem::remove(entry.path());
  }
}

}  // namespace dagboard::bench
