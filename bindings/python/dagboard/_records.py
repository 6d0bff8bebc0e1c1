# SPDX-License-Identifier: Apache-2.0
"""Read-only record types. Fields are attributes, with the same names and values as the
JSON of the HTTP API; timestamps are ISO 8601 strings in UTC."""

import copy
from types import GenericAlias


class Record:
    """A read-only value object over one record's fields."""

    __slots__ = ("_data",)

    def __init__(self, data):
        object.__setattr__(self, "_data", data)

    def __getattr__(self, name):
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None
        # Nested values are copies: editing one cannot change the record by accident.
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} records are read-only")

    def __getitem__(self, name):
        value = self._data[name]
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def __dir__(self):
        return list(self._data) + ["to_dict"]

    def __eq__(self, other):
        return type(self) is type(other) and self._data == other._data

    def __hash__(self):
        return hash((type(self).__name__, self._data.get("id")))

    def __repr__(self):
        """<Ticket PAY-1 'Refund flow' backlog>, <Task 'Schema' pending>: key, title, status."""
        d = self._data
        parts = [type(self).__name__]
        if d.get("key"):
            parts.append(str(d["key"]))
        label = d.get("title") or d.get("name") or d.get("agent_name")
        if label:
            parts.append(repr(label))
        if len(parts) == 1:
            parts.append(str(d.get("id")))
        if d.get("status"):
            parts.append(str(d["status"]))
        return "<" + " ".join(parts) + ">"

    def to_dict(self):
        """A deep copy of the fields as plain JSON-compatible values."""
        return copy.deepcopy(self._data)


class Project(Record):
    __slots__ = ()


class Ticket(Record):
    __slots__ = ()


class Task(Record):
    __slots__ = ()


class Agent(Record):
    __slots__ = ()


class PhaseHistoryEntry(Record):
    __slots__ = ()


class AuditEntry(Record):
    __slots__ = ()


class Event(Record):
    __slots__ = ()

    def __repr__(self):
        return f"<Event {self._data['id']} {self._data['event_type']} {self._data['entity_id']}>"


class TicketCommit(Record):
    __slots__ = ()

    def __repr__(self):
        return f"<TicketCommit {self._data['commit_sha'][:10]} -> {self._data['ticket_id']}>"


class Reference(Record):
    """A reference found by dagboard.parse_references: kind, target, action, keyword,
    argument, repository, offset (and time_seconds for #time)."""

    __slots__ = ()

    def __repr__(self):
        return f"<Reference {self._data['kind']} {self._data['target']} {self._data['action']}>"

    def __hash__(self):
        return hash((self._data["kind"], self._data["target"], self._data["action"], self._data["offset"]))


class Document(Record):
    """One version of a document: id, lineage_id, kind, title, version, status, content_hash, ..."""

    __slots__ = ()

    def __repr__(self):
        return f"<Document {self._data['id']} v{self._data['version']} {self._data['status']}>"


class Requirement(Record):
    __slots__ = ()

    def __repr__(self):
        return f"<Requirement {self._data['requirement_id']} {self._data['category']}>"


class ApprovalGate(Record):
    __slots__ = ()


class Exploration(Record):
    __slots__ = ()


class ExplorationQuestion(Record):
    __slots__ = ()


class Discovery(Record):
    __slots__ = ()

    def __repr__(self):
        return f"<Discovery {self._data['id']} {self._data['discovery_type']} {self._data['resolution_status']}>"


class Page:
    """One page of a list: `items`, `next_cursor` (None on the last page), and `total` (every
    match, when the call asked for include_total=True; None otherwise)."""

    __slots__ = ("items", "next_cursor", "total")
    __class_getitem__ = classmethod(GenericAlias)  # Page[Task], as the stubs spell it

    def __init__(self, items, next_cursor, total=None):
        self.items = items
        self.next_cursor = next_cursor
        self.total = total

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __repr__(self):
        total = "" if self.total is None else f", total={self.total}"
        return f"<Page of {len(self.items)}{total}, next_cursor={self.next_cursor!r}>"
