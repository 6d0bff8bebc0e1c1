// SPDX-License-Identifier: Apache-2.0
// Storing content as part of a larger write (a document version): the S3 upload happens before
// the transaction, the row inside it.
#pragma once

#include <string>
#include <string_view>

#include <dagboard/documents.hpp>

#include "core/context.hpp"
#include "storage/content_repo.hpp"
#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::documents {

/// Checks the content, decides where it goes and, for S3, uploads it unless it is there
/// already (then `deduplicated`). @throws ValidationError, Error(UNAVAILABLE / UPSTREAM_ERROR).
StoredContent prepare_content(const detail::Context& ctx, std::string_view content, const std::string& content_type);
/// Records prepared content in `tx`; returns where the content is, with `deduplicated` set when
/// its hash was known already (nothing written).
StoredContent record_content(storage::Tx& tx, const StoredContent& c, std::string_view content);
/// The content of `row`, from the database or S3, checked against its hash.
/// @throws Error(INTEGRITY_ERROR) when it does not match.
std::string fetch_verified(const detail::Context& ctx, const storage::ContentRow& row);
/// The region of the configured object store.
std::string s3_region(const detail::Context& ctx);

}  // namespace dagboard::documents
