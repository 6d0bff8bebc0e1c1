// SPDX-License-Identifier: Apache-2.0
// /api/v1/tasks (upstream §3.3): CRUD, dependencies, lifecycle.
#include "routes/routes.hpp"

namespace DAGBOARD_NAMESPACE::server {
namespace {

std::vector<std::string> depends_on(const Request& q) { return dependency_ids_from_json(body_value(q)); }

bool all_complete(const std::vector<Task>& tasks) {
  for (const auto& t : tasks)
    if (t.status != TaskStatus::completed) return false;
  return true;
}

Json dependencies_json(const Request& q, const Task& t) {
  return Json{{"task_id", t.id},
              {"depends_on", t.depends_on},
              {"dependencies_complete", all_complete(ws(q).graph().blocked_by(t.id))}};
}

void add_crud(Router& r, const std::string& base) {
  r.post(base, [](Request& q) {
    return created_response(q, to_json(ws(q).tasks().create(new_task_from_json(body_json(q)))), "/api/v1/tasks/{id}");
  });
  r.post(base + "/batch", [](Request& q) {
    Json body = body_json(q);
    if (!body.contains("tasks") || !body["tasks"].is_array())
      throw ValidationError("tasks", "tasks must be a list of new tasks");
    std::vector<NewTask> reqs;
    for (const auto& item : body["tasks"]) reqs.push_back(new_task_from_json(item));
    return list_response(q, "tasks", json_array(ws(q).tasks().create_many(reqs)), std::nullopt);
  });
  r.get(base, [](Request& q) {
    auto query = task_query_from_json(query_json(
        q, {.text = {"project_id", "ticket_id", "status", "phase_id", "assigned_agent_id"}}));
    return page_response(q, "tasks", ws(q).tasks().list(query));
  });
  r.get(base + "/{id}",
        [](Request& q) { return object_response(q, to_json(ws(q).tasks().get(q.param(0)))); });
  auto update = [](Request& q) {
    return object_response(
        q, to_json(ws(q).tasks().update(q.param(0), task_update_from_json(body_json(q)))));
  };
  r.patch(base + "/{id}", update);
  r.put(base + "/{id}", update);
}

void add_dependencies(Router& r, const std::string& base) {
  r.get(base + "/{id}/dependencies", [](Request& q) {
    Task t = ws(q).tasks().get(q.param(0));
    Json body = dependencies_json(q, t);
    Json blocked = Json::array();
    for (const auto& d : ws(q).graph().blocking(t.id))
      blocked.push_back({{"id", d.id},
                         {"description", d.description ? Json(*d.description) : Json(d.title)},
                         {"status", to_string(d.status)}});
    body["blocked_tasks"] = std::move(blocked);
    return json_response(body);
  });
  r.post(base + "/{id}/dependencies", [](Request& q) {
    return json_response(
        dependencies_json(q, ws(q).tasks().add_dependencies(q.param(0), depends_on(q))));
  });
  r.put(base + "/{id}/dependencies", [](Request& q) {
    return json_response(
        dependencies_json(q, ws(q).tasks().set_dependencies(q.param(0), depends_on(q))));
  });
  r.del(base + "/{id}/dependencies/{dep}", [](Request& q) {
    return json_response(
        dependencies_json(q, ws(q).tasks().remove_dependency(q.param(0), q.param(1))));
  });
  r.post(base + "/{id}/check-circular", [](Request& q) {
    auto cycle = ws(q).tasks().check_cycle(q.param(0), depends_on(q));
    return json_response(Json{{"has_circular_dependency", cycle.has_value()},
                              {"cycle", cycle ? Json(*cycle) : Json()}});
  });
}

void add_lifecycle(Router& r, const std::string& base) {
  r.post(base + "/{id}/start", [](Request& q) {
    auto call = lifecycle_request_from_json(body_json(q), LifecycleCall::start);
    return object_response(q, to_json(ws(q).tasks().start(q.param(0), call.by)));
  });
  r.post(base + "/{id}/complete", [](Request& q) {
    auto call = lifecycle_request_from_json(body_json(q), LifecycleCall::complete);
    return object_response(q, to_json(ws(q).tasks().complete(q.param(0), call.by, call.result)));
  });
  r.post(base + "/{id}/fail", [](Request& q) {
    auto call = lifecycle_request_from_json(body_json(q), LifecycleCall::fail);
    return object_response(q, to_json(ws(q).tasks().fail(q.param(0), call.by, call.error_message)));
  });
  r.post(base + "/{id}/cancel", [](Request& q) {
    auto call = lifecycle_request_from_json(body_json(q), LifecycleCall::cancel);
    return object_response(q, to_json(ws(q).tasks().cancel(q.param(0), call.by, call.reason)));
  });
  r.post(base + "/check-timeouts", [](Request& q) {
    return json_response(Json{{"timed_out", ws(q).tasks().check_timeouts()}});
  });
}

}  // namespace

void add_task_routes(Router& r) {
  const std::string base = "/api/v1/tasks";
  add_crud(r, base);
  add_dependencies(r, base);
  add_lifecycle(r, base);
}

}  // namespace dagboard::server
