# SPDX-License-Identifier: Apache-2.0
# Typed view of dagboard._records: the fields of each record, as the JSON of the HTTP API names
# them. tests/python/test_stubs.py checks them against real records on both backends.
from typing import Any, Generic, Iterator, Literal, TypeVar

Priority = Literal["CRITICAL", "HIGH", "MEDIUM", "LOW"]
TicketStatus = Literal["backlog", "analyzing", "building", "building-done", "testing", "done"]
TaskStatus = Literal["pending", "claiming", "assigned", "running", "completed", "failed", "cancelled"]
ApprovalStatus = Literal["pending_review", "approved", "rejected", "timed_out"]
AgentStatus = Literal["SPAWNING", "IDLE", "RUNNING", "DEGRADED", "FAILED", "QUARANTINED", "TERMINATED"]
AgentType = Literal["worker", "monitor", "watchdog", "guardian"]
HealthStatus = Literal["unknown", "healthy", "degraded", "unhealthy", "stale"]
ProjectStatus = Literal["active", "archived", "completed"]
Bucket = Literal["hour", "day", "week"]
SearchType = Literal["ticket", "task", "commit", "agent", "document"]

class Record:
    """A read-only value object over one record's fields."""
    def __init__(self, data: dict[str, Any]) -> None: ...
    def __getitem__(self, name: str) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

_T = TypeVar("_T")

class Page(Generic[_T]):
    items: list[_T]
    next_cursor: str | None
    total: int | None
    def __init__(self, items: list[_T], next_cursor: str | None, total: int | None = ...) -> None: ...
    def __iter__(self) -> Iterator[_T]: ...
    def __len__(self) -> int: ...

class Project(Record):
    autonomous_execution_enabled: bool
    created_at: str
    default_phase_id: str
    description: str | None
    github_connected: bool
    github_owner: str | None
    github_repo: str | None
    id: str
    key: str
    name: str
    settings: dict[str, Any]
    status: ProjectStatus
    updated_at: str
    version: str
    webhook_configured: bool

class Ticket(Record):
    approval_deadline_at: str | None
    approval_status: ApprovalStatus
    blocked_at: str | None
    blocked_by: list[str]
    blocked_reason: str | None
    blocks: list[str]
    context: dict[str, Any]
    created_at: str
    description: str | None
    github_issue_number: int | None
    id: str
    is_blocked: bool
    key: str
    number: int
    phase_id: str
    previous_phase_id: str | None
    priority: Priority
    project_id: str
    rejection_reason: str | None
    requested_by_agent_id: str | None
    status: TicketStatus
    title: str
    updated_at: str
    version: str

class Agent(Record):
    agent_name: str | None
    agent_type: AgentType
    capabilities: list[str]
    capacity: int
    created_at: str
    health_status: HealthStatus
    id: str
    last_heartbeat: str | None
    metadata: dict[str, Any]
    phase_id: str | None
    project_id: str | None
    status: AgentStatus
    tags: list[str]
    updated_at: str
    version: str

class Task(Record):
    assigned_agent_id: str | None
    awaiting_approvals: int
    completed_at: str | None
    created_at: str
    deadline_at: str | None
    depends_on: list[str]
    description: str | None
    error_message: str | None
    estimate: float | None
    id: str
    lease_expires_at: str | None
    max_retries: int
    parent_task_id: str | None
    phase_id: str
    priority: Priority
    project_id: str
    required_capabilities: list[str]
    result: Any
    retry_at: str | None
    retry_count: int
    score: float
    started_at: str | None
    status: TaskStatus
    stranded: bool
    task_type: str
    ticket_id: str
    timeout_seconds: int | None
    title: str
    updated_at: str
    version: str

class PhaseHistoryEntry(Record):
    artifacts: list[dict[str, Any]]
    created_at: str
    from_phase: str | None
    from_status: TicketStatus | None
    id: str
    ticket_id: str
    to_phase: str
    to_status: TicketStatus
    transition_reason: str | None
    transitioned_by: str | None

class AuditEntry(Record):
    actor: str | None
    agent_id: str | None
    agent_name: str | None
    description: str
    details: dict[str, Any]
    event_type: str
    id: int
    task_id: str | None
    ticket_id: str | None
    timestamp: str
    type: str

class Event(Record):
    actor: str | None
    created_at: str
    entity_id: str
    entity_type: str
    event_type: str
    id: int
    payload: dict[str, Any]
    project_id: str | None

class TicketCommit(Record):
    agent_id: str | None
    author: str | None
    commit_message: str
    commit_sha: str
    commit_timestamp: str
    deletions: int
    files_changed: int
    files_list: list[dict[str, Any]]
    id: str
    insertions: int
    link_method: str
    linked_at: str
    project_id: str
    ticket_id: str

class Document(Record):
    approved_at: str | None
    approved_by: str | None
    components_designed: list[str]
    content_hash: str
    content_size: int
    content_type: str
    created_at: str
    created_by: str | None
    diagrams_included: list[str]
    exploration_id: str | None
    id: str
    kind: str
    lineage_id: str
    previous_version_id: str | None
    project_id: str | None
    rejected_at: str | None
    rejected_by: str | None
    rejection_reason: str | None
    requirements_by_category: dict[str, int]
    requirements_id: str | None
    s3_bucket: str | None
    s3_key: str | None
    s3_region: str | None
    sections: list[str]
    status: str
    storage_location: str
    submitted_at: str | None
    title: str
    total_requirements: int
    updated_at: str
    version: int

class Requirement(Record):
    category: str
    created_at: str
    description: str
    document_id: str
    ears_format: str | None
    ears_pattern: str | None
    id: str
    linked_task_ids: list[str]
    priority: str | None
    requirement_id: str
    requirement_number: int
    source: str | None
    title: str | None

class ApprovalGate(Record):
    created_at: str
    document_id: str
    satisfied: bool
    satisfied_at: str | None
    task_id: str

class Exploration(Record):
    completed_at: str | None
    conversation_history: dict[str, Any]
    created_at: str
    current_stage: str
    design_document_id: str | None
    id: str
    initial_idea: str
    project_id: str | None
    requirements_document_id: str | None
    updated_at: str
    user_id: str

class ExplorationQuestion(Record):
    ai_confidence: float | None
    answer_text: str | None
    answered_at: str | None
    created_at: str
    exploration_id: str
    follow_up_questions: list[str]
    id: str
    question_category: str | None
    question_text: str

class Discovery(Record):
    agent_id: str | None
    description: str
    discovered_at: str
    discovery_type: str
    id: str
    metadata: dict[str, Any]
    priority_boost: bool
    project_id: str
    resolution_status: str
    resolved_at: str | None
    source_task_id: str
    spawned_count: int
    spawned_task_ids: list[str]
    task_id: str
    ticket_id: str
    type: str

class Reference(Record):
    action: str
    argument: str
    keyword: str
    kind: str
    offset: int
    repository: str | None
    target: str
    time_seconds: int  # only on #time references (action "log_time")
