// SPDX-License-Identifier: Apache-2.0
// SHA-256 and HMAC-SHA256 (OpenSSL), for webhook signatures and SigV4.
#pragma once

#include "dagboard/version.hpp"

#include <string>
#include <string_view>

namespace DAGBOARD_NAMESPACE::util {

/// Raw 32-byte MAC.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string sha256_hex(std::string_view data);
/// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

}  // namespace dagboard::util
