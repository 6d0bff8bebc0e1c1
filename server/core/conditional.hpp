// SPDX-License-Identifier: Apache-2.0
// Conditional requests on records: ETag out, If-Match (412) and If-None-Match (304) in. The
// record's `version` is the entity tag; the library checks it, this only translates.
#pragma once

#include "dagboard/version.hpp"

#include "core/request.hpp"

namespace DAGBOARD_NAMESPACE::server {

/// A PATCH with If-Match: the tag goes into the body as `if_version`, which the library's
/// update checks on the locked row (CONFLICT there becomes 412 here).
void apply_if_match(Request& req);
/// A record's `version` becomes its ETag; a GET whose If-None-Match names it gets 304.
Response with_etag(const Request& req, const std::string& version, Response res);

}  // namespace dagboard::server
