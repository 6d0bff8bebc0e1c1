// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include <dagboard/documents.hpp>

#include "core/context.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::documents {

/// @throws NotFound (DOCUMENT_NOT_FOUND).
Document require_document(storage::Tx& tx, std::string_view id, bool lock);
/// The version `id`, read while holding the row lock of its document's first version: every
/// change to one document (versions, approval, gates) is serialized on that lock.
Document lock_document(storage::Tx& tx, std::string_view id);
/// The first approval of a document: its gates are satisfied, the tasks waiting on it counted
/// down, and those now ready announced (TASKS_UNBLOCKED).
void release_gates(const detail::Context& ctx, storage::Tx& tx, const Document& approved);

}  // namespace dagboard::documents
