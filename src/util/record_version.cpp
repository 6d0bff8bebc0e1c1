// SPDX-License-Identifier: Apache-2.0
#include "util/record_version.hpp"

#include <dagboard/errors.hpp>

#include "util/crypto.hpp"

namespace DAGBOARD_NAMESPACE::util {

Json with_version(Json record) {
  record.erase("version");
  record["version"] = sha256_hex(record.dump()).substr(0, 16);
  return record;
}

void check_version(const std::optional<std::string>& expected, const Json& current,
                   const std::string& what) {
  if (!expected) return;
  std::string now = current.value("version", std::string());
  if (*expected == now) return;
  throw Conflict(what + " changed since version " + *expected + " was read; read it again",
                 Json{{"expected_version", *expected}, {"current_version", now}});
}

}  // namespace dagboard::util
