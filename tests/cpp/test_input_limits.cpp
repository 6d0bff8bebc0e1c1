// SPDX-License-Identifier: Apache-2.0
// JSON limits at the C++ door: deep, huge or non-finite values are VALIDATION_FAILED naming
// the field, and change nothing.
#include <cmath>
#include <limits>

#include <dagboard/limits.hpp>

#include "support.hpp"

namespace dagboard::test {
namespace {

// {"k": {"k": ... 1}} with `depth` levels in all (built without recursion).
Json nested_objects(int depth) {
  Json root = 1;
  for (int i = 1; i < depth; ++i) root = Json{{"k", std::move(root)}};
  return root;
}

std::string field_of(const Error& e) { return e.details().value("field", ""); }

TEST(JsonLimits, DepthSizeAndNumbers) {
  EXPECT_NO_THROW(check_json_value("context", nested_objects(kMaxJsonDepth)));
  EXPECT_EQ(field_of(catch_error([] { check_json_value("context", nested_objects(kMaxJsonDepth + 1)); })),
            "context");
  EXPECT_EQ(field_of(catch_error([] { check_json_value("context", nested_objects(200000)); })), "context");
  EXPECT_EQ(field_of(catch_error([] {
              check_json_value("result", Json{{"x", std::numeric_limits<double>::quiet_NaN()}});
            })),
            "result");
  EXPECT_EQ(field_of(catch_error([] { check_json_value("metadata", Json(std::string(kMaxJsonBytes, 'x'))); })),
            "metadata");
}

TEST(JsonLimits, ParsingOutsideTextIsBounded) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto e = catch_error([&] { parse_json(deep, "body"); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(e), "body");
  EXPECT_EQ(field_of(catch_error([] { parse_json("{\"n\": 1e400}", "body"); })), "body");
  EXPECT_EQ(field_of(catch_error([] { parse_json("{", "message"); })), "message");
  EXPECT_EQ(parse_json(R"({"a": [1, 2]})", "body"), (Json{{"a", {1, 2}}}));
}

class InputLimitTest : public ProjectTest {};

TEST_P(InputLimitTest, EveryStoredJsonFieldIsChecked) {
  auto deep = nested_objects(kMaxJsonDepth + 1);
  EXPECT_EQ(field_of(catch_error([&] {
              ws->tickets().create({.project_id = project.id, .title = "x", .context = deep});
            })),
            "context");
  EXPECT_EQ(field_of(catch_error([&] { ws->projects().update(project.id, {.settings = deep}); })),
            "settings");
  EXPECT_EQ(field_of(catch_error([&] {
              ws->agents().register_agent({.metadata = Json{{"x", INFINITY}}});
            })),
            "metadata");
  auto task = make_task(ticket);
  auto agent = ws->agents().register_agent({.project_id = project.id});
  ASSERT_TRUE(ws->scheduler().claim(agent.id, {}));
  EXPECT_EQ(field_of(catch_error([&] { ws->tasks().complete(task.id, {agent.id}, deep); })), "result");
  EXPECT_EQ(ws->tasks().get(task.id).status, TaskStatus::assigned);
  EXPECT_EQ(ws->tickets().list({.project_id = project.id}).items.size(), 1u);  // nothing written
  auto at_limit = nested_objects(kMaxJsonDepth);
  auto t = ws->tickets().create({.project_id = project.id, .title = "ok", .context = at_limit});
  EXPECT_EQ(ws->tickets().get(t.id).context, at_limit);
}

DAGBOARD_INSTANTIATE_BACKENDS(InputLimitTest);

}  // namespace
}  // namespace dagboard::test
