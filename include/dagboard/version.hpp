// SPDX-License-Identifier: Apache-2.0
// The library's version, and the versioned inline namespace every declaration lives in.
//
// A host compiled against one version's headers and linked with another version's library gets
// a link error (dagboard::v0::Workspace is not dagboard::v1::Workspace) instead of a crash, and
// two versions can be linked into one process. Code names dagboard::X; the inline namespace is
// invisible to it. CMake reads the version from this file: it is the only place it is written.
#pragma once

#define DAGBOARD_VERSION_MAJOR 0
#define DAGBOARD_VERSION_MINOR 1
#define DAGBOARD_VERSION_PATCH 0
// One number for comparisons: major * 10000 + minor * 100 + patch (0.1.0 is 100), as fmt does.
#define DAGBOARD_VERSION \
  (DAGBOARD_VERSION_MAJOR * 10000 + DAGBOARD_VERSION_MINOR * 100 + DAGBOARD_VERSION_PATCH)
#define DAGBOARD_STRINGIFY_(x) #x
#define DAGBOARD_STRINGIFY(x) DAGBOARD_STRINGIFY_(x)
// "0.1.0"
#define DAGBOARD_VERSION_STRING                                                      \
  DAGBOARD_STRINGIFY(DAGBOARD_VERSION_MAJOR) "." DAGBOARD_STRINGIFY(DAGBOARD_VERSION_MINOR) "." \
      DAGBOARD_STRINGIFY(DAGBOARD_VERSION_PATCH)

// The ABI namespace follows the major version (0.x releases may break it at a minor release;
// then this name changes with them).
#define DAGBOARD_ABI_NAMESPACE v0
// `namespace DAGBOARD_NAMESPACE {` opens dagboard::v0; `DAGBOARD_NAMESPACE::storage` nests in it.
#define DAGBOARD_NAMESPACE dagboard::inline DAGBOARD_ABI_NAMESPACE

namespace DAGBOARD_NAMESPACE {
// The version of the library that was linked, which may differ from the headers' when a shared
// library was replaced: compare with DAGBOARD_VERSION.
int library_version() noexcept;
const char* library_version_string() noexcept;
}  // namespace dagboard
