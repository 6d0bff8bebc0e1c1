// SPDX-License-Identifier: Apache-2.0
// Opens (or creates) a dagboard database, seeds a demo project once, and prints it.
//
//   quickstart [URL]      URL defaults to sqlite://dagboard.db
#include <cstdio>
#include <map>
#include <string>

#include <dagboard/dagboard.hpp>

namespace {

using namespace dagboard;

constexpr const char* kRefundSpec = R"(# Refund requirements
## Functional requirements
### REQ-001: Refund request
WHEN a customer asks for a refund THE SYSTEM SHALL create a refund record.
### REQ-002: Partial refunds
Priority: high
THE SYSTEM SHALL allow refunds of part of a charge.
## Security requirements
### REQ-003: Ceiling
IF the amount exceeds the charge THEN THE SYSTEM SHALL refuse the refund.
)";

constexpr const char* kRefundDesign = R"(# Refund API design
## Endpoint
POST /refunds {charge_id, amount}
## Flow
```mermaid
graph LR; API --> Ledger
```
)";

// A reviewed spec the API task follows, and a design still in review that the docs task waits on.
void seed_documents(const Workspace& ws, const Project& project, const std::string& api_task,
                    const std::string& docs_task) {
  auto docs = ws.documents();
  auto spec = docs.store({.kind = "requirements", .project_id = project.id, .title = "Refund requirements",
                          .content = kRefundSpec});
  docs.submit(spec.id);
  docs.approve(spec.id, "product-owner");
  docs.link_requirement(spec.id, "REQ-001", api_task);
  auto design = docs.store({.kind = "design", .project_id = project.id, .requirements_id = spec.id,
                            .title = "Refund API design", .content = kRefundDesign});
  docs.submit(design.id);
  docs.require_approval(docs_task, design.id);
}

void seed_demo(const Workspace& ws) {
  auto project = ws.projects().create({.name = "Agent fleet demo",
                                       .key = "DEMO",
                                       .description = "Seeded by examples/quickstart",
                                       .github_owner = "acme",
                                       .github_repo = "payments"});
  auto refunds = ws.tickets().create({.project_id = project.id,
                                      .title = "Refund flow",
                                      .phase_id = "PHASE_IMPLEMENTATION",
                                      .status = TicketStatus::building,
                                      .priority = Priority::high});
  auto docs = ws.tickets().create({.project_id = project.id,
                                   .title = "Document the refund API",
                                   .priority = Priority::medium,
                                   .blocked_by = {refunds.key}});
  std::string schema = "a1f0c3d2-0000-4000-8000-00000000d001";
  std::string api = "a1f0c3d2-0000-4000-8000-00000000d002";
  std::string reference = "a1f0c3d2-0000-4000-8000-00000000d004";
  ws.tasks().create_many({
      {.id = schema, .ticket_id = refunds.id, .title = "Design the refunds table",
       .priority = Priority::high, .required_capabilities = {"sql"}, .estimate = 2.0},
      {.id = api, .ticket_id = refunds.id, .title = "POST /refunds endpoint",
       .depends_on = {schema}, .required_capabilities = {"python"}, .estimate = 3.0},
      {.ticket_id = refunds.id, .title = "Integration tests", .task_type = "run_tests",
       .phase_id = "PHASE_TESTING", .depends_on = {api}, .estimate = 1.5},
      {.id = reference, .ticket_id = docs.id, .title = "Write the API reference", .task_type = "write_docs"},
  });
  seed_documents(ws, project, api, reference);
  ws.agents().register_agent({.agent_name = "worker-1", .project_id = project.id,
                              .phase_id = "PHASE_IMPLEMENTATION",
                              .capabilities = {"sql", "python"}, .capacity = 2});
}

void print_demo(const Workspace& ws) {
  auto project = ws.projects().get("DEMO");
  std::printf("Project %s  %s  (%s)\n", project.key.c_str(), project.name.c_str(),
              std::string(to_string(project.status)).c_str());
  auto tickets = ws.tickets().list({.project_id = project.id, .page = {.limit = 1000}});
  std::map<std::string, std::string> titles;
  for (const auto& task : ws.tasks().list({.project_id = project.id, .page = {.limit = 1000}}).items)
    titles[task.id] = task.title;
  for (const auto& t : tickets.items) {
    std::printf("\n  %-8s [%s] %-8s %s\n", t.key.c_str(), std::string(to_string(t.status)).c_str(),
                std::string(to_string(t.priority)).c_str(), t.title.c_str());
    for (const auto& blocker : t.blocked_by)
      std::printf("           blocked by %s\n", ws.tickets().get(blocker).key.c_str());
    auto tasks = ws.tasks().list({.ticket_id = t.id, .page = {.limit = 1000}});
    for (const auto& task : tasks.items) {
      std::printf("    - %-34s %-10s %s\n", task.title.c_str(),
                  std::string(to_string(task.status)).c_str(), task.phase_id.c_str());
      for (const auto& dep : task.depends_on)
        std::printf("        after: %s\n", titles[dep].c_str());
    }
  }
  std::printf("\n  Documents:\n");
  for (const auto& d : ws.documents().list({.project_id = project.id}).items)
    std::printf("    %-22s %-12s v%d  %-14s %s\n", d.title.c_str(), d.kind.c_str(), d.version, d.status.c_str(),
                d.kind == "requirements" ? (std::to_string(d.total_requirements) + " requirements").c_str()
                                         : (std::to_string(d.sections.size()) + " sections").c_str());
  std::printf("\n  Ready now:");
  for (const auto& t : ws.graph().ready(project.id).items) std::printf("  %s", t.title.c_str());
  std::printf("\n  Critical path:");
  for (const auto& id : ws.graph().critical_path(project.id, /*weighted=*/true).task_ids)
    std::printf("  %s", titles[id].c_str());
  std::printf("\n");
  auto agents = ws.agents().list({.project_id = project.id});
  std::printf("\n  Agents:\n");
  for (const auto& a : agents.items)
    std::printf("    %s  %s  capacity %d\n", a.agent_name.value_or(a.id).c_str(),
                std::string(to_string(a.status)).c_str(), a.capacity);
  std::printf("\n  %lld events in the log.\n", ws.events().last_id());
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "sqlite://dagboard.db";
  try {
    auto ws = dagboard::Workspace::open(url).as_actor("quickstart");
    if (!ws.projects().find("DEMO")) {
      try {
        seed_demo(ws);
      } catch (const dagboard::Conflict&) {
        // Another quickstart seeded it at the same moment; print theirs.
      }
    }
    std::printf("dagboard quickstart on %s (schema %d)\n\n", url.c_str(), ws.schema_version());
    print_demo(ws);
    return 0;
  } catch (const dagboard::Error& e) {
    std::fprintf(stderr, "quickstart: %s: %s\n", std::string(e.code_name()).c_str(), e.what());
    return 1;
  }
}
