// SPDX-License-Identifier: Apache-2.0
#include "dagboard/version.hpp"

namespace DAGBOARD_NAMESPACE {

int library_version() noexcept { return DAGBOARD_VERSION; }
const char* library_version_string() noexcept { return DAGBOARD_VERSION_STRING; }

}  // namespace dagboard
