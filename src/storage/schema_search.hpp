// SPDX-License-Identifier: Apache-2.0
// The search index's migrations (src/storage/schema.cpp lists every migration).
#pragma once

#include "storage/migrations.hpp"

namespace DAGBOARD_NAMESPACE::storage {

Migration search_index();
Migration search_prefixes();
Migration search_prefixes_of_distinct_words();

}  // namespace dagboard::storage
