// SPDX-License-Identifier: Apache-2.0
#include "core/conditional.hpp"

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>


namespace DAGBOARD_NAMESPACE::server {
namespace {

// "abc", W/"abc" -> abc
std::string bare_tag(std::string tag) {
  if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
    tag = tag.substr(1, tag.size() - 2);
  return tag;
}

bool names_tag(const std::string& header, const std::string& tag) {
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string item =
        header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item == "*" || bare_tag(item) == tag) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

void apply_if_match(Request& req) {
  auto tag = req.header("if-match");
  if (!tag || (req.method != "PATCH" && req.method != "PUT")) return;
  Json body;
  try {
    body = req.body.empty() ? Json::object() : parse_json(req.body, "body");
  } catch (const ValidationError&) {
    return;  // the route reports the bad body
  }
  if (!body.is_object()) return;
  body["if_version"] = bare_tag(*tag);
  req.body = body.dump();
}

Response with_etag(const Request& req, const std::string& tag, Response res) {
  if (res.status != 200) return res;
  res.headers.emplace_back("ETag", "\"" + tag + "\"");
  auto none_match = req.header("if-none-match");
  if (req.method == "GET" && none_match && names_tag(*none_match, tag)) {
    res.status = 304;
    res.body.clear();
  }
  return res;
}

}  // namespace dagboard::server
