// SPDX-License-Identifier: Apache-2.0
// Requirements read out of a requirements document's markdown: REQ-001-style ids, EARS
// sentences ("WHEN ... THE SYSTEM SHALL ..."), category and priority. See docs/documents.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dagboard/version.hpp>
#include <dagboard/types.hpp>

namespace DAGBOARD_NAMESPACE {

/// One requirement as written in a document.
struct ExtractedRequirement {
  std::string requirement_id;   // "REQ-001", "REQ-AUTH-012"
  int requirement_number = 0;   // 1, 12: the id's trailing number
  std::optional<std::string> title;
  std::string description;
  std::optional<std::string> ears_format;   // the EARS sentence, whitespace collapsed
  std::optional<std::string> ears_pattern;  // ubiquitous, event_driven, state_driven,
                                            // unwanted_behavior, optional_feature, complex
  std::string category = "functional";      // lower case, as written or from the section heading
  std::optional<std::string> priority;      // CRITICAL, HIGH, MEDIUM, LOW
  std::optional<std::string> source;
  int line = 0;                             // 1-based line of the id
};

struct RequirementExtraction {
  std::vector<ExtractedRequirement> requirements;  // in document order
  std::map<std::string, long long> by_category;
};

/// Reads every requirement of `markdown`. @throws ValidationError when an id appears twice
/// (details: requirement_id, lines).
RequirementExtraction extract_requirements(std::string_view markdown);

/// The EARS pattern of a sentence, or nullopt when it has no SHALL.
std::optional<std::string> ears_pattern(std::string_view sentence);

/// Headings (## and deeper, text only) and the languages of diagram code blocks (mermaid,
/// plantuml, dot, graphviz) of a design document.
struct DesignOutline {
  std::vector<std::string> sections;
  std::vector<std::string> diagrams_included;
};
DesignOutline outline_design(std::string_view markdown);

Json to_json(const ExtractedRequirement& r);
Json to_json(const RequirementExtraction& r);

}  // namespace dagboard
