"""The two states `gbvs diff` compares, and where a value stands in each: the file and line
every change names on both sides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load import PathPart
from ..model.catalogue import Catalogue, Goal
from ..report.collect import PeriodReport
from .diff_model import Change, Kind, Side


@dataclass
class State:
    report: PeriodReport
    catalogue: Catalogue
    base: str
    """What goes before a file's name in the workspace: the workspace as the user names it."""

    def name(self, path: Path) -> str:
        return self.base + self.report.name(path)

    def side(self, path: Path, at: tuple[PathPart, ...], value: Any, text: str) -> Side:
        checked = self.report.checked(path)
        return Side(value, text, self.name(path), checked.line(at))

    def department(self, code: str) -> str:
        return self.catalogue.department_names.get(code, code)


@dataclass
class Pair:
    """One department's submission for one goal, in both states."""

    before: State
    after: State
    old_path: Path
    new_path: Path
    goal: Goal
    department: str
    name: str

    def change(
        self,
        kind: Kind,
        subject: str,
        old_at: tuple[PathPart, ...] | None,
        old_value: Any,
        new_at: tuple[PathPart, ...] | None,
        new_value: Any,
        old_text: str,
        new_text: str,
        **extra: Any,
    ) -> Change:
        old = self.before.side(self.old_path, old_at, old_value, old_text) if old_at is not None else None
        new = self.after.side(self.new_path, new_at, new_value, new_text) if new_at is not None else None
        return Change(kind, self.goal.number, self.goal.title, self.department, subject, old, new, **extra)
