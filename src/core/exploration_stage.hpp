// SPDX-License-Identifier: Apache-2.0
// An exploration's stage follows what happens to its requirements and design documents.
#pragma once

#include <dagboard/documents.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::core {

enum class DocumentAction { saved, submitted, approved, rejected };

/// requirements: saved -> requirements_draft, submitted -> requirements_review,
/// approved -> design_draft, rejected -> requirements_draft; design likewise, approved ->
/// completed. Only for the exploration's newest document of that kind (EXPLORATION_STAGE_CHANGED).
void follow_document(storage::Tx& tx, const Document& d, DocumentAction action);

}  // namespace dagboard::core
