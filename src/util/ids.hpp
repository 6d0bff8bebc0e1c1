// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::util {

/// A random (version 4) UUID in lower-case canonical form.
std::string new_uuid();

/// True for the canonical 8-4-4-4-12 hexadecimal form (either case).
bool is_uuid(std::string_view text);

}  // namespace dagboard::util
