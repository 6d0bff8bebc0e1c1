// SPDX-License-Identifier: Apache-2.0
// Turns driver errors into dagboard errors.
#pragma once

#include "dagboard/version.hpp"

#include <exception>

namespace DAGBOARD_NAMESPACE::storage {

/// True when the failure was a lock wait or serialization conflict worth retrying.
bool is_retryable(std::exception_ptr error);

/// Rethrows `error`: SOCI errors become Conflict or StorageError, dagboard errors pass
/// through, anything else becomes an INTERNAL_ERROR.
[[noreturn]] void rethrow_translated(std::exception_ptr error);

}  // namespace dagboard::storage
