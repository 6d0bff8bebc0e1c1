// SPDX-License-Identifier: Apache-2.0
// Files of `--static-dir` (the web UI): never anything outside it.
#pragma once

#include "dagboard/version.hpp"

#include <filesystem>
#include <optional>
#include <string>

#include "core/request.hpp"

namespace DAGBOARD_NAMESPACE::server {

class StaticFiles {
 public:
  /// @throws ValidationError when `root` is not a directory.
  explicit StaticFiles(const std::filesystem::path& root);

  /// The file for a decoded URL path (`/` is `/index.html`); for an app route with no file behind
  /// it (`/board/DEMO`: no extension in its last segment) the root's `index.html`, so deep links
  /// load the app; nullopt otherwise, and when the path would leave the root (`..`, a symlink
  /// pointing out, a NUL or backslash).
  std::optional<Response> serve(const std::string& path) const;

 private:
  std::optional<Response> file(const std::string& path) const;

  std::filesystem::path root_;  // canonical
};

/// `text/html; charset=utf-8` etc. by extension; application/octet-stream otherwise.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace dagboard::server
