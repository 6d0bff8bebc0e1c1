// SPDX-License-Identifier: Apache-2.0
// Reading requirements out of markdown: the shapes agents write, exact fields.
#include <gtest/gtest.h>

#include <dagboard/dagboard.hpp>

#include "support.hpp"

namespace dagboard::test {
namespace {

TEST(Requirements, HeadingsListsBoldAndMetadata) {
  auto r = extract_requirements(
      "# Spec\n"
      "## Performance requirements\n"
      "### REQ-001 - Fast refunds\n"
      "**Priority:** High | **Source:** Q3\n"
      "WHILE the ledger is online, WHEN a refund is requested THE SYSTEM SHALL answer in 200 ms.\n"
      "Measured at p99.\n"
      "## Other\n"
      "1. REQ-AUTH-012: WHERE SSO is enabled THE SYSTEM SHALL accept SAML assertions.\n"
      "   Category: Non Functional\n"
      "* `REQ-3` plain words without the modal verb\n"
      "```\n"
      "### REQ-999: inside a code block\n"
      "```\n"
      "See REQ-001 for details (a mention, not a requirement).\n");
  ASSERT_EQ(r.requirements.size(), 3u);
  const auto& a = r.requirements[0];
  EXPECT_EQ(a.requirement_id, "REQ-001");
  EXPECT_EQ(a.requirement_number, 1);
  EXPECT_EQ(a.title, "Fast refunds");
  EXPECT_EQ(a.category, "performance");
  EXPECT_EQ(a.priority, "HIGH");
  EXPECT_EQ(a.source, "Q3");
  EXPECT_EQ(
      a.ears_format,
      "WHILE the ledger is online, WHEN a refund is requested THE SYSTEM SHALL answer in 200 ms.");
  EXPECT_EQ(a.ears_pattern, "complex");
  EXPECT_EQ(a.description,
            "WHILE the ledger is online, WHEN a refund is requested THE SYSTEM SHALL answer in 200 "
            "ms. Measured at p99.");
  EXPECT_EQ(a.line, 3);
  const auto& b = r.requirements[1];
  EXPECT_EQ(b.requirement_id, "REQ-AUTH-012");
  EXPECT_EQ(b.requirement_number, 12);
  EXPECT_EQ(b.title, std::nullopt);  // the sentence is the requirement, not a title
  EXPECT_EQ(b.ears_pattern, "optional_feature");
  EXPECT_EQ(b.category, "non-functional");
  const auto& c = r.requirements[2];
  EXPECT_EQ(c.requirement_id, "REQ-3");
  EXPECT_EQ(c.category, "functional");  // "## Other" ended the performance section
  EXPECT_EQ(c.ears_format, std::nullopt);
  EXPECT_EQ(c.description, "plain words without the modal verb");
  EXPECT_EQ(r.by_category, (std::map<std::string, long long>{
                               {"functional", 1}, {"non-functional", 1}, {"performance", 1}}));
}

TEST(Requirements, EarsPatterns) {
  EXPECT_EQ(ears_pattern("The system shall log refunds."), "ubiquitous");
  EXPECT_EQ(ears_pattern("WHEN a refund is made THE SYSTEM SHALL notify."), "event_driven");
  EXPECT_EQ(ears_pattern("While offline the system shall queue."), "state_driven");
  EXPECT_EQ(ears_pattern("IF the card is expired THEN THE SYSTEM SHALL refuse."),
            "unwanted_behavior");
  EXPECT_EQ(ears_pattern("Where SSO is on the system shall use it."), "optional_feature");
  EXPECT_EQ(ears_pattern("If it rains, then we stay."), std::nullopt);
  EXPECT_EQ(ears_pattern("Marshall shallow things"), std::nullopt);  // words, not substrings
}

TEST(Requirements, NotRequirementsAndDuplicates) {
  EXPECT_TRUE(extract_requirements("REQ-ABC is not numbered\nREQ-1x neither\nXREQ-1 nor this\n")
                  .requirements.empty());
  try {
    extract_requirements("## REQ-001: a\n\n- REQ-002: b\n- REQ-001: again\n");
    FAIL() << "duplicate ids must be refused";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.details().at("requirement_id"), "REQ-001");
    EXPECT_EQ(e.details().at("lines"), Json::array({1, 4}));
    EXPECT_EQ(e.details().at("field"), "content");
  }
}

TEST(Requirements, DesignOutline) {
  auto o = outline_design(
      "# Title\n## Components\n### Ledger ##\n```mermaid\ngraph TD\n## not a heading\n```\n"
      "```puml\n```\n```python\n```\n```mermaid\n```\n");
  EXPECT_EQ(o.sections, (std::vector<std::string>{"Components", "Ledger"}));
  EXPECT_EQ(o.diagrams_included, (std::vector<std::string>{"mermaid", "plantuml"}));
}

TEST(Discoveries, TitleAndPriorityRules) {
  EXPECT_EQ(discovery_title("  short  "), "short");
  EXPECT_EQ(discovery_title(std::string(61, 'x')), std::string(60, 'x') + "...");
  EXPECT_EQ(discovery_title(std::string(20, 'a') + " " + std::string(50, 'b')),
            std::string(20, 'a') + " " + std::string(39, 'b') + "...");
  EXPECT_EQ(discovery_title(std::string(40, 'a') + " " + std::string(30, 'b')),
            std::string(40, 'a') + "...");
  std::string accents(30, 'e');
  for (int i = 0; i < 20; ++i) accents += "\xC3\xA9";  // é: a cut never splits one
  EXPECT_TRUE(discovery_title(accents).size() <= 63);
  EXPECT_EQ(discovery_title(accents).substr(0, 30), std::string(30, 'e'));
  EXPECT_EQ(boosted_priority(Priority::low, true), Priority::medium);
  EXPECT_EQ(boosted_priority(Priority::high, true), Priority::critical);
  EXPECT_EQ(boosted_priority(Priority::critical, true), Priority::critical);
  EXPECT_EQ(boosted_priority(Priority::low, false), Priority::low);
}

}  // namespace
}  // namespace dagboard::test
