// SPDX-License-Identifier: Apache-2.0
#include <set>

#include <gtest/gtest.h>

#include <dagboard/dagboard.hpp>

#include "support.hpp"
#include "util/json_writer.hpp"

namespace dagboard::test {
namespace {

TEST(Iso8601, RoundTripsMicroseconds) {
  auto t = parse_iso8601("2026-11-25T21:31:12.000123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_iso8601(*t), "2026-11-25T21:31:12.000123Z");
  EXPECT_EQ(to_iso8601(*parse_iso8601("2026-01-31T12:00:00+02:00")), "2026-01-31T10:00:00.000000Z");
  EXPECT_EQ(to_iso8601(*parse_iso8601("1999-12-31T23:59:59.5-00:30")), "2000-01-01T00:29:59.500000Z");
}

TEST(Iso8601, RefusesMalformedText) {
  for (auto s : {"", "2026-11-25", "2026-11-25T21:31:12", "2026-13-01T00:00:00Z",
                 "2026-02-30T00:00:00Z", "2026-11-25T25:00:00Z", "2026-11-25T21:31:12.Z",
                 "2026-11-25T21:31:12Zjunk"})
    EXPECT_FALSE(parse_iso8601(s).has_value()) << s;
}

TEST(Enums, WireValuesRoundTrip) {
  for (auto v : wire_values<TicketStatus>()) EXPECT_EQ(to_string(*parse<TicketStatus>(v)), v);
  for (auto v : wire_values<TaskStatus>()) EXPECT_EQ(to_string(*parse<TaskStatus>(v)), v);
  for (auto v : wire_values<AgentStatus>()) EXPECT_EQ(to_string(*parse<AgentStatus>(v)), v);
  EXPECT_EQ(to_string(TicketStatus::building_done), "building-done");
  EXPECT_EQ(to_string(Priority::critical), "CRITICAL");
  EXPECT_FALSE(parse<Priority>("high").has_value());
  EXPECT_EQ(default_phase_ids().size(), 8u);
}

TEST(Errors, CodesHaveStableNames) {
  EXPECT_EQ(to_string(ErrorCode::task_dependency_cycle), "TASK_DEPENDENCY_CYCLE");
  EXPECT_EQ(to_string(ErrorCode::validation_failed), "VALIDATION_FAILED");
  DependencyCycle cycle({"a", "b", "a"});
  EXPECT_EQ(cycle.details()["cycle"], Json::array({"a", "b", "a"}));
  EXPECT_STREQ(cycle.what(), "Circular dependency detected: a -> b -> a");
}

TEST(JsonInput, WrongTypesAndUnknownFieldsNameTheField) {
  auto field = [](auto&& fn) { return catch_error(fn).details()["field"]; };
  EXPECT_EQ(field([] { new_project_from_json({{"name", 5}, {"key", "AB"}}); }), "name");
  EXPECT_EQ(field([] { new_project_from_json({{"name", "n"}, {"key", "AB"}, {"extra", 1}}); }), "extra");
  EXPECT_EQ(field([] { new_task_from_json({{"ticket_id", "x"}, {"title", "t"}, {"max_retries", 1.5}}); }),
            "max_retries");
  EXPECT_EQ(field([] { new_task_from_json({{"ticket_id", "x"}, {"title", "t"}, {"timeout_seconds", 1e12}}); }),
            "timeout_seconds");
  EXPECT_EQ(field([] { new_project_from_json(Json::array()); }), "body");
  auto q = ticket_query_from_json({{"limit", 5}, {"cursor", "c1.1.x"}});
  EXPECT_EQ(q.page.limit, 5);
}

TEST(JsonText, StringsAreEscapedAndInvalidUtf8IsReplaced) {
  std::string out;
  util::append_json_string(out, std::string("a\"b\\c\n\x01\xC3\xA9\xFF\xE2\x82", 12));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json::parse(out).get<std::string>(), "a\"b\\c\n\x01\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace dagboard::test
