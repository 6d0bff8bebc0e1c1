// SPDX-License-Identifier: Apache-2.0
// Every /api/v1 route, as the OpenAPI document describes it. The router is the truth about
// which routes exist; tests/server/test_openapi.py checks this table against it both ways and
// checks the server tests' real responses against the schemas it names.
#include "openapi/openapi.hpp"

#include <vector>

namespace DAGBOARD_NAMESPACE::server {
namespace {

constexpr const char* kApproval =
    "object ticket_id,status,approval_status,deadline_at,requested_by_agent_id,rejection_reason";
constexpr const char* kGraph = "object nodes,edges";
constexpr const char* kSeries = "object bucket,from,to";
constexpr const char* kRange = "from,to,bucket";

// Op(method, path, summary).query(...).body(...).returns(...).status(...).open()
struct Op {
  Operation o;
  Op(const char* method, const char* path, const char* summary) : o{method, path, summary} {}
  Op& query(const char* v) {
    o.query = v;
    return *this;
  }
  Op& body(const char* v) {
    o.body = v;
    return *this;
  }
  Op& returns(const char* v) {
    o.returns = v;
    return *this;
  }
  Op& status(int v) {
    o.status = v;
    return *this;
  }
  Op& open() {
    o.open = true;
    return *this;
  }
  operator Operation() const { return o; }  // NOLINT: the table reads as a list of ops
};

const std::vector<Operation> kOperations = {
    // Health and this document: no token.
    Op("GET", "/api/v1/health", "Liveness: the process answers").returns("object status,backend,schema_version").open(),
    Op("GET", "/api/v1/health/ready", "Readiness: the database answers (503 UNAVAILABLE otherwise)").returns("object status,database,last_event_id").open(),
    Op("GET", "/api/v1/openapi.json", "This OpenAPI document").returns("object openapi,info,paths,components").open(),

    // Projects
    Op("POST", "/api/v1/projects", "Create a project").body("NewProject").returns("Project").status(201),
    Op("GET", "/api/v1/projects", "List projects").query("ProjectQuery").returns("page projects Project"),
    Op("GET", "/api/v1/projects/{id}", "Get a project by id or key").returns("Project"),
    Op("PATCH", "/api/v1/projects/{id}", "Update a project (If-Match: its version)").body("ProjectUpdate").returns("Project"),
    Op("DELETE", "/api/v1/projects/{id}", "Archive a project").returns("Project"),
    Op("GET", "/api/v1/projects/{id}/stats", "Counts of a project").returns("object project_id,total_tickets"),
    Op("POST", "/api/v1/projects/{id}/spawn-agent", "Register an agent in the project").body("NewAgent").returns("Agent").status(201),
    Op("GET", "/api/v1/projects/{id}/workflow", "The project's workflow (phases and board columns)").returns("object name,phases,columns"),
    Op("PUT", "/api/v1/projects/{id}/workflow", "Replace the project's workflow").body("Workflow").returns("object name,phases,columns"),

    // Tickets
    Op("POST", "/api/v1/tickets", "Create a ticket").body("NewTicket").returns("Ticket").status(201),
    Op("GET", "/api/v1/tickets", "List tickets").query("TicketQuery").returns("page tickets Ticket"),
    Op("GET", "/api/v1/tickets/{id}", "Get a ticket by id or key").returns("Ticket"),
    Op("PATCH", "/api/v1/tickets/{id}", "Update a ticket (If-Match: its version)").body("TicketUpdate").returns("Ticket"),
    Op("DELETE", "/api/v1/tickets/{id}", "Delete a ticket and its tasks").returns("none").status(204),
    Op("POST", "/api/v1/tickets/{id}/tasks", "Create a task of the ticket").body("NewTask").returns("Task").status(201),
    Op("POST", "/api/v1/tickets/{id}/transition", "Move the ticket to another status").query("to_status,reason,initiated_by,force:boolean").body("TransitionRequest").returns("Ticket"),
    Op("POST", "/api/v1/tickets/{id}/regress", "Send the ticket back with validation feedback").query("to_status,validation_feedback,reason,initiated_by,force:boolean").body("RegressRequest").returns("Ticket"),
    Op("POST", "/api/v1/tickets/{id}/block", "Block the ticket").query("blocker_type,suggested_remediation,initiated_by").body("BlockRequest").returns("Ticket"),
    Op("POST", "/api/v1/tickets/{id}/unblock", "Unblock the ticket").query("initiated_by").body("initiated_by").returns("Ticket"),
    Op("GET", "/api/v1/tickets/{id}/phase-history", "The ticket's moves, oldest first").returns("page history PhaseHistoryEntry"),
    Op("POST", "/api/v1/tickets/approve", "Approve a ticket waiting for review").body("ticket_id!,approver_id").returns(kApproval),
    Op("POST", "/api/v1/tickets/reject", "Reject a ticket waiting for review").body("ticket_id!,rejection_reason!,rejector_id").returns(kApproval),
    Op("GET", "/api/v1/tickets/pending-review-count", "How many tickets wait for review").query("project_id").returns("object pending_count"),
    Op("GET", "/api/v1/tickets/approval-status", "A ticket's approval state").query("ticket_id!").returns(kApproval),
    Op("POST", "/api/v1/tickets/check-approval-timeouts", "Time out reviews past their deadline").returns("object timed_out"),
    Op("POST", "/api/v1/tickets/{id}/artifacts", "Report an artifact of the ticket's phase").body("NewArtifact").returns("object id,ticket_id,phase_id,artifact_type").status(201),
    Op("GET", "/api/v1/tickets/{id}/gate-status", "What the ticket's phase gate still needs").returns("object ticket_id,phase_id"),
    Op("POST", "/api/v1/tickets/{id}/progress", "Move the ticket on when its gate is met").body("initiated_by").returns("object"),
    Op("GET", "/api/v1/tickets/{id}/discoveries", "Discoveries made in the ticket's tasks").returns("page discoveries Discovery"),
    Op("GET", "/api/v1/tickets/{id}/discovery-graph", "The ticket's tasks and discoveries as a graph").returns("object"),
    Op("POST", "/api/v1/tickets/{id}/github-issue", "Open a GitHub issue for the ticket").returns("object issue_number,url").status(201),

    // Tasks
    Op("POST", "/api/v1/tasks", "Create a task").body("NewTask").returns("Task").status(201),
    Op("POST", "/api/v1/tasks/batch", "Create several tasks in one transaction, or none").body("tasks!:list").returns("page tasks Task"),
    Op("GET", "/api/v1/tasks", "List tasks").query("TaskQuery").returns("page tasks Task"),
    Op("GET", "/api/v1/tasks/{id}", "Get a task").returns("Task"),
    Op("PATCH", "/api/v1/tasks/{id}", "Update a task (If-Match: its version)").body("TaskUpdate").returns("Task"),
    Op("PUT", "/api/v1/tasks/{id}", "Update a task (upstream's verb)").body("TaskUpdate").returns("Task"),
    Op("GET", "/api/v1/tasks/{id}/dependencies", "What the task waits for and what waits for it").returns("object task_id,depends_on,blocked_tasks"),
    Op("POST", "/api/v1/tasks/{id}/dependencies", "Add dependencies (refused if they close a cycle)").body("DependencyIds").returns("object task_id,depends_on"),
    Op("PUT", "/api/v1/tasks/{id}/dependencies", "Replace the dependencies").body("DependencyIds").returns("object task_id,depends_on"),
    Op("DELETE", "/api/v1/tasks/{id}/dependencies/{dep}", "Remove one dependency").returns("object task_id,depends_on"),
    Op("POST", "/api/v1/tasks/{id}/check-circular", "Would these dependencies close a cycle?").body("DependencyIds").returns("object has_circular_dependency,cycle"),
    Op("POST", "/api/v1/tasks/{id}/start", "The holder starts its task").body("TaskStart").returns("Task"),
    Op("POST", "/api/v1/tasks/{id}/complete", "The holder completes its task").body("TaskComplete").returns("Task"),
    Op("POST", "/api/v1/tasks/{id}/fail", "The holder fails its task (retried while retries remain)").body("TaskFail").returns("Task"),
    Op("POST", "/api/v1/tasks/{id}/cancel", "Cancel a task").body("TaskCancel").returns("Task"),
    Op("POST", "/api/v1/tasks/check-timeouts", "Fail running tasks past their timeout").returns("object timed_out"),
    Op("GET", "/api/v1/tasks/{id}/requirements", "Requirements linked to the task").returns("page requirements Requirement"),
    Op("GET", "/api/v1/tasks/{id}/approval-gates", "Documents the task waits on").returns("page approval_gates ApprovalGate"),
    Op("POST", "/api/v1/tasks/{id}/approval-gates", "Make the task wait for a document's approval").body("document_id!").returns("ApprovalGate").status(201),
    Op("DELETE", "/api/v1/tasks/{id}/approval-gates/{document}", "Stop waiting for a document").returns("none").status(204),
    Op("GET", "/api/v1/tasks/{id}/discoveries", "Discoveries made in the task").query("resolution_status").returns("page discoveries Discovery"),

    // Graph
    Op("GET", "/api/v1/graph/dependency-graph/ticket/{id}", "A ticket's dependency graph (JSON, DOT or Mermaid)").query("format,include_resolved:boolean,include_discoveries:boolean").returns(kGraph),
    Op("GET", "/api/v1/graph/dependency-graph/project/{id}", "A project's dependency graph (JSON, DOT or Mermaid)").query("format,include_resolved:boolean").returns(kGraph),
    Op("GET", "/api/v1/graph/dependency-graph/task/{id}/blocked", "The tasks this task holds up").returns("object task_id,blocked_tasks,blocked_count"),
    Op("GET", "/api/v1/graph/dependency-graph/task/{id}/blocking", "The tasks this task waits for").returns("object task_id,blocking_tasks,all_dependencies_complete"),
    Op("GET", "/api/v1/graph/project/{id}/ready", "Ready tasks, best score first").query("ReadyQuery").returns("page tasks Task"),
    Op("GET", "/api/v1/graph/project/{id}/stranded", "Tasks that can never become ready").returns("object project_id,tasks:object[]"),
    Op("GET", "/api/v1/graph/project/{id}/progress", "Counts, ready, running, stranded, settled").returns("object scope,id,total,by_status,settled,all_completed"),
    Op("GET", "/api/v1/graph/project/{id}/topological-order", "Every task, dependencies first").returns("object project_id,task_ids:string[]"),
    Op("GET", "/api/v1/graph/project/{id}/layers", "Tasks in waves that can run together").returns("object project_id,layers"),
    Op("GET", "/api/v1/graph/project/{id}/critical-path", "The longest chain of dependencies").query("weighted:boolean").returns("object"),
    Op("GET", "/api/v1/graph/ticket/{id}/progress", "A ticket's task counts and state").returns("object scope,id,total,by_status,settled,all_completed"),

    // Scheduling
    Op("GET", "/api/v1/scheduler/next", "The task the agent would get next (nothing is claimed)").query("agent_id!,project_id").returns("object task:Task?"),
    Op("POST", "/api/v1/scheduler/claim", "Atomically claim a task (optionally waiting for work)").body("ClaimRequest").returns("object task:Task?"),
    Op("POST", "/api/v1/scheduler/renew", "Extend the holder's lease").body("LeaseRenew").returns("Task"),
    Op("POST", "/api/v1/scheduler/release", "Give a claimed task back").body("LeaseRelease").returns("Task"),
    Op("POST", "/api/v1/scheduler/complete", "Complete a task by id in the body").body("TaskCompleteById").returns("Task"),
    Op("POST", "/api/v1/scheduler/expire-leases", "Take back tasks whose lease ran out").returns("object expired"),

    // Board
    Op("GET", "/api/v1/board/view", "The board: columns with their tickets and WIP").query("project_id!").returns("object columns"),
    Op("POST", "/api/v1/board/move", "Move a ticket to a column (WIP limits hold)").body("BoardMove").returns("object"),
    Op("GET", "/api/v1/board/stats", "Per-column counts").query("project_id!").returns("object[]"),
    Op("GET", "/api/v1/board/wip-violations", "Columns over their limit").query("project_id!").returns("object[]"),
    Op("POST", "/api/v1/board/auto-transition/{ticket}", "Move a ticket to its phase's column").query("project_id").returns("object ticket_id,transitioned"),
    Op("GET", "/api/v1/board/column/{phase}", "The column holding a phase").query("project_id!").returns("object"),

    // Agents
    Op("POST", "/api/v1/agents/register", "Register an agent").body("NewAgent").returns("Agent").status(201),
    Op("GET", "/api/v1/agents", "List agents").query("AgentQuery").returns("page agents Agent"),
    Op("GET", "/api/v1/agents/{id}", "Get an agent").returns("Agent"),
    Op("PATCH", "/api/v1/agents/{id}", "Update an agent (If-Match: its version)").body("AgentUpdate").returns("Agent"),
    Op("POST", "/api/v1/agents/{id}/heartbeat", "The agent is alive (and how it feels)").body("Heartbeat").returns("Agent"),
    Op("GET", "/api/v1/agents/{id}/discoveries", "Discoveries the agent made").query("limit:integer").returns("page discoveries Discovery"),

    // Audit and events
    Op("GET", "/api/v1/audit/tickets/{id}", "A ticket's audit trail").query("AuditQuery").returns("page entries AuditEntry"),
    Op("GET", "/api/v1/audit/agents/{id}", "An agent's audit trail").query("AuditQuery").returns("page entries AuditEntry"),
    Op("GET", "/api/v1/audit/projects/{id}", "A project's audit trail").query("AuditQuery").returns("page entries AuditEntry"),
    Op("GET", "/api/v1/events", "Events after `since`, in order (poll; or the WebSocket)").query("EventQuery").returns("object events:Event[],last_id"),

    // Commits and GitHub
    Op("GET", "/api/v1/commits/{sha}", "A linked commit and the tickets it is linked to").returns("object commit_sha,ticket_ids"),
    Op("GET", "/api/v1/commits/ticket/{id}", "Commits linked to a ticket").query("PageRequest").returns("page commits TicketCommit"),
    Op("GET", "/api/v1/commits/agent/{id}", "Commits an agent made").query("PageRequest").returns("page commits TicketCommit"),
    Op("POST", "/api/v1/commits/ticket/{id}/link", "Link a commit to a ticket").body("NewCommitLink").returns("TicketCommit").status(201),
    Op("GET", "/api/v1/statistics/commits", "Commit statistics").query("project_id,agent_id,top_files:integer").returns("object"),
    Op("GET", "/api/v1/commits/{sha}/diff", "A commit's diff, from GitHub").query("file_path").returns("object commit_sha,files"),
    Op("POST", "/api/v1/commits/{sha}/refresh", "Re-read a commit's stats from GitHub").returns("page commits TicketCommit"),
    Op("POST", "/api/v1/webhooks/github", "A GitHub webhook delivery (signed: X-Hub-Signature-256)").query("project_id").returns("object").open(),
    Op("POST", "/api/v1/github/webhooks/github", "A GitHub webhook delivery (upstream's path)").query("project_id").returns("object").open(),
    Op("POST", "/api/v1/github/connect", "Connect a project to a GitHub repository").query("project_id!").body("GitHubConnect").returns("object success,message,project_id,webhook_url"),
    Op("GET", "/api/v1/github/connected", "Projects connected to GitHub").returns("object[]"),

    // Documents, requirements, explorations
    Op("POST", "/api/v1/documents", "Store a document (version 1)").body("NewDocument").returns("Document").status(201),
    Op("GET", "/api/v1/documents", "List documents").query("DocumentQuery").returns("page documents Document"),
    Op("GET", "/api/v1/documents/{id}", "Get one version of a document").returns("Document"),
    Op("GET", "/api/v1/documents/{id}/content", "The document's content, verified against its hash").returns("text"),
    Op("GET", "/api/v1/documents/{id}/presigned-url", "A time-limited S3 URL of the content").query("expires:integer").returns("object url,expires_in"),
    Op("GET", "/api/v1/documents/{id}/versions", "Every version of the document").returns("page versions Document"),
    Op("POST", "/api/v1/documents/{id}/versions", "Save a new version (of the newest)").body("NewDocumentVersion").returns("Document").status(201),
    Op("POST", "/api/v1/documents/{id}/submit", "Submit the document for review").returns("Document"),
    Op("POST", "/api/v1/documents/{id}/approve", "Approve the document").body("approved_by").returns("Document"),
    Op("POST", "/api/v1/documents/{id}/reject", "Reject the document").body("reason!,rejected_by").returns("Document"),
    Op("GET", "/api/v1/documents/{id}/requirements", "The document's requirements (REQ ids, EARS)").returns("page requirements Requirement"),
    Op("POST", "/api/v1/documents/{id}/requirements/{req}/tasks", "Link a requirement to a task").body("task_id!").returns("Requirement"),
    Op("DELETE", "/api/v1/documents/{id}/requirements/{req}/tasks/{task}", "Unlink a requirement from a task").returns("Requirement"),
    Op("POST", "/api/v1/requirements/extract", "Extract requirements from Markdown (nothing stored)").body("content!").returns("object"),
    Op("POST", "/api/v1/requirements", "Store a requirements document").body("NewDocument").returns("Document").status(201),
    Op("GET", "/api/v1/requirements", "List requirements documents").query("DocumentQuery").returns("page documents Document"),
    Op("GET", "/api/v1/requirements/{id}", "Get a requirements document").returns("Document"),
    Op("POST", "/api/v1/designs", "Store a design document").body("NewDocument").returns("Document").status(201),
    Op("GET", "/api/v1/designs", "List design documents").query("DocumentQuery").returns("page documents Document"),
    Op("GET", "/api/v1/designs/{id}", "Get a design document").returns("Document"),
    Op("POST", "/api/v1/explorations", "Start an exploration of an idea").body("NewExploration").returns("Exploration").status(201),
    Op("GET", "/api/v1/explorations", "List explorations").query("project_id").returns("page explorations Exploration"),
    Op("GET", "/api/v1/explorations/{id}", "Get an exploration").returns("Exploration"),
    Op("POST", "/api/v1/explorations/{id}/messages", "Add a message to the conversation").body("role!,content!").returns("Exploration"),
    Op("GET", "/api/v1/explorations/{id}/questions", "The exploration's questions").returns("page questions ExplorationQuestion"),
    Op("POST", "/api/v1/explorations/{id}/questions", "Ask a question").body("NewExplorationQuestion").returns("ExplorationQuestion").status(201),
    Op("GET", "/api/v1/explorations/{id}/documents", "Documents of the exploration").query("DocumentQuery").returns("page documents Document"),
    Op("POST", "/api/v1/questions/{id}/answer", "Answer a question").body("answer_text!").returns("ExplorationQuestion"),

    // Discoveries
    Op("POST", "/api/v1/discoveries", "Record a discovery").body("NewDiscovery").returns("Discovery").status(201),
    Op("POST", "/api/v1/discoveries/branch", "Record a discovery and spawn its task, in one step").body("BranchRequest").returns("object discovery:Discovery,task:Task").status(201),
    Op("GET", "/api/v1/discoveries", "Discoveries of a type").query("discovery_type,type,limit:integer").returns("page discoveries Discovery"),
    Op("GET", "/api/v1/discoveries/{id}", "Get a discovery").returns("Discovery"),
    Op("POST", "/api/v1/discoveries/{id}/spawn-task", "Spawn one more task from a discovery").body("SpawnRequest").returns("object id,discovery_id,title,status").status(201),
    Op("POST", "/api/v1/discoveries/{id}/resolve", "Mark a discovery resolved").returns("Discovery"),
    Op("POST", "/api/v1/discoveries/{id}/invalidate", "Mark a discovery invalid").body("reason").returns("Discovery"),

    // Statistics and search
    Op("GET", "/api/v1/statistics/projects/{id}/overview", "Tickets, agents, commits and health now").returns("object tickets,agents,commits"),
    Op("GET", "/api/v1/statistics/tickets", "Ticket counts and time in phase").query("project_id!").returns("object total,by_status,by_priority"),
    Op("GET", "/api/v1/statistics/agents", "Agent activity").query("project_id!").returns("object active_agents"),
    Op("GET", "/api/v1/statistics/projects/{id}/throughput", "Done per bucket").query(kRange).returns(kSeries),
    Op("GET", "/api/v1/statistics/projects/{id}/flow", "Cumulative flow and WIP per column").query(kRange).returns(kSeries),
    Op("GET", "/api/v1/statistics/projects/{id}/cycle-times", "Lead and cycle times").query(kRange).returns(kSeries),
    Op("GET", "/api/v1/statistics/projects/{id}/time-in-phase", "Time spent in each phase").query(kRange).returns(kSeries),
    Op("GET", "/api/v1/statistics/projects/{id}/utilisation", "Share of time each agent worked").query(kRange).returns(kSeries),
    Op("POST", "/api/v1/statistics/check", "Replay the events against the statistics tables").query("rebuild:boolean").returns("object events_replayed,mismatches,rebuilt"),
    Op("GET", "/api/v1/search", "Search tickets, tasks, commits, agents and documents").query("SearchQuery").returns("object q,words,total,exact"),
    Op("POST", "/api/v1/search/rebuild", "Rewrite the search index from the records").returns("object documents"),
};

}  // namespace

std::span<const Operation> operations() { return kOperations; }

}  // namespace DAGBOARD_NAMESPACE::server
