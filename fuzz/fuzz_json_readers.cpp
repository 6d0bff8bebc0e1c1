// SPDX-License-Identifier: Apache-2.0
// JSON text from outside: the bounded parse, the limits, and every request reader. Readers may
// refuse with a dagboard::Error; anything else escaping (or a crash) is a bug.
#include <dagboard/agent.hpp>
#include <dagboard/board.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>
#include <dagboard/graph.hpp>
#include <dagboard/limits.hpp>
#include <dagboard/project.hpp>
#include <dagboard/scheduler.hpp>
#include <dagboard/task.hpp>
#include <dagboard/ticket.hpp>
#include <dagboard/types.hpp>
#include <dagboard/workflow.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace {

using namespace dagboard;

template <class F>
void refused_or_read(F&& read) {
  try {
    read();
  } catch (const Error&) {
    // a coded refusal is the expected answer to bad input
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Json j;
  try {
    j = parse_json(text, "body");
  } catch (const Error&) {
    return 0;
  }
  refused_or_read([&] { check_json_value("value", j); });
  const std::function<void()> readers[] = {
      [&] { new_project_from_json(j); },      [&] { project_update_from_json(j); },
      [&] { project_query_from_json(j); },    [&] { new_ticket_from_json(j); },
      [&] { ticket_update_from_json(j); },    [&] { ticket_query_from_json(j); },
      [&] { new_task_from_json(j); },         [&] { task_update_from_json(j); },
      [&] { task_query_from_json(j); },       [&] { dependency_ids_from_json(j); },
      [&] { lifecycle_request_from_json(j, LifecycleCall::complete, true); },
      [&] { lifecycle_request_from_json(j, LifecycleCall::fail); },
      [&] { new_agent_from_json(j); },        [&] { agent_update_from_json(j); },
      [&] { heartbeat_from_json(j); },        [&] { board_move_from_json(j); },
      [&] { claim_request_from_json(j); },    [&] { ready_query_from_json(j); },
      [&] { event_filter_from_json(j); },     [&] { event_query_from_json(j); },
      [&] { workflow_from_json(j); },         [&] { page_request_from_json(j); },
      [&] { transition_request_from_json(j); }, [&] { block_request_from_json(j); },
  };
  for (const auto& read : readers) refused_or_read(read);
  return 0;
}
