// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <vector>

#include <dagboard/errors.hpp>
#include <dagboard/limits.hpp>

namespace DAGBOARD_NAMESPACE::util {
namespace {

struct TooDeep {};

// Walks `value` without recursion; `visit(node)` sees every scalar. Returns the depth reached,
// stopping once it passes `limit`.
template <class Visit>
int walk(const Json& value, int limit, Visit visit) {
  std::vector<std::pair<const Json*, int>> stack{{&value, 1}};
  int deepest = 0;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (deepest > limit) return deepest;
    if (node->is_structured()) {
      for (const auto& child : *node) stack.emplace_back(&child, depth + 1);
    } else {
      visit(*node);
    }
  }
  return deepest;
}

}  // namespace

}  // namespace dagboard::util

namespace DAGBOARD_NAMESPACE {

Json parse_json(std::string_view text, std::string_view field_name, int max_depth) {
  std::string field(field_name);
  try {
    return Json::parse(text, [max_depth](int depth, Json::parse_event_t, Json&) {
      if (depth > max_depth) throw util::TooDeep{};
      return true;
    });
  } catch (const util::TooDeep&) {
    throw ValidationError(field, field + " nests deeper than " + std::to_string(max_depth) + " levels");
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for numbers like 1e400
    throw ValidationError(field, std::string("malformed JSON: ") + e.what());
  }
}

void check_json_value(std::string_view field, const Json& value) {
  std::string name(field);
  bool finite = true;
  // Non-finite numbers have no JSON spelling: they would be stored as null.
  auto check_number = [&](const Json& n) {
    if (n.is_number_float() && !std::isfinite(n.get<double>())) finite = false;
  };
  if (util::walk(value, kMaxJsonDepth, check_number) > kMaxJsonDepth)
    throw ValidationError(name, name + " nests deeper than " + std::to_string(kMaxJsonDepth) +
                                    " levels");
  if (!finite)
    throw ValidationError(name, name + " holds a number that is not finite (NaN or infinity)");
  if (value.dump().size() > kMaxJsonBytes)  // safe now: the depth is bounded
    throw ValidationError(name, name + " is larger than " + std::to_string(kMaxJsonBytes) +
                                    " bytes as JSON");
}

}  // namespace dagboard
