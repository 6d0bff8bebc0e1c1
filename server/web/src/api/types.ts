// The records the UI reads, as the HTTP API sends them (docs/http-api.md).

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> | null };
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string | null;
  status: string;
}

export interface Card {
  id: string;
  key: string;
  title: string;
  phase_id: string;
  status: string;
  priority: string;
  approval_status: string;
  is_blocked: boolean;
  blocked_reason: string | null;
  agent_ids: string[];
  commit_count: number;
  insertions: number;
  deletions: number;
  tasks_total: number;
  tasks_completed: number;
  tasks_stranded: number;
}

export interface Column {
  id: string;
  name: string;
  phase_mapping: string[];
  wip_limit: number | null;
  is_terminal: boolean;
  color_theme: string | null;
  current_count: number;
  wip_exceeded: boolean;
  tickets: Card[];
}

export interface BoardView {
  project_id: string;
  last_event_id: number;
  columns: Column[];
}

export interface MoveResult {
  ticket_id: string;
  from_column: string;
  new_column: string;
  new_phase: string;
  status: string;
}

export interface DagEvent {
  id: number;
  event_type: string;
  entity_type: string;
  entity_id: string;
  project_id: string | null;
  actor: string | null;
  created_at: string;
  payload: Record<string, unknown>;
}

export interface Ticket {
  id: string;
  key: string;
  project_id: string;
  title: string;
  description: string | null;
  phase_id: string;
  status: string;
  priority: string;
  approval_status: string;
  is_blocked: boolean;
  blocked_reason: string | null;
  version: string;
  created_at: string;
  updated_at: string;
}

export interface Task {
  id: string;
  ticket_id: string;
  project_id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  phase_id: string;
  assigned_agent_id: string | null;
  depends_on: string[];
  stranded: boolean;
}
