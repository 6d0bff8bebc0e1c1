// SPDX-License-Identifier: Apache-2.0
#include <dagboard/events.hpp>

#include "core/changes.hpp"
#include "util/json_input.hpp"

namespace DAGBOARD_NAMESPACE {

Json to_json(const Event& e) {
  return Json{{"id", e.id},
              {"event_type", e.event_type},
              {"entity_type", e.entity_type},
              {"entity_id", e.entity_id},
              {"project_id", core::or_null(e.project_id)},
              {"payload", e.payload},
              {"actor", core::or_null(e.actor)},
              {"created_at", to_iso8601(e.created_at)}};
}

EventQuery event_query_from_json(const Json& j) {
  util::JsonInput in(j);
  EventQuery q;
  if (auto v = in.integer("since")) q.since = *v;
  if (auto v = in.strings("event_types")) q.event_types = *v;
  if (auto v = in.strings("entity_types")) q.entity_types = *v;
  if (auto v = in.strings("entity_ids")) q.entity_ids = *v;
  q.project_id = in.string("project_id");
  if (auto v = in.integer("limit")) q.limit = util::to_int("limit", *v);
  in.finish();
  return q;
}

EventFilter event_filter_from_json(const Json& j) {
  util::JsonInput in(j);
  EventFilter f;
  if (auto v = in.strings("event_types")) f.event_types = *v;
  if (auto v = in.strings("entity_types")) f.entity_types = *v;
  if (auto v = in.strings("entity_ids")) f.entity_ids = *v;
  f.project_id = in.string("project_id");
  in.finish();
  return f;
}

}  // namespace dagboard
