// SPDX-License-Identifier: Apache-2.0
// A downstream host, built against an installed dagboard (find_package or pkg-config) or the
// source tree (add_subdirectory): a two-task DAG run to the end. Prints what it saw; exits 1 on
// the first surprise.
#include <cstdio>
#include <string>

#include <dagboard/dagboard.hpp>
#include <dagboard/version.hpp>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: FAILED %s\n", what.c_str());
    ++failures;
  }
}

std::string ready_titles(const dagboard::Workspace& ws, const std::string& project) {
  std::string out;
  for (const auto& t : ws.graph().ready(project).items) out += (out.empty() ? "" : ",") + t.title;
  return out;
}

}  // namespace

int main() {
  expect(dagboard::library_version() == DAGBOARD_VERSION, "the headers and the library are one version");
  auto ws = dagboard::Workspace::open("sqlite::memory:");
  auto project = ws.projects().create({.name = "Consumer", .key = "CON"});
  auto ticket = ws.tickets().create({.project_id = project.id, .title = "Ship it"});
  auto schema = ws.tasks().create({.ticket_id = ticket.id, .title = "schema"});
  ws.tasks().create({.ticket_id = ticket.id, .title = "api", .depends_on = {schema.id}});
  expect(ready_titles(ws, project.id) == "schema", "only the root is ready");

  auto agent = ws.agents().register_agent({.agent_name = "host-agent", .project_id = project.id});
  auto claimed = ws.scheduler().claim(agent.id);
  expect(claimed && claimed->id == schema.id, "the agent claims the ready task");
  ws.tasks().start(schema.id, {.agent_id = agent.id});
  ws.tasks().complete(schema.id, {.agent_id = agent.id}, {{"rows", 3}});
  expect(ready_titles(ws, project.id) == "api", "completing the root readies its dependent");

  try {
    ws.tickets().get("CON-999");
    expect(false, "a missing ticket throws");
  } catch (const dagboard::NotFound& e) {
    expect(e.code_name() == "TICKET_NOT_FOUND", "the error carries its stable code");
  }
  std::printf("consumer: dagboard %s, ticket %s, ready after the root: %s\n", dagboard::library_version_string(),
              ticket.key.c_str(), ready_titles(ws, project.id).c_str());
  return failures == 0 ? 0 : 1;
}
