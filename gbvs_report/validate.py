"""Validate: which files make up a period, and what is wrong with them, answered once.

`check_file` reads a submission once: it loads it, runs the schema, catalogue and
plausibility layers, and keeps a `CheckedFile` with the submission (when the schema accepts
it), every finding, the goal and department it is about, the position of every value and the
file's SHA-256. Nothing later reads or parses the file again.

`check_period` answers the question for one period of a workspace: its submission files by the
one rule (`Workspace.period_files`), each file's findings, the findings across files and
against the letter's date (layer X, X004 included), what lies in the folder but does not count
(Y019, Y020), the findings about the workspace's own files (`settings_findings`) and what keeps
the letter from being sent (layer B). The `CheckedPeriod` it returns is what `gbvs validate`,
`status`, `export`, `diff` and `report` all ask; `check_paths` runs the same checks over
whatever paths `gbvs validate` is given.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .clock import Dated, letter_date
from .consequences import after_syntax_error
from .diagnostics import Diagnostic, Rule, diagnostic, has_errors
from .load import PathPart, locate, open_regular, parse_bytes, read_bytes
from .model.catalogue import Catalogue
from .model.submission import Key, Submission, is_period
from .rules.catalogue import catalogue_checks
from .rules.crossfile import Entry, colliding_names, cross_check, late_sources
from .rules.plausibility import plausibility_checks, thousands_separators
from .rules.spelling import Speller, spelling_findings
from .rules.text import invisible_characters, might_hold
from .rules.uniqueness import uniqueness_checks
from .validation import SubmissionParts, parse_model
from .workspace import Workspace, display_path, open_workspace, submission_files, submission_search, workspace_root_of

__all__ = [
    "CheckedFile",
    "CheckedPeriod",
    "check_file",
    "check_paths",
    "check_period",
    "check_periods",
    "display_path",
    "file_digest",
    "settings_findings",
]

Positions = dict[tuple[PathPart, ...], tuple[int, int]]


@dataclass(frozen=True)
class CheckedFile:
    """A submission file as checked: what it says, what is wrong with it, where each value is."""

    path: Path
    submission: Submission | None
    findings: list[Diagnostic]
    digest: str = ""
    """The SHA-256 of the file's bytes, as read for the check."""
    goal: int | None = None
    department: str | None = None
    """The goal and department the file is about, read from it even when the schema refuses it."""
    catalogue_version: str = ""
    """The version of the catalogue the file was checked against."""
    positions: Positions = field(default_factory=dict, compare=False, repr=False)
    key_positions: Positions = field(default_factory=dict, compare=False, repr=False)
    shown_as: str = field(default="", compare=False, repr=False)
    """The path as the messages name it (`display`), when it was worked out already."""

    @property
    def ok(self) -> bool:
        """The file on its own: the schema takes it and it has no error of its own. Whether it
        counts in its period (no error across files either) is `CheckedPeriod.accepted`."""
        return self.submission is not None and not has_errors(self.findings)

    @cached_property
    def display(self) -> str:
        return self.shown_as or display_path(self.path)

    def locate(self, at: tuple[PathPart, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `at` (see `Document.locate`)."""
        return locate(self.positions, self.key_positions, at, key=key)

    def line(self, at: tuple[PathPart, ...]) -> int:
        return self.locate(at)[0] if self.positions else 0


def check_file(path: Path, catalogue: Catalogue, speller: Speller | None = None) -> CheckedFile:
    """Read, load and check one submission: schema, catalogue and plausibility, and with a
    `speller` (the workspace's) the spelling of its texts."""
    name = display_path(path)
    raw, findings = read_bytes(path, name)
    if raw is None:
        return CheckedFile(
            path, None, findings, file_digest(path), catalogue_version=catalogue.version_label, shown_as=name
        )
    digest = hashlib.sha256(raw).hexdigest()
    doc, findings = parse_bytes(raw, path, name)
    if doc is None:
        return CheckedFile(path, None, findings, digest, catalogue_version=catalogue.version_label, shown_as=name)
    submission, findings = parse_model(doc, Submission)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is not None:
        parts = SubmissionParts.of(submission) if submission else SubmissionParts.salvage(data)
        found: list[Diagnostic] = []

        def add(
            rule: Rule, at: tuple[PathPart, ...], message: str, hint: str = "", key: bool = False, suggestion: str = ""
        ) -> None:
            line, col = doc.locate(at, key=key)
            found.append(diagnostic(rule, message, doc.display, line, col, at, hint, suggestion))

        goal = catalogue_checks(doc, parts, catalogue, add)
        uniqueness_checks(parts, add, lambda at: doc.locate(at)[0])
        plausibility_checks(parts, goal, add, catalogue.strategy.first_year)
        if doc.three_decimals:
            thousands_separators(doc.three_decimals, data, goal, catalogue, add)
        if might_hold(doc.text):  # one look at the whole text; the fields only when needed
            invisible_characters(data, add)
        if speller is not None:
            found += spelling_findings(doc, speller)
        findings = sorted(findings + after_syntax_error(doc, found))
    goal_number, department = (data or {}).get(Key.GOAL), (data or {}).get(Key.DEPARTMENT)
    return CheckedFile(
        path,
        submission,
        findings,
        digest,
        goal_number if isinstance(goal_number, int) and not isinstance(goal_number, bool) else None,
        department if isinstance(department, str) else None,
        catalogue.version_label,
        doc.positions,
        doc.key_positions,
        name,
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of a regular file, read in pieces (one too large for the check, the settings,
    a template); nothing for a link, a pipe or a folder, which are never opened."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:  # never a link, a pipe or a folder
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckedPeriod:
    """One period of a workspace as every command sees it: which files make it up and what is
    wrong with each of them. A file counts when `accepted`: the schema takes it and no finding
    about it (its own, or one across files) is an error; a draft report leaves the others out."""

    workspace: Workspace
    period: str
    files: list[CheckedFile]
    """The period's submission files (`Workspace.period_files`), in name order."""
    across: list[Diagnostic]
    """Findings between the files and against the letter's date (layer X), each about one of `files`."""
    left_aside: list[Diagnostic]
    """What lies in the period folder but does not count (Y020), or the folder as a link (Y019)."""
    settings: list[Diagnostic]
    """Findings about the workspace's own files that do not stop the work (`settings_findings`)."""
    letter: Dated
    """The letter's date the period was checked against (X004)."""
    letter_findings: list[Diagnostic] = field(default_factory=list)
    """What keeps the letter in the settings from being sent (layer B, warnings): `status` shows
    them beside the table, `report` makes no final report with them; the open data and `diff`,
    which do not carry the letter, leave them alone."""

    @cached_property
    def _across_by_file(self) -> dict[str, list[Diagnostic]]:
        by_file: dict[str, list[Diagnostic]] = {}
        for finding in self.across:
            by_file.setdefault(finding.file, []).append(finding)
        return by_file

    def findings_of(self, checked: CheckedFile) -> list[Diagnostic]:
        """Everything found about one file: its own findings and those across files."""
        return sorted(checked.findings + self._across_by_file.get(checked.display, []))

    def accepted(self, checked: CheckedFile) -> bool:
        return checked.submission is not None and not has_errors(self.findings_of(checked))

    @property
    def rejected_files(self) -> list[CheckedFile]:
        return [f for f in self.files if not self.accepted(f)]

    @property
    def file_findings(self) -> list[Diagnostic]:
        """Every finding about the period's folder and files."""
        return self.left_aside + [d for f in self.files for d in self.findings_of(f)]

    @property
    def findings(self) -> list[Diagnostic]:
        """Every finding that bears on the period: the settings' and the files'."""
        return self.settings + self.file_findings


def settings_findings(workspace: Workspace) -> list[Diagnostic]:
    """Findings about the workspace's own files that do not stop the work: warnings from reading
    the settings and the catalogue. Every checked period carries them, and so every command
    alike. What keeps the letter from being sent (layer B, `rules/letter.py`) comes beside them,
    as `CheckedPeriod.letter_findings`."""
    return list(workspace.findings)


def check_period(workspace: Workspace, period: str, earlier: CheckedPeriod | None = None) -> CheckedPeriod:
    """Check one period of a workspace: the answer every command asks (see the module's text).
    `earlier`, the checked period before this one, saves reading its files again for the
    comparison with the previous period (X003)."""
    paths, left_aside = workspace.period_files(period)  # what lies in sub-folders does not count
    with _collector_eased():
        files = [check_file(p, workspace.catalogue, workspace.speller) for p in paths]
    letter = letter_date(workspace.settings.letter.date)
    known = _entries_by_folder(earlier.files) if earlier is not None else {}
    across = _across(files, workspace.catalogue, letter, known)
    return CheckedPeriod(
        workspace, period, files, across, left_aside, settings_findings(workspace), letter, workspace.letter_findings
    )


def check_periods(workspace: Workspace, periods: Iterable[str]) -> dict[str, CheckedPeriod]:
    """Several periods of one workspace, oldest first, each read once."""
    checked: dict[str, CheckedPeriod] = {}
    previous: CheckedPeriod | None = None
    for period in sorted(periods):
        earlier = (
            previous
            if previous is not None and workspace.catalogue.previous_period(period) == previous.period
            else None
        )
        previous = checked[period] = check_period(workspace, period, earlier)
    return checked


def _across(
    files: list[CheckedFile], catalogue: Catalogue, letter: Dated, known: dict[str, list[Entry]]
) -> list[Diagnostic]:
    """The rules across files (layer X) over checked files of one workspace: the cross-file
    rules, a source after the letter's date (X004), names that collide (X005). For the
    comparison with the previous period, that period's files are read (quietly) when neither
    this run nor `known` has them."""
    cwd = os.getcwd()  # once: os.path.abspath asks for it at every call
    absolute = [os.path.normpath(os.path.join(cwd, f.path)) for f in files]
    entries = [_entry(f, key) for f, key in zip(files, absolute) if f.submission is not None]
    run_folders = {os.path.dirname(e.key) for e in entries}
    earlier: list[Entry] = []
    loaded: set[str] = set()
    for entry in entries:
        folder = os.path.join(entry.workspace, catalogue.previous_period(entry.submission.period))
        if folder not in loaded and folder not in run_folders:
            loaded.add(folder)
            earlier += known[folder] if folder in known else _accepted(Path(folder), catalogue)
    names = [(os.path.dirname(key), f.display) for f, key in zip(files, absolute)]
    return (
        cross_check(entries, earlier, catalogue.previous_period)
        + late_sources(entries, letter)
        + colliding_names(names)
    )


def _entry(checked: CheckedFile, key: str | None = None) -> Entry:
    assert checked.submission is not None
    return Entry(key or os.path.abspath(checked.path), checked.display, checked.submission, checked.locate)


def _entries_by_folder(files: list[CheckedFile]) -> dict[str, list[Entry]]:
    by_folder: dict[str, list[Entry]] = {}
    for f in files:
        if f.submission is not None:
            entry = _entry(f)
            by_folder.setdefault(os.path.dirname(entry.key), []).append(entry)
    return by_folder


def _accepted(folder: Path, catalogue: Catalogue) -> list[Entry]:
    """The submissions the schema accepts in a period folder the run did not check (quietly:
    their own findings are not this run's)."""
    if not folder.is_dir() or not is_period(folder.name):
        return []
    entries = []
    for path in submission_files([folder]):
        raw, _ = read_bytes(path, str(path))
        doc, _ = parse_bytes(raw, path, display_path(path)) if raw is not None else (None, [])
        submission = parse_model(doc, Submission)[0] if doc is not None else None
        if doc is not None and submission is not None:
            entries.append(Entry(os.path.abspath(path), doc.display, submission, doc.locate))
    return entries


@contextmanager
def _collector_eased() -> Iterator[None]:
    """Checking files makes many small objects (a node per value). The cyclic garbage collector,
    left as it is, walks every object of the process, the imported modules and models among them,
    each time a few hundred new ones have been made: a sixth of the time of a large run. While
    the files are checked, what exists already is set aside from collection (`gc.freeze`) and
    the collector runs less often; it still runs, so that memory stays as it was (measured at
    100x the example: 2.4 s instead of 2.9 s, peak memory 156 MB against 151 MB)."""
    threshold = gc.get_threshold()
    gc.freeze()  # what exists now lives as long as the process: it stays set aside
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def check_paths(paths: list[Path]) -> tuple[list[CheckedFile], list[Diagnostic]]:
    """Check every submission named by `paths` (files, folders, several periods or workspaces,
    files outside any workspace), each against the catalogue of its workspace, with the same
    checks as `check_period`: per file, across the files of one workspace that the run names,
    and against that workspace's letter date.

    Returns the checked files and the findings that belong to no single submission's own
    checks: the folder's (Y019, Y020), the workspace's own files (`settings_findings`, or the
    errors that make a workspace unusable), and those across files.
    """
    with _collector_eased():
        return _check_paths(paths)


def _check_paths(paths: list[Path]) -> tuple[list[CheckedFile], list[Diagnostic]]:
    by_workspace: dict[Path | None, list[CheckedFile]] = {}
    workspaces: dict[Path | None, Workspace | None] = {}
    roots: dict[Path, Path | None] = {}  # per folder: finding the workspace costs system calls
    found, general = submission_search(paths)
    for path in found:
        if path.parent not in roots:
            roots[path.parent] = workspace_root_of(path.parent)  # the folder, never a link's target
        root = roots[path.parent]
        if root not in workspaces:
            workspaces[root], findings = open_workspace(root)
            general += findings
        workspace = workspaces[root]
        if workspace is not None:
            speller = workspace.speller if root is not None else None
            by_workspace.setdefault(root, []).append(check_file(path, workspace.catalogue, speller))
    checked: list[CheckedFile] = []
    whole = {os.path.abspath(p) for p in paths if p.is_dir()}
    for root, files in by_workspace.items():
        workspace = workspaces[root]
        assert workspace is not None
        checked += files
        if root is not None:  # outside any workspace there are no settings of its own
            general += settings_findings(workspace)
            # The letter is the coordinator's: shown when the whole workspace is checked, not when
            # a department checks its own files (a pre-commit hook, a period folder).
            if os.path.abspath(root) in whole:
                general += workspace.letter_findings
        general += _across(files, workspace.catalogue, letter_date(workspace.settings.letter.date), {})
    return checked, general
