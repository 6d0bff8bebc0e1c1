// SPDX-License-Identifier: Apache-2.0
#include <dagboard/search.hpp>

#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

Json opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

// Upstream's group names: tickets, tasks, commits, agents (and ours: documents).
std::string plural(SearchType t) { return std::string(to_string(t)) + "s"; }

}  // namespace

Json to_json(const SearchRebuild& r) { return Json{{"documents", r.documents}}; }

Json to_json(const SearchHit& h) {
  Json marks = Json::array();
  for (const auto& [b, e] : h.marks) marks.push_back(Json::array({b, e}));
  Json j{{"type", to_string(h.type)}, {"id", h.id},          {"title", h.title},
         {"snippet", h.snippet},      {"marks", marks},      {"score", h.score},
         {"exact", h.exact},          {"project_id", opt(h.project_id)}};
  if (h.type == SearchType::ticket) j["key"] = opt(h.key);
  if (h.type != SearchType::commit) j["status"] = opt(h.status);
  if (h.type == SearchType::ticket || h.type == SearchType::task) j["priority"] = opt(h.priority);
  return j;
}

Json to_json(const SearchResults& r) {
  Json exact = Json::array();
  for (const auto& h : r.exact) exact.push_back(to_json(h));
  Json j{{"q", r.q}, {"words", r.words}, {"total", r.total}, {"exact", exact}};
  for (const auto& g : r.groups) {
    Json items = Json::array();
    for (const auto& h : g.hits) items.push_back(to_json(h));
    j[plural(g.type)] = Json{{"total", g.total}, {"items", items}, {"next_cursor", opt(g.next_cursor)}};
  }
  return j;
}

SearchQuery search_query_from_json(const Json& j) {
  util::JsonInput in(j);
  SearchQuery q;
  q.q = in.required_string("q");
  q.types = in.any_of_enum<SearchType>("types").values;
  q.project_id = in.string("project_id");
  q.status = in.any_of("status");
  q.priority.values.clear();
  for (auto p : in.any_of_enum<Priority>("priority").values) q.priority.values.emplace_back(to_string(p));
  q.date_from = in.time("date_from");
  q.date_to = in.time("date_to");
  q.agent_id = in.string("agent_id");
  if (auto limit = in.integer("limit")) q.limit = util::to_int("limit", *limit);
  q.cursor = in.string("cursor");
  in.finish();
  return q;
}

}  // namespace dagboard
