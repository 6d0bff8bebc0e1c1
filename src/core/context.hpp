// SPDX-License-Identifier: Apache-2.0
// What every service handle shares: the open database and who is acting.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <dagboard/fwd.hpp>

#include "storage/database.hpp"

namespace dagboard::detail {

struct Context {
  std::shared_ptr<storage::Database> db;
  std::optional<std::string> actor;
};

}  // namespace dagboard::detail
