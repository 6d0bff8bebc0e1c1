// SPDX-License-Identifier: Apache-2.0
// /api/v1/documents (upstream's planned /documents/{id}/approve|reject|versions), requirements,
// approval gates on tasks, and /api/v1/explorations.
#include <dagboard/requirements.hpp>

#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

DocumentQuery document_query(const Request& q) {
  return document_query_from_json(query_json(
      q, {.text = {"project_id", "exploration_id", "kind", "status"}, .flags = {"latest_only"}}));
}

Response content_response(const Request& q) {
  auto doc = ws(q).documents().get(q.param(0));
  Response res;
  res.body = ws(q).documents().content(q.param(0));
  res.content_type = doc.content_type;
  res.headers.emplace_back("ETag", "\"" + doc.content_hash + "\"");
  // Agents choose the content type: never let a browser run what they stored.
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
  return res;
}

Response presigned_response(const Request& q) {
  Json j = query_json(q, {.text = {}, .ints = {"expires"}});
  int expires = j.value("expires", 3600);
  return json_response(
      Json{{"url", ws(q).documents().presigned_url(q.param(0), expires)}, {"expires_in", expires}});
}

void add_document_versions(Router& r, const std::string& base) {
  r.post(base, [](Request& q) {
    return created_response(
        q, to_json(ws(q).documents().store(new_document_from_json(body_json(q)))), "/api/v1/documents/{id}");
  });
  r.get(base, [](Request& q) {
    return page_response(q, "documents", ws(q).documents().list(document_query(q)));
  });
  r.get(base + "/{id}",
        [](Request& q) { return object_response(q, to_json(ws(q).documents().get(q.param(0)))); });
  r.get(base + "/{id}/content", content_response);
  r.get(base + "/{id}/presigned-url", presigned_response);
  r.get(base + "/{id}/versions", [](Request& q) {
    return list_response(q, "versions", json_array(ws(q).documents().versions(q.param(0))),
                         std::nullopt);
  });
  r.post(base + "/{id}/versions", [](Request& q) {
    auto req = new_document_version_from_json(body_json(q));
    return created_response(q, to_json(ws(q).documents().save_version(q.param(0), req)), "/api/v1/documents/{id}");
  });
}

void add_document_approval(Router& r, const std::string& base) {
  r.post(base + "/{id}/submit", [](Request& q) {
    body_json(q);  // any body must still be JSON
    return object_response(q, to_json(ws(q).documents().submit(q.param(0))));
  });
  r.post(base + "/{id}/approve", [](Request& q) {
    Json body = body_json(q);
    return object_response(
        q, to_json(ws(q).documents().approve(q.param(0), optional_string(body, "approved_by"))));
  });
  r.post(base + "/{id}/reject", [](Request& q) {
    Json body = body_json(q);
    auto doc = ws(q).documents().reject(q.param(0), required_string(body, "reason"),
                                        optional_string(body, "rejected_by"));
    return object_response(q, to_json(doc));
  });
}

void add_requirement_routes(Router& r, const std::string& base) {
  r.get(base + "/{id}/requirements", [](Request& q) {
    return list_response(q, "requirements", json_array(ws(q).documents().requirements(q.param(0))),
                         std::nullopt);
  });
  r.post(base + "/{id}/requirements/{req}/tasks", [](Request& q) {
    Json body = body_json(q);
    return object_response(q, to_json(ws(q).documents().link_requirement(
                                  q.param(0), q.param(1), required_string(body, "task_id"))));
  });
  r.del(base + "/{id}/requirements/{req}/tasks/{task}", [](Request& q) {
    return object_response(
        q, to_json(ws(q).documents().unlink_requirement(q.param(0), q.param(1), q.param(2))));
  });
  r.post("/api/v1/requirements/extract", [](Request& q) {
    return json_response(to_json(extract_requirements(required_string(body_json(q), "content"))));
  });
}

void add_task_document_routes(Router& r) {
  const std::string base = "/api/v1/tasks/{id}";
  r.get(base + "/requirements", [](Request& q) {
    return list_response(q, "requirements",
                         json_array(ws(q).documents().requirements_for_task(q.param(0))),
                         std::nullopt);
  });
  r.get(base + "/approval-gates", [](Request& q) {
    return list_response(q, "approval_gates",
                         json_array(ws(q).documents().approval_gates(q.param(0))), std::nullopt);
  });
  r.post(base + "/approval-gates", [](Request& q) {
    Json body = body_json(q);
    return created_response(
        q, to_json(ws(q).documents().require_approval(q.param(0), required_string(body, "document_id"))),
        "/api/v1/tasks/" + q.param(0) + "/approval-gates");
  });
  r.del(base + "/approval-gates/{document}", [](Request& q) {
    ws(q).documents().remove_approval_gate(q.param(0), q.param(1));
    return empty_response();
  });
}

void add_exploration_routes(Router& r) {
  const std::string base = "/api/v1/explorations";
  r.post(base, [](Request& q) {
    return created_response(
        q, to_json(ws(q).explorations().start(new_exploration_from_json(body_json(q)))), "/api/v1/explorations/{id}");
  });
  r.get(base, [](Request& q) {
    Json j = query_json(q, {.text = {"project_id"}});
    auto project = q.arg("project_id");
    j.erase("project_id");
    return page_response(q, "explorations",
                         ws(q).explorations().list(project, page_request_from_json(j)));
  });
  r.get(base + "/{id}", [](Request& q) {
    return object_response(q, to_json(ws(q).explorations().get(q.param(0))));
  });
  r.post(base + "/{id}/messages", [](Request& q) {
    Json body = body_json(q);
    auto e = ws(q).explorations().add_message(q.param(0), required_string(body, "role"),
                                              required_string(body, "content"));
    return object_response(q, to_json(e));
  });
  r.get(base + "/{id}/questions", [](Request& q) {
    return list_response(q, "questions", json_array(ws(q).explorations().questions(q.param(0))),
                         std::nullopt);
  });
  r.post(base + "/{id}/questions", [](Request& q) {
    auto req = new_exploration_question_from_json(body_json(q));
    return created_response(q, to_json(ws(q).explorations().ask(q.param(0), req)),
                            "/api/v1/explorations/" + q.param(0) + "/questions");
  });
  r.post("/api/v1/questions/{id}/answer", [](Request& q) {
    return object_response(q, to_json(ws(q).explorations().answer(
                                  q.param(0), required_string(body_json(q), "answer_text"))));
  });
}

// /requirements and /designs: the documents of one kind (upstream keeps them in two tables).
void add_kind_routes(Router& r, const std::string& base, const std::string& kind) {
  r.post(base, [kind](Request& q) {
    Json body = body_json(q);
    if (body.contains("kind") && body["kind"] != kind)
      throw ValidationError("kind", "this route stores " + kind + " documents");
    body["kind"] = kind;
    return created_response(q, to_json(ws(q).documents().store(new_document_from_json(body))), "/api/v1/documents/{id}");
  });
  r.get(base, [kind](Request& q) {
    if (q.arg("kind") && *q.arg("kind") != kind)
      throw ValidationError("kind", "this route lists " + kind + " documents");
    DocumentQuery query = document_query(q);
    query.kind = kind;
    return page_response(q, "documents", ws(q).documents().list(query));
  });
  r.get(base + "/{id}", [kind](Request& q) {
    Document d = ws(q).documents().get(q.param(0));
    if (d.kind != kind)
      throw NotFound(ErrorCode::document_not_found, kind + " document", q.param(0));
    return object_response(q, to_json(d));
  });
}

}  // namespace

void add_document_routes(Router& r) {
  const std::string base = "/api/v1/documents";
  add_document_versions(r, base);
  add_document_approval(r, base);
  add_requirement_routes(r, base);
  add_task_document_routes(r);
  add_exploration_routes(r);
  add_kind_routes(r, "/api/v1/requirements", "requirements");
  add_kind_routes(r, "/api/v1/designs", "design");
  r.get("/api/v1/explorations/{id}/documents", [](Request& q) {
    DocumentQuery query = document_query(q);
    query.exploration_id = ws(q).explorations().get(q.param(0)).id;
    return page_response(q, "documents", ws(q).documents().list(query));
  });
}

}  // namespace dagboard::server
