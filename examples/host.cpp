// SPDX-License-Identifier: Apache-2.0
// A C++ host: plans a DAG of tasks and runs agents on threads of this process, each claiming,
// working and completing tasks until the whole graph is done. Errors arrive as dagboard::Error
// with a stable code.
//
//   host [URL] [AGENTS]      URL defaults to sqlite://host.db, AGENTS to 4
#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <dagboard/dagboard.hpp>

namespace {

using namespace dagboard;

const std::vector<std::pair<std::string, std::vector<std::string>>> kPlan = {
    {"parse", {}},         {"index", {"parse"}},         {"rank", {"index"}},
    {"snippets", {"index"}}, {"api", {"rank", "snippets"}}, {"docs", {"api"}},
};

std::string plan(const Workspace& ws) {
  auto project = ws.projects().create({.name = "Search", .key = "SRC"});
  auto ticket = ws.tickets().create({.project_id = project.id, .title = "Global search"});
  std::map<std::string, std::string> ids;
  for (const auto& [title, after] : kPlan) {
    NewTask task{.ticket_id = ticket.id, .title = title};
    for (const auto& dep : after) task.depends_on.push_back(ids.at(dep));
    ids[title] = ws.tasks().create(task).id;
  }
  return project.id;
}

// One agent: claim (waiting briefly for work), start, complete; stop when the graph is done.
int run_agent(const Workspace& ws, const std::string& project, int number) {
  auto me = ws.agents().register_agent(
      {.agent_name = "agent-" + std::to_string(number), .project_id = project});
  int done = 0;
  for (int round = 0; round < 1000; ++round) {
    auto task = ws.scheduler().claim(me.id, {.project_id = project, .wait_seconds = 0.2});
    if (!task) {
      if (ws.graph().project_progress(project).all_completed) break;
      continue;
    }
    ws.tasks().start(task->id, {.agent_id = me.id});
    ws.tasks().complete(task->id, {.agent_id = me.id}, Json{{"by", number}});
    ++done;
  }
  return done;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite://host.db";
  const int agents = argc > 2 ? std::stoi(argv[2]) : 4;
  try {
    auto ws = Workspace::open(url);
    auto project = plan(ws);
    std::atomic<int> completions{0};
    std::vector<std::thread> threads;
    for (int n = 1; n <= agents; ++n)
      threads.emplace_back([&, n] { completions += run_agent(ws, project, n); });
    for (auto& t : threads) t.join();

    auto progress = ws.graph().project_progress(project);
    std::printf("%lld tasks completed by %d agents (%d completions)\n",
                progress.by_status[std::string(to_string(TaskStatus::completed))], agents,
                completions.load());
    std::printf("all completed: %s\n", progress.all_completed ? "yes" : "no");
    try {
      ws.tasks().create({.ticket_id = "SRC-99", .title = "orphan"});
    } catch (const Error& e) {
      std::printf("refused: %s\n", std::string(e.code_name()).c_str());
    }
    return progress.all_completed && completions == static_cast<int>(kPlan.size()) ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "host: %s: %s\n", std::string(e.code_name()).c_str(), e.what());
    return 2;
  }
}
