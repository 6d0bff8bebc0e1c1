// SPDX-License-Identifier: Apache-2.0
// Migrations 7 and 8: document content and the tables of documents, explorations, approval
// gates and discoveries.
#include "storage/schema_documents.hpp"

namespace DAGBOARD_NAMESPACE::storage {

// Document content by SHA-256: inline below the threshold, else a pointer into S3.
Migration content_blobs() {
  return {7, "document content", {
R"(CREATE TABLE content_blobs (
  content_hash TEXT PRIMARY KEY,
  content_size BIGINT NOT NULL,
  storage_location TEXT NOT NULL,
  content TEXT,
  s3_bucket TEXT,
  s3_key TEXT,
  content_type TEXT NOT NULL,
  created_at BIGINT NOT NULL))",
  }};
}

// Versioned documents with approval, requirements extracted from them, explorations, tasks
// waiting on approvals, discoveries.
Migration documents() {
  return {8, "documents, explorations, approval gates, discoveries", {
R"(CREATE TABLE project_explorations (
  id TEXT PRIMARY KEY,
  project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  initial_idea TEXT NOT NULL,
  current_stage TEXT NOT NULL,
  requirements_document_id TEXT,
  design_document_id TEXT,
  conversation_history TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  completed_at BIGINT))",
"CREATE INDEX project_explorations_project ON project_explorations (project_id, created_at, id)",
R"(CREATE TABLE exploration_questions (
  id TEXT PRIMARY KEY,
  exploration_id TEXT NOT NULL REFERENCES project_explorations (id) ON DELETE CASCADE,
  question_text TEXT NOT NULL,
  question_category TEXT,
  answer_text TEXT,
  answered_at BIGINT,
  ai_confidence DOUBLE PRECISION,
  follow_up_questions TEXT NOT NULL,
  created_at BIGINT NOT NULL))",
"CREATE INDEX exploration_questions_exploration ON exploration_questions (exploration_id, created_at, id)",
R"(CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  lineage_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
  exploration_id TEXT REFERENCES project_explorations (id) ON DELETE SET NULL,
  requirements_id TEXT,
  title TEXT NOT NULL,
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL REFERENCES content_blobs (content_hash),
  s3_region TEXT,
  total_requirements INTEGER NOT NULL,
  requirements_by_category TEXT NOT NULL,
  sections TEXT NOT NULL,
  components_designed TEXT NOT NULL,
  diagrams_included TEXT NOT NULL,
  status TEXT NOT NULL,
  submitted_at BIGINT,
  approved_by TEXT,
  approved_at BIGINT,
  rejected_by TEXT,
  rejected_at BIGINT,
  rejection_reason TEXT,
  previous_version_id TEXT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (lineage_id, version)))",
"CREATE INDEX documents_project ON documents (project_id, created_at, id)",
"CREATE INDEX documents_exploration ON documents (exploration_id, created_at, id)",
R"(CREATE TABLE individual_requirements (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  requirement_number INTEGER NOT NULL,
  title TEXT,
  description TEXT NOT NULL,
  ears_format TEXT,
  ears_pattern TEXT,
  category TEXT NOT NULL,
  priority TEXT,
  source TEXT,
  position INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (document_id, requirement_id)))",
R"(CREATE TABLE requirement_task_links (
  lineage_id TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (lineage_id, requirement_id, task_id)))",
"CREATE INDEX requirement_task_links_task ON requirement_task_links (task_id)",
R"(CREATE TABLE task_approval_gates (
  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  lineage_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  satisfied_at BIGINT,
  PRIMARY KEY (task_id, lineage_id)))",
"CREATE INDEX task_approval_gates_document ON task_approval_gates (lineage_id, satisfied_at)",
"ALTER TABLE tasks ADD COLUMN awaiting_approvals INTEGER NOT NULL DEFAULT 0",
R"(CREATE TABLE task_discoveries (
  id TEXT PRIMARY KEY,
  source_task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  ticket_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  agent_id TEXT,
  discovery_type TEXT NOT NULL,
  description TEXT NOT NULL,
  spawned_task_ids TEXT NOT NULL,
  priority_boost INTEGER NOT NULL,
  resolution_status TEXT NOT NULL,
  metadata TEXT NOT NULL,
  discovered_at BIGINT NOT NULL,
  resolved_at BIGINT))",
"CREATE INDEX task_discoveries_task ON task_discoveries (source_task_id, discovered_at, id)",
"CREATE INDEX task_discoveries_ticket ON task_discoveries (ticket_id)",
"CREATE INDEX task_discoveries_type ON task_discoveries (discovery_type, discovered_at, id)",
"CREATE INDEX task_discoveries_agent ON task_discoveries (agent_id, discovered_at, id)",
  }};
}

}  // namespace dagboard::storage
