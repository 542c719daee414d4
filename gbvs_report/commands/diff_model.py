"""What `gbvs diff` finds: a `Diff` of `Change`s, each with the old and the new `Side` (value,
file and line), in the documented JSON format's terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

FORMAT_VERSION = 1
NO_SUBMISSION = "geen aanlevering"


class DiffError(Exception):
    """The states cannot be compared (misuse: exit code 2); the message says why, in Dutch."""


class Kind(str, Enum):
    """What changed; the values are the `kind` field of the JSON output."""

    SUBMISSION_ADDED = "submission_added"
    SUBMISSION_REMOVED = "submission_removed"
    GOAL_STATUS = "goal_status"
    DEPARTMENT_STATUS = "department_status"
    NARRATIVE = "narrative"
    FIGURE = "figure"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class Side:
    """One side of a change: the value as data, as the report writes it, and where it stands."""

    value: Any
    text: str
    file: str
    line: int

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Change:
    kind: Kind
    goal: int
    goal_title: str
    department: str | None
    subject: str
    """What changed, in Dutch: 'Defensie-uitgaven (% bbp), realisatie 2021'."""
    old: Side | None
    new: Side | None
    indicator: str | None = None
    field: str | None = None
    """The submission's key that changed: status, resultaten, vooruitblik, nulmeting, streefwaarde,
    realisatie, gepland, behaald_op, omschrijving; None for a submission added or removed."""
    year: int | None = None

    @property
    def description(self) -> str:
        """The change in one Dutch sentence, without its location."""
        if self.kind is Kind.SUBMISSION_ADDED:
            return f"{self.subject}: nieuw in het rapport"
        if self.kind is Kind.SUBMISSION_REMOVED:
            return f"{self.subject}: niet meer in het rapport"
        if self.kind is Kind.NARRATIVE:
            if self.old is None:
                return f"{self.subject}: toegevoegd"
            if self.new is None:
                return f"{self.subject}: weggehaald"
            return f"{self.subject}: tekst gewijzigd"
        return f"{self.subject}: was {self.old_text}, nu {self.new_text}"

    @property
    def old_text(self) -> str:
        return self.old.text if self.old is not None else "er niet"

    @property
    def new_text(self) -> str:
        return self.new.text if self.new is not None else "er niet meer"


@dataclass
class Diff:
    period: str
    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)
    left_out_old: list[str] = field(default_factory=list)
    left_out_new: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def by_goal(self) -> list[tuple[int, str, list[Change]]]:
        groups: dict[int, tuple[str, list[Change]]] = {}
        for change in self.changes:
            groups.setdefault(change.goal, (change.goal_title, []))[1].append(change)
        return [(number, title, changes) for number, (title, changes) in sorted(groups.items())]


# Reading a state.
