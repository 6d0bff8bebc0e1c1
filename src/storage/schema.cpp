// SPDX-License-Identifier: Apache-2.0
// The schema, as numbered migrations. Never edit a released migration; add a new one.
// The SQL is portable between SQLite and PostgreSQL: TEXT, INTEGER (flags, small counts),
// BIGINT (ids, microsecond timestamps), DOUBLE PRECISION; JSON is kept as TEXT so that it is
// returned byte for byte.
#include "storage/migrations.hpp"
#include "storage/schema_documents.hpp"
#include "storage/schema_search.hpp"

namespace DAGBOARD_NAMESPACE::storage {
namespace {

Migration initial_schema() {
  return {1, "core records and event log", {
R"(CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  github_owner TEXT,
  github_repo TEXT,
  github_webhook_secret TEXT,
  github_connected INTEGER NOT NULL DEFAULT 0,
  default_phase_id TEXT NOT NULL,
  status TEXT NOT NULL,
  autonomous_execution_enabled INTEGER NOT NULL DEFAULT 0,
  settings TEXT NOT NULL,
  ticket_seq BIGINT NOT NULL DEFAULT 0,
  graph_version BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL))",
"CREATE INDEX projects_created ON projects (created_at, id)",
R"(CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT,
  phase_id TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  previous_phase_id TEXT,
  is_blocked INTEGER NOT NULL DEFAULT 0,
  blocked_reason TEXT,
  blocked_at BIGINT,
  approval_status TEXT NOT NULL,
  approval_deadline_at BIGINT,
  requested_by_agent_id TEXT,
  rejection_reason TEXT,
  context TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, number)))",
"CREATE INDEX tickets_project_created ON tickets (project_id, created_at, id)",
"CREATE INDEX tickets_created ON tickets (created_at, id)",
R"(CREATE TABLE ticket_links (
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  blocked_by_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  PRIMARY KEY (ticket_id, blocked_by_id)))",
"CREATE INDEX ticket_links_blocker ON ticket_links (blocked_by_id)",
R"(CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  task_type TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  priority TEXT NOT NULL,
  phase_id TEXT NOT NULL,
  status TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL DEFAULT 0,
  assigned_agent_id TEXT,
  required_capabilities TEXT NOT NULL,
  retry_count INTEGER NOT NULL DEFAULT 0,
  max_retries INTEGER NOT NULL DEFAULT 3,
  timeout_seconds INTEGER,
  deadline_at BIGINT,
  estimate DOUBLE PRECISION,
  parent_task_id TEXT REFERENCES tasks (id) ON DELETE SET NULL,
  result TEXT,
  error_message TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  started_at BIGINT,
  completed_at BIGINT))",
"CREATE INDEX tasks_ticket_created ON tasks (ticket_id, created_at, id)",
"CREATE INDEX tasks_project_created ON tasks (project_id, created_at, id)",
"CREATE INDEX tasks_project_status ON tasks (project_id, status)",
"CREATE INDEX tasks_created ON tasks (created_at, id)",
"CREATE INDEX tasks_parent ON tasks (parent_task_id)",
R"(CREATE TABLE task_dependencies (
  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  depends_on_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  PRIMARY KEY (task_id, depends_on_id)))",
"CREATE INDEX task_dependencies_target ON task_dependencies (depends_on_id)",
"CREATE INDEX task_dependencies_project ON task_dependencies (project_id)",
R"(CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  agent_name TEXT,
  agent_type TEXT NOT NULL,
  project_id TEXT REFERENCES projects (id) ON DELETE SET NULL,
  phase_id TEXT,
  status TEXT NOT NULL,
  capabilities TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  health_status TEXT NOT NULL,
  tags TEXT NOT NULL,
  last_heartbeat BIGINT,
  metadata TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL))",
"CREATE INDEX agents_created ON agents (created_at, id)",
"CREATE INDEX agents_project ON agents (project_id)",
R"(CREATE TABLE events (
  id BIGINT PRIMARY KEY,
  event_type TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  project_id TEXT,
  payload TEXT NOT NULL,
  actor TEXT,
  created_at BIGINT NOT NULL))",
"CREATE INDEX events_project ON events (project_id, id)",
"CREATE INDEX events_entity ON events (entity_id, id)",
"CREATE TABLE event_sequence (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
"INSERT INTO event_sequence (id, value) VALUES (1, 0)",
  }};
}

Migration leases() {
  return {2, "task leases", {
"ALTER TABLE tasks ADD COLUMN lease_expires_at BIGINT",
"CREATE INDEX tasks_agent_status ON tasks (assigned_agent_id, status)",
  }};
}

// Lets an index catch up with another process's writes instead of reloading: each task row
// records the graph version that last changed it; deletes move the reset mark instead.
Migration graph_catch_up() {
  return {3, "graph catch-up", {
"ALTER TABLE tasks ADD COLUMN graph_version BIGINT NOT NULL DEFAULT 0",
"ALTER TABLE projects ADD COLUMN graph_reset_version BIGINT NOT NULL DEFAULT 0",
"CREATE INDEX tasks_project_graph_version ON tasks (project_id, graph_version)",
  }};
}

// Workflows as data, the phase history of tickets, artifacts reported against phase gates.
Migration workflows() {
  return {4, "workflows, phase history, phase artifacts", {
R"(CREATE TABLE project_workflows (
  project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  definition TEXT NOT NULL,
  updated_at BIGINT NOT NULL))",
R"(CREATE TABLE phase_history (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  from_phase TEXT,
  to_phase TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  transition_reason TEXT,
  transitioned_by TEXT,
  artifacts TEXT NOT NULL,
  created_at BIGINT NOT NULL))",
"CREATE INDEX phase_history_ticket ON phase_history (ticket_id, created_at, id)",
R"(CREATE TABLE phase_artifacts (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  phase_id TEXT NOT NULL,
  artifact_type TEXT NOT NULL,
  path TEXT,
  content TEXT,
  met_definitions TEXT NOT NULL,
  reported_by TEXT,
  created_at BIGINT NOT NULL))",
"CREATE INDEX phase_artifacts_ticket ON phase_artifacts (ticket_id, phase_id, created_at)",
"CREATE INDEX tickets_project_phase ON tickets (project_id, phase_id)",
  }};
}

// Event retention: events up to `compacted_through` may have been deleted.
Migration event_retention() {
  return {5, "event retention horizon", {
"ALTER TABLE event_sequence ADD COLUMN compacted_through BIGINT NOT NULL DEFAULT 0",
"CREATE INDEX events_created ON events (created_at, id)",
  }};
}

// Commits linked to tickets, pull requests, GitHub deliveries seen, tickets made from issues.
Migration commits() {
  return {6, "commits, pull requests, GitHub deliveries", {
R"(CREATE TABLE ticket_commits (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  commit_sha TEXT NOT NULL,
  commit_message TEXT NOT NULL,
  author TEXT,
  agent_id TEXT,
  commit_timestamp BIGINT NOT NULL,
  files_changed BIGINT NOT NULL,
  insertions BIGINT NOT NULL,
  deletions BIGINT NOT NULL,
  files_list TEXT NOT NULL,
  link_method TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (ticket_id, commit_sha)))",
"CREATE INDEX ticket_commits_sha ON ticket_commits (commit_sha)",
"CREATE INDEX ticket_commits_ticket ON ticket_commits (ticket_id, created_at, id)",
"CREATE INDEX ticket_commits_agent ON ticket_commits (agent_id, created_at, id)",
"CREATE INDEX ticket_commits_project ON ticket_commits (project_id, created_at, id)",
R"(CREATE TABLE ticket_pull_requests (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  repo_owner TEXT NOT NULL,
  repo_name TEXT NOT NULL,
  pr_number BIGINT NOT NULL,
  title TEXT,
  html_url TEXT,
  head_branch TEXT,
  base_branch TEXT,
  state TEXT NOT NULL,
  merge_commit_sha TEXT,
  created_at BIGINT NOT NULL,
  merged_at BIGINT,
  closed_at BIGINT,
  UNIQUE (repo_owner, repo_name, pr_number)))",
R"(CREATE TABLE github_deliveries (
  delivery_id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  received_at BIGINT NOT NULL))",
"ALTER TABLE tickets ADD COLUMN github_issue_number BIGINT",
"CREATE INDEX tickets_github_issue ON tickets (project_id, github_issue_number)",
  }};
}

// The task contract agents rely on: retried tasks wait out a back-off.
Migration task_contract() {
  return {9, "task contract: retry back-off, stranded tasks", {
"ALTER TABLE tasks ADD COLUMN retry_at BIGINT",
"ALTER TABLE tasks ADD COLUMN stranded INTEGER NOT NULL DEFAULT 0",
  }};
}

// The state of tickets and tasks over time, projected from the event log (src/stats).
Migration state_changes() {
  return {10, "statistics: state changes", {
R"(CREATE TABLE state_changes (
  event_id BIGINT PRIMARY KEY,
  event_type TEXT NOT NULL,
  project_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  until_at BIGINT,
  from_phase TEXT,
  to_phase TEXT,
  from_status TEXT,
  to_status TEXT,
  agent_id TEXT,
  created_at BIGINT NOT NULL,
  started_at BIGINT))",
"CREATE INDEX state_changes_project ON state_changes (project_id, entity_type, at)",
"CREATE INDEX state_changes_entity ON state_changes (entity_id, event_id)",
  }};
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all{initial_schema(), leases(), graph_catch_up(), workflows(),
                                          event_retention(), commits(), content_blobs(), documents(),
                                          task_contract(), state_changes(),
                                          search_index(), search_prefixes(),
                                          search_prefixes_of_distinct_words()};
  return all;
}

}  // namespace dagboard::storage
