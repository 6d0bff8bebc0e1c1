// SPDX-License-Identifier: Apache-2.0
// The board view as JSON text, written directly: a 1,000-ticket board is ~250 KB, and building a
// Json tree of it first costs more than writing it.
#include <dagboard/board.hpp>

#include "util/json_writer.hpp"

namespace DAGBOARD_NAMESPACE {
namespace {

void write_card(util::JsonWriter& w, const BoardCard& t) {
  w.begin_object()
      .key("agent_ids").begin_array();
  for (const auto& a : t.agent_ids) w.value(a);
  w.end_array()
      .key("approval_status").value(t.approval_status)
      .key("blocked_reason");
  if (t.blocked_reason) w.value(*t.blocked_reason); else w.null();
  w.key("commit_count").value(t.commit_count)
      .key("context").value(t.context)
      .key("deletions").value(t.deletions)
      .key("id").value(t.id)
      .key("insertions").value(t.insertions)
      .key("is_blocked").value(t.is_blocked)
      .key("key").value(t.key)
      .key("phase_id").value(t.phase_id)
      .key("priority").value(t.priority)
      .key("status").value(t.status)
      .key("tasks_completed").value(t.tasks_completed)
      .key("tasks_stranded").value(t.tasks_stranded)
      .key("tasks_total").value(t.tasks_total)
      .key("title").value(t.title)
      .end_object();
}

}  // namespace

std::string to_json_text(const BoardView& v) {
  std::string out;
  size_t cards = 0;
  for (const auto& c : v.columns) cards += c.tickets.size();
  out.reserve(512 + cards * 256);
  util::JsonWriter w(out);
  w.begin_object().key("columns").begin_array();
  for (const auto& c : v.columns) {
    w.begin_object();
    Json column = to_json(c.column);  // a variable: items() of a temporary would dangle
    for (auto& [name, value] : column.items()) w.key(name).value(value);
    w.key("current_count").value(c.current_count).key("wip_exceeded").value(c.wip_exceeded);
    w.key("tickets").begin_array();
    for (const auto& t : c.tickets) write_card(w, t);
    w.end_array().end_object();
  }
  w.end_array().key("last_event_id").value(v.last_event_id);
  w.key("project_id").value(v.project_id).end_object();
  return out;
}

}  // namespace dagboard
