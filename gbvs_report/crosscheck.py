"""Stage 4, across files: what no single file can show.

The same department, goal and period submitted twice; one indicator reported by two
departments with different values; a baseline or target that changed since the previous
period's submission without a word of explanation. Only files the schema accepts take part.
Positions are looked up only for the files a finding is about.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .check import parse_model
from .diagnostics import Diagnostic, diagnostic
from .load import PathPart, load_document
from .model import MilestoneIndicator, Submission, period_years
from .workspace import submission_files

if TYPE_CHECKING:
    from .collect import CheckedFile


@dataclass(frozen=True)
class _Entry:
    path: Path
    submission: Submission
    absolute: str = field(init=False)
    workspace: str = field(init=False)
    """The folder that holds the period folders (files of different workspaces never meet).
    Both as text: cheap to build and to hash for thousands of files, unlike a Path."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "absolute", os.path.abspath(self.path))
        object.__setattr__(self, "workspace", os.path.dirname(os.path.dirname(self.absolute)))


def cross_check(files: list[CheckedFile]) -> list[Diagnostic]:
    """Findings between the files of one run (and the previous period's files beside them)."""
    unique: dict[str, _Entry] = {}
    for f in files:  # a file named twice (relative and absolute) is still one submission
        if f.submission is not None:
            entry = _Entry(f.path, f.submission)
            unique.setdefault(entry.absolute, entry)
    entries = list(unique.values())
    found: list[Diagnostic] = []
    found += _duplicates(entries)
    found += _conflicts(entries)
    found += _changed_since_previous(entries)
    return found


def _display(path: Path) -> str:
    from .collect import display_path  # collect calls this module: import when first needed

    return display_path(path)


def _locate(path: Path, at: tuple[PathPart, ...], code: str, message: str, hint: str = "") -> Diagnostic:
    """A finding about `path`, located by loading that file again (only files with a finding)."""
    name = _display(path)
    doc, _ = load_document(path, name)
    line, column = doc.locate(at) if doc is not None else (1, 1)
    return diagnostic(code, message, name, line, column, at, hint)


def _duplicates(entries: list[_Entry]) -> list[Diagnostic]:
    first: dict[tuple[Any, ...], _Entry] = {}
    found = []
    for entry in sorted(entries, key=lambda e: str(e.path)):
        sub = entry.submission
        key = (entry.workspace, sub.period, sub.goal, sub.department)
        if key in first:
            found.append(_locate(entry.path, ("departement",), "X001",
                                 f"{sub.department} levert voor doel {sub.goal} in {sub.period} ook aan in "
                                 f"{_display(first[key].path)}",
                                 "Voeg de twee bestanden samen of verwijder er één."))
        else:
            first[key] = entry
    return found


def _conflicts(entries: list[_Entry]) -> list[Diagnostic]:
    """The same indicator, goal and period from two departments, with different values."""
    first: dict[tuple[Any, ...], tuple[_Entry, Any]] = {}
    found = []
    for entry in sorted(entries, key=lambda e: str(e.path)):
        sub = entry.submission
        for i, indicator in enumerate(sub.indicators):
            key = (entry.workspace, sub.period, sub.goal, indicator.id)
            if key not in first:
                first[key] = (entry, indicator)
                continue
            other, earlier = first[key]
            if other.submission.department == sub.department:
                continue  # the same department twice is a duplicate submission (X001)
            difference = _difference(earlier, indicator)
            if difference is not None:
                where, text = difference
                found.append(_locate(entry.path, ("indicatoren", i, *where), "X002",
                                     f"indicator '{indicator.id}' staat ook in {_display(other.path)} "
                                     f"({other.submission.department}), maar {text}",
                                     "Spreek af welk departement de indicator aanlevert en welke waarde klopt."))
    return found


def _difference(a: Any, b: Any) -> tuple[tuple[PathPart, ...], str] | None:
    """The first place where two reports of one indicator disagree, and how, in words."""
    if a.kind != b.kind:
        return ("soort",), f"daar is het een {a.kind}-indicator"
    if isinstance(a, MilestoneIndicator):
        for key, attribute in (("gepland", "planned"), ("status", "status"), ("behaald_op", "reached")):
            mine, theirs = getattr(b, attribute), getattr(a, attribute)
            if mine != theirs:
                return (key,), f"daar is '{key}' {_text(theirs)} en hier {_text(mine)}"
        return None
    for key, attribute in (("nulmeting", "baseline"), ("streefwaarde", "target")):
        mine, theirs = getattr(b, attribute), getattr(a, attribute)
        if (mine.value, mine.year) != (theirs.value, theirs.year):
            return (key,), f"daar is de {key} {theirs.value} ({theirs.year}) en hier {mine.value} ({mine.year})"
    theirs_by_year = {actual.year: actual.value for actual in a.actuals}
    for j, actual in enumerate(b.actuals):
        if actual.year in theirs_by_year and theirs_by_year[actual.year] != actual.value:
            return (("realisaties", j, "waarde"), f"daar is de realisatie over {actual.year} "
                    f"{theirs_by_year[actual.year]} en hier {actual.value}")
    return None


def _text(value: Any) -> str:
    if value is None:
        return "leeg"
    return getattr(value, "value", None) or (value.isoformat() if hasattr(value, "isoformat") else str(value))


def _changed_since_previous(entries: list[_Entry]) -> list[Diagnostic]:
    """A baseline or target that differs from the previous period's, with no remark about it."""
    known = {_key(e, e.submission.period): e for e in entries}
    run_folders = {os.path.dirname(e.absolute) for e in entries}
    loaded: set[str] = set()
    found = []
    for entry in entries:
        sub = entry.submission
        first, last = period_years(sub.period)
        previous_period = f"{first - 2}-{last - 2}"
        folder = os.path.join(entry.workspace, previous_period)
        if folder not in loaded and folder not in run_folders:  # a period this run did not check
            loaded.add(folder)
            known.update({_key(e, e.submission.period): e for e in _load_folder(Path(folder))})
        previous = known.get(_key(entry, previous_period))
        if previous is None:
            continue
        before = {i.id: i for i in previous.submission.indicators}
        for i, indicator in enumerate(sub.indicators):
            old = before.get(indicator.id)
            if isinstance(indicator, MilestoneIndicator) or old is None or old.kind != indicator.kind \
                    or indicator.comment:
                continue
            for key, attribute in (("nulmeting", "baseline"), ("streefwaarde", "target")):
                new_point, old_point = getattr(indicator, attribute), getattr(old, attribute)
                if (new_point.value, new_point.year) != (old_point.value, old_point.year):
                    found.append(_locate(entry.path, ("indicatoren", i, key), "X003",
                                         f"de {key} van '{indicator.id}' was in {previous_period} {old_point.value} "
                                         f"({old_point.year}) en is nu {new_point.value} ({new_point.year})",
                                         "Licht de wijziging toe in 'opmerking' bij de indicator."))
    return found


def _key(entry: _Entry, period: str) -> tuple[Any, ...]:
    return (entry.workspace, period, entry.submission.goal, entry.submission.department)


def _load_folder(folder: Path) -> list[_Entry]:
    """The submissions the schema accepts in a period folder (quietly: its findings are not ours)."""
    if not folder.is_dir():
        return []
    entries = []
    for path in submission_files([folder]):
        doc, _ = load_document(path)
        if doc is not None:
            submission, _ = parse_model(doc, Submission)
            if submission is not None:
                entries.append(_Entry(path, submission))
    return entries
