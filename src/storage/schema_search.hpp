// SPDX-License-Identifier: Apache-2.0
// The search index's migration (src/storage/schema.cpp lists every migration).
#pragma once

#include "storage/migrations.hpp"

namespace DAGBOARD_NAMESPACE::storage {

Migration search_index();
Migration search_prefixes();

}  // namespace dagboard::storage
