// SPDX-License-Identifier: Apache-2.0
#include "core/static_files.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <dagboard/errors.hpp>

#include "core/router.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace fs = std::filesystem;

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_))
    throw ValidationError("static_dir", "static directory '" + root.string() + "' is not a directory");
}

namespace {

// A page the browser keeps asking about (index.html may point at new bundles after a build);
// bundles under /assets/ carry a content hash in their names and never change.
void add_page_headers(Response& r, const std::string& path) {
  bool hashed_asset = path.starts_with("/assets/") && r.content_type.find("html") == std::string::npos;
  r.headers.emplace_back("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (r.content_type.starts_with("text/html")) {
    // The UI loads only its own scripts and styles and talks only to this origin (HTTP and WS).
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
}

bool is_app_route(const std::string& path) {
  auto last = path.substr(path.rfind('/') + 1);
  return last.find('.') == std::string::npos;
}

}  // namespace

std::optional<Response> StaticFiles::serve(const std::string& path) const {
  auto r = file(path);
  if (!r && is_app_route(path)) r = file("/index.html");
  if (r) add_page_headers(*r, path);
  return r;
}

std::optional<Response> StaticFiles::file(const std::string& path) const {
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
  fs::path relative;
  for (const auto& part : split_path(path)) {
    if (part.empty() || part == "." ) continue;
    if (part == "..") return std::nullopt;
    relative /= part;
  }
  if (relative.empty()) relative = "index.html";
  std::error_code ec;
  // canonical() resolves symlinks, so the result must still lie inside the root.
  auto inside = [&](const fs::path& candidate) -> std::optional<fs::path> {
    fs::path resolved = fs::canonical(candidate, ec);
    if (ec) return std::nullopt;
    auto mismatch = std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
    if (mismatch.first != root_.end()) return std::nullopt;
    return resolved;
  };
  auto file = inside(root_ / relative);
  if (file && fs::is_directory(*file, ec)) file = inside(*file / "index.html");
  if (!file || !fs::is_regular_file(*file, ec)) return std::nullopt;
  std::ifstream in(*file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  Response r;
  r.body = content.str();
  r.content_type = content_type_for(*file);
  return r;
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
      {".woff2", "font/woff2"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace dagboard::server
