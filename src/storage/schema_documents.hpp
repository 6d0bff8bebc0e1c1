// SPDX-License-Identifier: Apache-2.0
// The documents' migrations (src/storage/schema.cpp lists every migration).
#pragma once

#include "storage/migrations.hpp"

namespace DAGBOARD_NAMESPACE::storage {

Migration content_blobs();
Migration documents();

}  // namespace dagboard::storage
