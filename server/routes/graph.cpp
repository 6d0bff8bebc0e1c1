// SPDX-License-Identifier: Apache-2.0
// /api/v1/graph (upstream §3.2) plus ready work, order, waves and the critical path.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

Json brief(const Task& t) {
  return Json{{"id", t.id},
              {"title", t.title},
              {"description", t.description ? Json(*t.description) : Json(t.title)},
              {"status", to_string(t.status)},
              {"priority", to_string(t.priority)},
              {"phase_id", t.phase_id}};
}

/// The export as JSON, or rendered as DOT / Mermaid text when `format=` asks for it.
Response graph_response(const Request& q, Json graph) {
  auto format = q.arg("format").value_or("json");
  Response r;
  if (format == "json") return object_response(q, std::move(graph));
  if (format == "dot") {
    r.body = graph_to_dot(graph);
    r.content_type = "text/vnd.graphviz; charset=utf-8";
  } else if (format == "mermaid") {
    r.body = graph_to_mermaid(graph);
    r.content_type = "text/plain; charset=utf-8";
  } else {
    throw ValidationError("format", "format must be json, dot or mermaid, got '" + format + "'");
  }
  return r;
}

void add_exports(Router& r, const std::string& base) {
  r.get(base + "/ticket/{id}", [](Request& q) {
    query_json(q, {.text = {"format"}, .flags = {"include_resolved", "include_discoveries"}});
    GraphExportOptions options{query_flag(q, "include_resolved", true),
                               query_flag(q, "include_discoveries", true)};
    return graph_response(q, ws(q).graph().ticket_graph(q.param(0), options));
  });
  r.get(base + "/project/{id}", [](Request& q) {
    query_json(q, {.text = {"format"}, .flags = {"include_resolved"}});
    return graph_response(
        q, ws(q).graph().project_graph(q.param(0), query_flag(q, "include_resolved", true)));
  });
  r.get(base + "/task/{id}/blocked", [](Request& q) {
    Json tasks = Json::array();
    for (const auto& t : ws(q).graph().blocking(q.param(0))) tasks.push_back(brief(t));
    size_t count = tasks.size();
    return json_response(Json{
        {"task_id", q.param(0)}, {"blocked_tasks", std::move(tasks)}, {"blocked_count", count}});
  });
  r.get(base + "/task/{id}/blocking", [](Request& q) {
    Json tasks = Json::array();
    bool all_complete = true;
    for (const auto& t : ws(q).graph().blocked_by(q.param(0))) {
      Json b = brief(t);
      b["is_complete"] = t.status == TaskStatus::completed;
      all_complete = all_complete && t.status == TaskStatus::completed;
      tasks.push_back(std::move(b));
    }
    return json_response(Json{{"task_id", q.param(0)},
                              {"blocking_tasks", std::move(tasks)},
                              {"all_dependencies_complete", all_complete}});
  });
}

void add_scheduling_views(Router& r, const std::string& base) {
  r.get(base + "/ready", [](Request& q) {
    auto query =
        ready_query_from_json(query_json(q, {.text = {"phase_id"}, .lists = {"capabilities"}}));
    return page_response(q, "tasks", ws(q).graph().ready(q.param(0), query));
  });
  r.get(base + "/stranded", [](Request& q) {
    return json_response(Json{{"project_id", q.param(0)},
                              {"tasks", json_array(ws(q).graph().stranded(q.param(0)))}});
  });
  r.get(base + "/progress", [](Request& q) {
    return object_response(q, to_json(ws(q).graph().project_progress(q.param(0))));
  });
  r.get(base + "/topological-order", [](Request& q) {
    return json_response(Json{{"project_id", q.param(0)},
                              {"task_ids", ws(q).graph().topological_order(q.param(0))}});
  });
  r.get(base + "/layers", [](Request& q) {
    return json_response(
        Json{{"project_id", q.param(0)}, {"layers", ws(q).graph().layers(q.param(0))}});
  });
  r.get(base + "/critical-path", [](Request& q) {
    query_json(q, {.text = {}, .flags = {"weighted"}});
    return object_response(
        q, to_json(ws(q).graph().critical_path(q.param(0), query_flag(q, "weighted", false))));
  });
}

}  // namespace

void add_graph_routes(Router& r) {
  add_exports(r, "/api/v1/graph/dependency-graph");
  add_scheduling_views(r, "/api/v1/graph/project/{id}");
  r.get("/api/v1/graph/ticket/{id}/progress", [](Request& q) {
    return object_response(q, to_json(ws(q).graph().ticket_progress(q.param(0))));
  });
}

}  // namespace dagboard::server
