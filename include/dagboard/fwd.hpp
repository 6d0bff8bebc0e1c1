// SPDX-License-Identifier: Apache-2.0
// Forward declarations shared by the service headers.
#pragma once

#include "dagboard/version.hpp"

#include <memory>

namespace DAGBOARD_NAMESPACE {
namespace detail {
struct Context;  // the open database and the acting identity; defined in src/core
using ContextPtr = std::shared_ptr<const Context>;
}  // namespace detail
class Workspace;
}  // namespace dagboard
