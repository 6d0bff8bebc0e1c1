# SPDX-License-Identifier: Apache-2.0
"""dagboard: the project-management core for fleets of AI agents.

    import dagboard
    ws = dagboard.open("sqlite:///var/lib/agents/board.db")
    p = ws.projects.create(name="Payments", key="PAY")
    t = ws.tickets.create(project_id=p.id, title="Refund flow", priority="HIGH")
    t.key  # "PAY-1"
"""

from ._dagboard import (  # noqa: F401
    __version__,
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    AgentNotAvailableError,
    ConflictError,
    CursorExpiredError,
    DependencyCycleError,
    Error,
    GuardianInterventionRequiredError,
    IntegrityError,
    InternalError,
    InvalidTransitionError,
    NotFoundError,
    SignatureInvalidError,
    StorageError,
    UnauthorizedError,
    UnavailableError,
    UpstreamError,
    ValidationError,
    WipLimitExceededError,
    Workspace,
    default_workflow,
    discovery_title,
    ears_pattern,
    extract_requirements,
    library_schema_version,
    open,
    parse_branch_references,
    parse_unified_diff,
    parse_references,
    pull_request_reference,
    record_schema,
    record_schema_names,
    request_schema,
    request_schema_names,
    sigv4_presign,
    sigv4_sign,
)
from ._arguments import guard_services as _guard_services
from ._records import (  # noqa: F401
    Agent, ApprovalGate, AuditEntry, Discovery, Document, Event, Exploration, ExplorationQuestion, Page,
    PhaseHistoryEntry, Project, Reference, Requirement, Task, Ticket, TicketCommit,
)

__all__ = [
    "open", "Workspace", "library_schema_version", "MAX_JSON_DEPTH", "MAX_JSON_BYTES",
    "parse_references", "parse_branch_references", "pull_request_reference", "Reference",
    "Project", "Ticket", "Task", "Agent", "Event", "Page",
    "Document", "Requirement", "ApprovalGate", "Exploration", "ExplorationQuestion", "Discovery",
    "extract_requirements", "ears_pattern", "discovery_title", "request_schema", "request_schema_names",
    "record_schema", "record_schema_names",
    "default_workflow", "parse_unified_diff", "sigv4_sign", "sigv4_presign", "__version__",
    "PhaseHistoryEntry", "AuditEntry", "TicketCommit", "CursorExpiredError",
    "Error", "NotFoundError", "ValidationError", "ConflictError", "DependencyCycleError",
    "InvalidTransitionError", "WipLimitExceededError", "AgentNotAvailableError",
    "SignatureInvalidError", "UnauthorizedError", "UnavailableError", "UpstreamError", "StorageError", "IntegrityError",
    "GuardianInterventionRequiredError", "InternalError",
]

_guard_services()
