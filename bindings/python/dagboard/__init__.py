# SPDX-License-Identifier: Apache-2.0
"""dagboard: the project-management core for fleets of AI agents.

    import dagboard
    ws = dagboard.open("sqlite:///var/lib/agents/board.db")
    p = ws.projects.create(name="Payments", key="PAY")
    t = ws.tickets.create(project_id=p.id, title="Refund flow", priority="HIGH")
    t.key  # "PAY-1"
"""

from ._dagboard import (  # noqa: F401
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
    ValidationError,
    WipLimitExceededError,
    Workspace,
    default_workflow,
    library_schema_version,
    open,
)
from ._records import Agent, AuditEntry, Event, Page, PhaseHistoryEntry, Project, Task, Ticket  # noqa: F401

__all__ = [
    "open", "Workspace", "library_schema_version",
    "Project", "Ticket", "Task", "Agent", "Event", "Page",
    "Error", "NotFoundError", "ValidationError", "ConflictError", "DependencyCycleError",
    "InvalidTransitionError", "WipLimitExceededError", "AgentNotAvailableError",
    "SignatureInvalidError", "UnauthorizedError", "StorageError", "IntegrityError",
    "GuardianInterventionRequiredError", "InternalError",
]
