"""The state of a reporting round: for every goal and every department expected to contribute,
is the submission there, is it valid, and when did it last change.

This is the coordinator's view (`gbvs status`); CI can gate on it, because the round is
complete only when nothing expected is missing and no submission has an error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from ..codes import S006
from ..diagnostics import Diagnostic, Severity
from ..validate import CheckedFile, check_file, check_files, display_path
from ..workspace import Workspace
from .reporters import safe, safe_json

BLANK = S006.code  # "nog niet ingevuld"
_NAME = re.compile(r"doel-0*(\d+)-([A-Za-z]+)\.ya?ml")


class State(str, Enum):
    OK = "in orde"
    WARNINGS = "waarschuwingen"
    INCOMPLETE = "onvolledig"  # only blanks left open, as `gbvs new` writes them
    ERRORS = "fouten"
    MISSING = "ontbreekt"

    @property
    def blocking(self) -> bool:
        return self in (State.INCOMPLETE, State.ERRORS, State.MISSING)


class Role(str, Enum):
    LEAD = "eerstverantwoordelijk"
    CONTRIBUTOR = "bijdragend"
    UNEXPECTED = "niet verwacht"


@dataclass(frozen=True)
class Entry:
    """One expected submission (present or not), or a file nobody expected."""

    goal: int | None
    department: str
    role: Role
    file: Path | None = None
    errors: int = 0
    warnings: int = 0
    blanks: int = 0
    changed: dt.datetime | None = None
    submitted: dt.date | None = None

    @property
    def state(self) -> State:
        if self.file is None:
            return State.MISSING
        if self.errors:
            return State.INCOMPLETE if self.errors == self.blanks else State.ERRORS
        return State.WARNINGS if self.warnings else State.OK


@dataclass(frozen=True)
class RoundStatus:
    period: str
    strategy: str
    entries: list[Entry]
    left_aside: list[Diagnostic] = field(default_factory=list)
    """What lies in the period folder but does not count (a YAML file in a sub-folder, Y020),
    or a period folder that is a link (Y019): shown beside the table."""

    def count(self, state: State, expected: bool = True) -> int:
        return sum(e.state is state and (e.role is not Role.UNEXPECTED) == expected for e in self.entries)

    @property
    def expected(self) -> int:
        return sum(e.role is not Role.UNEXPECTED for e in self.entries)

    @property
    def unexpected(self) -> int:
        return len(self.entries) - self.expected

    @property
    def complete(self) -> bool:
        """Nothing expected is missing and no file has an error: the report can be made."""
        return not any(e.state.blocking for e in self.entries)


def _identify(checked: CheckedFile) -> tuple[int | None, str]:
    """Goal and department of a file: from its content when it says, else from its name."""
    if checked.goal is not None and checked.department is not None:
        return checked.goal, checked.department
    match = _NAME.fullmatch(checked.path.name)
    return (int(match[1]), match[2]) if match else (None, "?")


def round_status(workspace: Workspace, period: str) -> RoundStatus:
    """Check every file of the period, as `gbvs validate` does (the cross-file layer too), and
    set it against what the catalogue expects."""
    paths, left_aside = workspace.period_files(period)  # what lies in sub-folders does not count
    files = [check_file(p, workspace.catalogue, workspace.speller) for p in paths]
    across: dict[str, list[Diagnostic]] = {}
    for finding in check_files(files, workspace.catalogue):
        across.setdefault(finding.file, []).append(finding)
    changed = last_changed([f.path for f in files])
    found: dict[tuple[int | None, str], list[Entry]] = {}
    for checked in files:
        goal, department = _identify(checked)
        findings = checked.findings + across.get(checked.display, [])
        errors = sum(d.severity is Severity.ERROR for d in findings)
        blanks = sum(d.code == BLANK for d in findings)
        found.setdefault((goal, department), []).append(
            Entry(
                goal,
                department,
                Role.UNEXPECTED,
                checked.path,
                errors,
                len(findings) - errors,
                blanks,
                changed.get(checked.path),
                checked.submission.submitted if checked.submission else None,
            )
        )
    entries: list[Entry] = []
    for expected in workspace.catalogue.goals.values():
        for department in expected.departments:
            role = Role.LEAD if department == expected.lead else Role.CONTRIBUTOR
            present = found.pop((expected.number, department), [])
            entries += [replace(e, role=role) for e in present] or [Entry(expected.number, department, role)]
    for unexpected in found.values():
        entries += unexpected
    return RoundStatus(period, workspace.catalogue.strategy.short_title, entries, left_aside)


def last_changed(paths: list[Path]) -> dict[Path, dt.datetime]:
    """When each file last changed: its last commit when it is committed and unchanged since
    (a fresh clone gives every file the same modification time), else its modification time."""
    times = {}
    for path in paths:
        try:  # the entry itself: a link is never followed (and may point nowhere)
            times[path] = dt.datetime.fromtimestamp(os.lstat(path).st_mtime).astimezone()
        except OSError:
            continue
    if paths:
        times.update(_commit_times(paths))
    return {p: t.replace(microsecond=0) for p, t in times.items()}


def _git(folder: Path, *args: str) -> str | None:
    try:
        # quotePath off: names with accents come through as they are, not as octal escapes
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _commit_times(paths: list[Path]) -> dict[Path, dt.datetime]:
    folder = paths[0].resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    log = _git(folder, "log", "--format=@%cI", "--name-only", "--", ".")
    changes = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if top is None or log is None or changes is None:
        return {}
    root = Path(top.strip())
    # "XY name", or "R  old -> new" for a rename
    dirty = {(root / line[3:].split(" -> ")[-1].strip('"')).resolve() for line in changes.splitlines() if len(line) > 3}
    newest: dict[Path, dt.datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("@"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line and when is not None:
            newest.setdefault((root / line).resolve(), when)
    wanted = {p.resolve(): p for p in paths}
    return {wanted[r]: t for r, t in newest.items() if r in wanted and r not in dirty}


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def format_text(status: RoundStatus) -> str:
    """The overview as a table with words, never only symbols, and the totals below it."""
    header = ("doel", "departement", "rol", "stand", "fouten", "waarsch.", "gewijzigd", "bestand")
    # department and file name come from the data: escaped, so that they can neither drive the
    # terminal nor (with a newline) forge a row
    rows = [header] + [
        (
            str(e.goal or "?"),
            safe(e.department),
            e.role.value,
            e.state.value,
            str(e.errors) if e.file else "-",
            str(e.warnings) if e.file else "-",
            _when(e.changed),
            safe(display_path(e.file)) if e.file else "-",
        )
        for e in status.entries
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = [f"Aanleveringen {safe(status.strategy)}, periode {safe(status.period)}", ""]
    for row in rows:
        cells = [c.rjust(w) if i in (0, 4, 5) else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines += ["", summary(status)]
    return "\n".join(lines) + "\n"


def summary(status: RoundStatus) -> str:
    unexpected = status.unexpected
    text = (
        f"{status.expected} verwacht: {status.count(State.OK)} in orde, "
        f"{status.count(State.WARNINGS)} met waarschuwingen, {status.count(State.INCOMPLETE)} onvolledig, "
        f"{status.count(State.ERRORS)} met fouten, "
        f"{status.count(State.MISSING)} ontbreken"
    )
    if unexpected:
        text += f"; {unexpected} niet verwacht, waarvan {status.count(State.ERRORS, expected=False)} met fouten"
    return text + "."


def to_json(status: RoundStatus) -> str:
    entries = [
        {
            "doel": e.goal,
            "departement": e.department,
            "rol": e.role.value,
            "stand": e.state.value,
            "fouten": e.errors if e.file else None,
            "waarschuwingen": e.warnings if e.file else None,
            "niet_ingevuld": e.blanks if e.file else None,
            "bestand": display_path(e.file) if e.file else None,
            "gewijzigd": e.changed.isoformat() if e.changed else None,
            "datum_aanlevering": e.submitted.isoformat() if e.submitted else None,
        }
        for e in status.entries
    ]
    totals = {
        "verwacht": status.expected,
        "in_orde": status.count(State.OK),
        "met_waarschuwingen": status.count(State.WARNINGS),
        "onvolledig": status.count(State.INCOMPLETE),
        "met_fouten": status.count(State.ERRORS),
        "ontbreekt": status.count(State.MISSING),
        "niet_verwacht": status.unexpected,
    }
    document = {
        "periode": status.period,
        "strategie": status.strategy,
        "compleet": status.complete,
        "totalen": totals,
        "aanleveringen": entries,
    }
    return safe_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
