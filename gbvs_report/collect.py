"""Stage 4, collect: check a set of files, and gather one period's submissions per goal.

`check_paths` is what `gbvs validate` runs; `collect_period` turns a workspace and a period
into the `PeriodReport` that the renderer reads: pillars, goals, their submissions, the
goal's overall status and the departments that have not yet submitted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import Catalogue, Goal, IndicatorSpec, Pillar
from .check import check_submission
from .crosscheck import cross_check
from .diagnostics import Diagnostic, has_errors
from .load import load_document
from .model import OverallStatus, Submission
from .workspace import Settings, Workspace, open_workspace, submission_files, workspace_root_of


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    submission: Submission | None
    findings: list[Diagnostic]
    catalogue_version: str = ""
    """The version of the catalogue the file was checked against."""

    @property
    def ok(self) -> bool:
        return self.submission is not None and not has_errors(self.findings)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    if not path.is_absolute():
        return str(path)  # already relative, as given (and no system call per file)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def check_file(path: Path, catalogue: Catalogue) -> CheckedFile:
    doc, findings = load_document(path, display_path(path))
    if doc is None:
        return CheckedFile(path, None, findings, catalogue_version=catalogue.version_label)
    submission, findings = check_submission(doc, catalogue)
    return CheckedFile(path, submission, findings, catalogue_version=catalogue.version_label)


def check_paths(paths: list[Path]) -> tuple[list[CheckedFile], list[Diagnostic]]:
    """Check every submission named by `paths`, each against the catalogue of its workspace.

    Returns the checked files and the findings that belong to no single submission (a broken
    settings or catalogue file, a path that does not exist).
    """
    checked: list[CheckedFile] = []
    general: list[Diagnostic] = []
    workspaces: dict[Path | None, Workspace | None] = {}
    roots: dict[Path, Path | None] = {}  # per folder: finding the workspace costs system calls
    for path in submission_files(paths):
        if path.parent not in roots:
            roots[path.parent] = workspace_root_of(path)
        root = roots[path.parent]
        if root not in workspaces:
            workspace, findings = open_workspace(root)
            workspaces[root] = workspace
            general += findings
        workspace = workspaces[root]
        if workspace is not None:
            checked.append(check_file(path, workspace.catalogue))
    return checked, general + cross_check(checked)


@dataclass
class GoalSection:
    """One goal in the report: its submissions and the status derived from them."""

    goal: Goal
    submissions: list[tuple[Path, Submission]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def status(self) -> OverallStatus | None:
        """The worst status any department reports; None when nobody has submitted."""
        statuses = [s.status for _, s in self.submissions]
        return max(statuses, key=lambda s: s.rank) if statuses else None

    def spec(self, indicator_id: str) -> IndicatorSpec | None:
        return self.goal.indicator(indicator_id)


@dataclass
class PillarSection:
    pillar: Pillar
    goals: list[GoalSection]


@dataclass
class PeriodReport:
    """Everything the report for one period shows; the renderer's only input."""

    period: str
    catalogue: Catalogue
    settings: Settings
    pillars: list[PillarSection]
    files: list[CheckedFile]

    @property
    def goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.goals]

    @property
    def example_data(self) -> bool:
        return self.settings.example_notice or any(s.example_data for g in self.goals for _, s in g.submissions)


def collect_period(workspace: Workspace, period: str) -> tuple[PeriodReport, list[Diagnostic]]:
    """Check every file of a period and arrange the valid submissions per pillar and goal."""
    files = [check_file(p, workspace.catalogue)
             for p in submission_files([workspace.period_dir(period)])]
    findings = [d for f in files for d in f.findings] + cross_check(files)
    by_goal: dict[int, list[tuple[Path, Submission]]] = {}
    for f in files:
        if f.ok and f.submission is not None:
            by_goal.setdefault(f.submission.goal, []).append((f.path, f.submission))
    pillars = []
    for pillar in workspace.catalogue.pillars:
        sections = []
        for goal in pillar.goals:
            order = {code: i for i, code in enumerate(goal.departments)}
            subs = sorted(by_goal.get(goal.number, []), key=lambda ps: (order.get(ps[1].department, 99), str(ps[0])))
            present = {s.department for _, s in subs}
            sections.append(GoalSection(goal, subs, [d for d in goal.departments if d not in present]))
        pillars.append(PillarSection(pillar, sections))
    return PeriodReport(period, workspace.catalogue, workspace.settings, pillars, files), findings
