// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <dagboard/documents.hpp>

#include "storage/tx.hpp"

namespace DAGBOARD_NAMESPACE::storage {

struct ContentRow {
  StoredContent meta;
  std::optional<std::string> content;  // inline content; empty for S3
};

/// `with_content`: also read the inline content.
std::optional<ContentRow> find_content(Tx& tx, std::string_view hash, bool with_content);
/// Stores the row once per hash; false when the hash was there already (nothing written).
bool insert_content(Tx& tx, const StoredContent& c, const std::optional<std::string_view>& inline_content);

}  // namespace dagboard::storage
