"""Validate: check files against their workspace's catalogue and keep what later stages need.

`check_file` reads a submission once: it loads it, runs the schema, catalogue and
plausibility layers, and keeps a `CheckedFile` with the submission (when the schema accepts
it), every finding, the goal and department it is about, the position of every value and the
file's SHA-256. Nothing later (the cross-file layer, the report, the export, the status of a
round) reads or parses the file again. `check_files` adds the cross-file layer; it is the one
set of checks that `validate`, `status`, `report` and `export` all run.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .diagnostics import Diagnostic, Rule, diagnostic, has_errors
from .load import PathPart, locate, open_regular, parse_bytes, read_bytes
from .model.catalogue import Catalogue
from .model.submission import Key, Submission, is_period
from .rules.catalogue import catalogue_checks
from .rules.crossfile import Entry, cross_check
from .rules.plausibility import plausibility_checks
from .rules.spelling import Speller, spelling_findings
from .rules.text import INVISIBLE, invisible_characters
from .validation import SubmissionParts, parse_model
from .workspace import Workspace, display_path, open_workspace, submission_files, submission_search, workspace_root_of

__all__ = ["CheckedFile", "check_file", "check_files", "check_paths", "display_path"]

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
            path, None, findings, _digest_of_file(path), catalogue_version=catalogue.version_label, shown_as=name
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
        plausibility_checks(parts, goal, add, catalogue.strategy.first_year)
        if INVISIBLE.search(doc.text):  # one look at the whole text; the fields only when needed
            invisible_characters(data, add)
        if speller is not None:
            found += spelling_findings(doc, speller)
        findings = sorted(findings + found)
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


def _digest_of_file(path: Path) -> str:
    """The SHA-256 of a file that was not read for the check (too large): read in pieces."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:  # never a link, a pipe or a folder
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def check_files(files: list[CheckedFile], catalogue: Catalogue) -> list[Diagnostic]:
    """The cross-file layer over checked files, with the previous period's files beside them
    where the run did not check those itself."""
    entries = [_entry(f) for f in files if f.submission is not None]
    run_folders = {os.path.dirname(e.key) for e in entries}
    earlier: list[Entry] = []
    loaded: set[str] = set()
    for entry in entries:
        folder = os.path.join(entry.workspace, catalogue.previous_period(entry.submission.period))
        if folder not in loaded and folder not in run_folders:
            loaded.add(folder)
            earlier += _accepted(Path(folder), catalogue)
    return cross_check(entries, earlier, catalogue.previous_period)


def _entry(checked: CheckedFile) -> Entry:
    assert checked.submission is not None
    return Entry(os.path.abspath(checked.path), checked.display, checked.submission, checked.locate)


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


def check_paths(paths: list[Path]) -> tuple[list[CheckedFile], list[Diagnostic]]:
    """Check every submission named by `paths`, each against the catalogue of its workspace.

    Returns the checked files and the findings that belong to no single submission (a broken
    settings or catalogue file) together with the cross-file findings.
    """
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
        general += check_files(files, workspace.catalogue)
        # The letter is the coordinator's: shown when the whole workspace is checked, not when a
        # department checks its own files (a pre-commit hook, a period folder).
        if root is not None and os.path.abspath(root) in whole:
            general += workspace.letter_findings
    return checked, general
