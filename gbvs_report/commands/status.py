"""The state of a reporting round: for every goal and every department expected to contribute,
is the submission there, is it valid, and when did it last change.

This is the coordinator's view (`gbvs status`); CI can gate on it, because the round is
complete only when nothing expected is missing and no submission has an error. The files and
their findings are those of the checked period (`validate.check_period`), as every command
sees them. When a file last changed comes from its last commit when the workspace is under git
and the file is as committed (read with the safe git of `commands/git.py`, never `git status`),
else from the time on disk; each row says which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from ..codes import S006
from ..diagnostics import Diagnostic, Severity, has_errors
from ..load import open_regular
from ..model.submission import name_parts
from ..validate import CheckedFile, check_period, display_path
from ..workspace import Workspace
from .git import GitMissing, git
from .reporters import safe, safe_json

BLANK = S006.code  # "nog niet ingevuld"


class Source(str, Enum):
    """Where a file's time of last change comes from."""

    COMMIT = "git"
    DISK = "schijf"


SOURCE_NOTE = (
    "gewijzigd: volgens git de laatste commit die het bestand veranderde; volgens schijf de tijd "
    "op schijf (buiten git, of met wijzigingen die nog niet zijn vastgelegd)."
)


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
    changed_source: Source | None = None
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
    or a period folder that is a link (Y019), and the findings about the workspace's own files
    (the settings): shown beside the table."""

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
        """Nothing expected is missing, no file has an error and neither has the settings: the
        report can be made."""
        return not any(e.state.blocking for e in self.entries) and not has_errors(self.left_aside)


def _identify(checked: CheckedFile) -> tuple[int | None, str]:
    """Goal and department of a file: from its content when it says, else from its name."""
    if checked.goal is not None and checked.department is not None:
        return checked.goal, checked.department
    parts = name_parts(checked.path.name)
    return (parts[0], parts[1] or "?") if parts else (None, "?")


def round_status(workspace: Workspace, period: str) -> RoundStatus:
    """The checked period (the same files and findings as `gbvs validate`, `report` and
    `export` see), set against what the catalogue expects."""
    checked = check_period(workspace, period)
    changed = last_changed([f.path for f in checked.files])
    found: dict[tuple[int | None, str], list[Entry]] = {}
    for file in checked.files:
        goal, department = _identify(file)
        findings = checked.findings_of(file)
        errors = sum(d.severity is Severity.ERROR for d in findings)
        blanks = sum(d.code == BLANK for d in findings)
        when, source = changed.get(file.path, (None, None))
        found.setdefault((goal, department), []).append(
            Entry(
                goal,
                department,
                Role.UNEXPECTED,
                file.path,
                errors,
                len(findings) - errors,
                blanks,
                when,
                source,
                file.submission.submitted if file.submission else None,
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
    beside = checked.settings + checked.letter_findings + checked.left_aside
    return RoundStatus(period, workspace.catalogue.strategy.short_title, entries, beside)


def last_changed(paths: list[Path]) -> dict[Path, tuple[dt.datetime, Source]]:
    """When each file last changed, and where that comes from: its last commit when it is
    committed and unchanged since (a fresh clone gives every file the same time on disk), else
    its time on disk."""
    times = {}
    for path in paths:
        try:  # the entry itself: a link is never followed (and may point nowhere)
            times[path] = (dt.datetime.fromtimestamp(os.lstat(path).st_mtime).astimezone(), Source.DISK)
        except OSError:
            continue
    if paths:
        times.update((path, (when, Source.COMMIT)) for path, when in commit_times(paths).items())
    return {p: (t.replace(microsecond=0), source) for p, (t, source) in times.items()}


_MARK = "\x01"  # before each commit's date in the log: no file name starts with it


def commit_times(paths: list[Path]) -> dict[Path, dt.datetime]:
    """The time of the last commit that changed each file, for the files (all in one folder)
    whose content is as committed in HEAD; nothing outside git. Whether a file is as committed
    is decided by hashing it as git does, never by `git status` (see `commands/git.py`)."""
    folder = Path(os.path.abspath(paths[0])).parent
    try:
        top = git(folder, "rev-parse", "--show-toplevel", timeout=30)
        form = git(folder, "rev-parse", "--show-object-format", timeout=30)
        tree = git(folder, "ls-tree", "-r", "-z", "--full-name", "HEAD", "--", ".", timeout=30)
        log = git(
            folder,
            "log",
            f"--format={_MARK}%cI",
            "--name-only",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--",
            ".",
            timeout=30,
        )
    except GitMissing:
        return {}
    if any(r.returncode != 0 for r in (top, tree, log)):
        return {}
    root = Path(os.fsdecode(top.stdout.strip()))
    algorithm = form.stdout.decode().strip() if form.returncode == 0 and form.stdout.strip() else "sha1"
    committed: dict[Path, str] = {}
    for item in filter(None, tree.stdout.split(b"\0")):
        meta, _, name = item.partition(b"\t")
        committed[(root / os.fsdecode(name)).resolve()] = meta.split()[-1].decode()
    newest: dict[Path, dt.datetime] = {}
    when = None
    for record in log.stdout.decode("utf-8", "surrogateescape").split("\0"):
        token = record.lstrip("\n")
        if token.startswith(_MARK):
            when = dt.datetime.fromisoformat(token[1:])
        elif token and when is not None:
            newest.setdefault((root / token).resolve(), when)
    found = {}
    for path in paths:
        real = path.resolve()
        if real in newest and real in committed and _blob_id(path, algorithm) == committed[real]:
            found[path] = newest[real]
    return found


def _blob_id(path: Path, algorithm: str) -> str | None:
    """The id git gives the file's bytes as a blob; None when it cannot be read (or is large)."""
    try:
        with open_regular(path) as handle:  # never a link, never a pipe
            content = handle.read(8_000_001)
    except OSError:
        return None
    if len(content) > 8_000_000 or algorithm not in ("sha1", "sha256"):
        return None
    return hashlib.new(algorithm, b"blob %d\0" % len(content) + content).hexdigest()


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def format_text(status: RoundStatus) -> str:
    """The overview as a table with words, never only symbols, and the totals below it."""
    header = ("doel", "departement", "rol", "stand", "fouten", "waarsch.", "gewijzigd", "volgens", "bestand")
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
            e.changed_source.value if e.changed_source else "-",
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
    if any(e.changed_source for e in status.entries):
        lines.append(SOURCE_NOTE)
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
            "gewijzigd_volgens": e.changed_source.value if e.changed_source else None,
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


FORMATS = {"text": format_text, "json": to_json}
"""The formats of `gbvs status` (`--formaat`), by name."""
