// SPDX-License-Identifier: Apache-2.0
// request_schema: each request's fields, read off its reader, must say what the reader does.
#include <gtest/gtest.h>

#include <dagboard/dagboard.hpp>

namespace dagboard::test {
namespace {

std::vector<std::string> strings(const Json& list) { return list.get<std::vector<std::string>>(); }

TEST(RequestSchema, NewTicketListsItsFieldsInReadingOrder) {
  Json s = request_schema("NewTicket");
  EXPECT_EQ(s["type"], "object");
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(strings(s["required"]), (std::vector<std::string>{"project_id", "title"}));
  auto order = strings(s["x-order"]);
  ASSERT_GE(order.size(), 3u);
  EXPECT_EQ(order[0], "project_id");
  EXPECT_EQ(order[1], "title");
  EXPECT_EQ(s["properties"]["project_id"], (Json{{"type", "string"}}));
  // Optional fields also take null, read as absent.
  EXPECT_EQ(s["properties"]["priority"],
            (Json{{"anyOf",
                   {{{"type", "string"}, {"enum", {"CRITICAL", "HIGH", "MEDIUM", "LOW"}}}, {{"type", "null"}}}}}));
  EXPECT_EQ(s["properties"]["blocked_by"]["anyOf"][0],
            (Json{{"type", "array"}, {"items", {{"type", "string"}}}}));
  EXPECT_EQ(s["properties"]["approval_deadline_at"]["anyOf"][0],
            (Json{{"type", "string"}, {"format", "date-time"}}));
  EXPECT_EQ(s["properties"].size(), order.size());
}

TEST(RequestSchema, FiltersTakeOneValueOrSeveral) {
  Json s = request_schema("TaskQuery");
  Json status = s["properties"]["status"]["anyOf"][0]["anyOf"];
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0]["type"], "string");
  EXPECT_EQ(status[1]["type"], "array");
  EXPECT_EQ(status[0]["enum"], status[1]["items"]["enum"]);
  for (auto f : {"limit", "cursor", "sort", "include_total"}) EXPECT_TRUE(s["properties"].contains(f)) << f;
  EXPECT_TRUE(s["required"].empty());
}

TEST(RequestSchema, RequiredFieldsBehindChecksAreStillListed) {
  // regress needs validation_feedback; dependency lists and workflows refuse an empty request.
  EXPECT_EQ(strings(request_schema("RegressRequest")["required"]),
            (std::vector<std::string>{"to_status", "validation_feedback"}));
  EXPECT_EQ(strings(request_schema("TransitionRequest")["required"]), (std::vector<std::string>{"to_status"}));
  EXPECT_EQ(strings(request_schema("DependencyIds")["required"]), (std::vector<std::string>{"depends_on"}));
  EXPECT_EQ(strings(request_schema("Workflow")["required"]),
            (std::vector<std::string>{"name", "phases", "columns"}));
  EXPECT_EQ(strings(request_schema("TaskFail")["required"]), (std::vector<std::string>{"error_message"}));
  EXPECT_EQ(strings(request_schema("TaskCompleteById")["required"]), (std::vector<std::string>{"task_id"}));
}

TEST(RequestSchema, EveryNameDescribesAndMatchesWhatItsReaderRefuses) {
  auto names = request_schema_names();
  EXPECT_GE(names.size(), 45u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const auto& name : names) {
    Json s = request_schema(name);
    EXPECT_FALSE(s["properties"].empty()) << name;
    EXPECT_EQ(s["properties"].size(), s["x-order"].size()) << name;
    for (const auto& field : s["required"]) EXPECT_TRUE(s["properties"].contains(field)) << name;
  }
}

TEST(RequestSchema, DescribingLeavesNoStateBehind) {
  (void)request_schema("NewTicket");
  // A reader used right after describing still refuses what it refused before.
  try {
    (void)new_ticket_from_json(Json{{"title", "x"}});
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.details()["field"], "project_id");
  }
  EXPECT_THROW((void)new_ticket_from_json(Json{{"project_id", "p"}, {"title", "x"}, {"nope", 1}}),
               ValidationError);
}

TEST(RequestSchema, UnknownNameIsAValidationError) {
  try {
    (void)request_schema("NoSuchRequest");
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(e.details()["field"], "name");
  }
}

}  // namespace
}  // namespace dagboard::test
