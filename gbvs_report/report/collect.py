"""Collect: one period's checked submissions, arranged per pillar and goal.

`collect_period` turns a workspace and a period into the `PeriodReport` that the report
reads: pillars, goals, their submissions, the goal's overall status and the departments
that have not yet submitted. `collect_report` adds the earlier periods (for the charts and
the changes since the previous report) and the digest of every input file (for the
accountability annex).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import open_regular
from ..model.catalogue import CATALOGUE_DIR, Catalogue, Goal, IndicatorSpec, Pillar
from ..model.settings import Settings
from ..model.submission import OverallStatus, Submission
from ..validate import CheckedFile, check_file, check_files
from ..workspace import CATALOGUE_FILE, SETTINGS_FILE, Workspace


def _least_favourable(statuses: list[OverallStatus]) -> OverallStatus | None:
    return max(statuses, key=lambda s: s.rank) if statuses else None


@dataclass
class GoalSection:
    """One goal in the report: its submissions and the status derived from them."""

    goal: Goal
    submissions: list[tuple[Path, Submission]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    rule: Callable[[list[OverallStatus]], OverallStatus | None] = _least_favourable

    @property
    def status(self) -> OverallStatus | None:
        """The status by the catalogue's rule (the least favourable any department reports,
        by default); None when nobody has submitted."""
        return self.rule([s.status for _, s in self.submissions])

    def spec(self, indicator_id: str) -> IndicatorSpec | None:
        return self.goal.indicator(indicator_id)


@dataclass
class PillarSection:
    pillar: Pillar
    goals: list[GoalSection]


@dataclass(frozen=True)
class InputFile:
    """A file the report was made from, named relative to the workspace, with its SHA-256."""

    name: str
    role: str
    digest: str


@dataclass
class PeriodReport:
    """Everything the report for one period shows; the renderer's only input."""

    period: str
    catalogue: Catalogue
    settings: Settings
    pillars: list[PillarSection]
    files: list[CheckedFile]
    root: Path = Path(".")
    history: list[PeriodReport] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    letter_findings: list[Diagnostic] = field(default_factory=list)
    """What keeps the letter in the settings from being sent (layer B): a final report is refused."""

    @cached_property
    def letter_date(self) -> dt.date:
        """The date on the letter and the report: `brief.datum` from the settings, else
        SOURCE_DATE_EPOCH, else the day the report is made. Never a submission's date: the
        letter is dated when it is signed, not when the last department sent its file."""
        if self.settings.letter.date is not None:
            return self.settings.letter.date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        return dt.date.today()

    @property
    def goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.goals]

    @property
    def previous(self) -> PeriodReport | None:
        """The report of the period before this one, when the workspace has it."""
        return self.history[-1] if self.history else None

    @property
    def rejected(self) -> list[CheckedFile]:
        """Files left out because they have errors (only a draft report has any)."""
        return [f for f in self.files if not f.ok]

    @cached_property
    def _by_path(self) -> dict[Path, CheckedFile]:
        return {f.path: f for f in self.files}

    def checked(self, path: Path) -> CheckedFile:
        return self._by_path[path]

    def name(self, path: Path) -> str:
        """A file's name relative to the workspace, the same on every machine."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def example_data(self) -> bool:
        return self.settings.example_notice or any(s.example_data for g in self.goals for _, s in g.submissions)


def collect_period(workspace: Workspace, period: str) -> tuple[PeriodReport, list[Diagnostic]]:
    """Check every file of a period and arrange the valid submissions per pillar and goal."""
    paths, left_aside = workspace.period_files(period)  # what lies in sub-folders does not count
    files = [check_file(p, workspace.catalogue, workspace.speller) for p in paths]
    findings = left_aside + [d for f in files for d in f.findings] + check_files(files, workspace.catalogue)
    by_goal: dict[int, list[tuple[Path, Submission]]] = {}
    rejected_by_goal: dict[int, set[str]] = {}
    for f in files:
        if f.ok and f.submission is not None:
            by_goal.setdefault(f.submission.goal, []).append((f.path, f.submission))
        elif f.goal is not None and f.department is not None:
            rejected_by_goal.setdefault(f.goal, set()).add(f.department)
    pillars = []
    for pillar in workspace.catalogue.pillars:
        sections = []
        for goal in pillar.goals:
            order = {code: i for i, code in enumerate(goal.departments)}
            subs = sorted(by_goal.get(goal.number, []), key=lambda ps: (order.get(ps[1].department, 99), str(ps[0])))
            present = {s.department for _, s in subs}
            rejected = [d for d in goal.departments if d not in present and d in rejected_by_goal.get(goal.number, ())]
            missing = [d for d in goal.departments if d not in present and d not in rejected]
            sections.append(GoalSection(goal, subs, missing, rejected, workspace.catalogue.goal_status))
        pillars.append(PillarSection(pillar, sections))
    report = PeriodReport(
        period,
        workspace.catalogue,
        workspace.settings,
        pillars,
        files,
        workspace.root,
        letter_findings=list(workspace.letter_findings),
    )
    return report, findings


def collect_report(workspace: Workspace, period: str) -> tuple[PeriodReport, list[Diagnostic]]:
    """The period's report with every earlier period as its history, every figure traced and
    every input file digested. The findings cover all periods: each one feeds the report."""
    history, findings = [], []
    for earlier in (p for p in workspace.periods() if p < period):
        past, past_findings = collect_period(workspace, earlier)
        history.append(past)
        findings += past_findings
    report, current = collect_period(workspace, period)
    report.history = history
    report.inputs = _inputs(workspace, [report, *history])
    return report, findings + current


def _digest(path: Path) -> str:
    """The SHA-256 of a regular file; nothing for a link or anything else (never read)."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _inputs(workspace: Workspace, reports: list[PeriodReport]) -> list[InputFile]:
    root = workspace.root
    own_catalogue = root / CATALOGUE_FILE
    inputs = []
    if _regular(root / SETTINGS_FILE):
        inputs.append(InputFile(SETTINGS_FILE, "instellingen", _digest(root / SETTINGS_FILE)))
    if _regular(own_catalogue):
        inputs.append(InputFile(CATALOGUE_FILE, "strategiecatalogus", _digest(own_catalogue)))
    elif workspace.catalogue_file.parent == CATALOGUE_DIR:
        shipped = workspace.catalogue_file
        inputs.append(InputFile(f"{shipped.name} (meegeleverd)", "strategiecatalogus", _digest(shipped)))
    else:
        named = workspace.catalogue_file
        shown = named.relative_to(root).as_posix() if named.is_relative_to(root) else named.name
        inputs.append(InputFile(shown, "strategiecatalogus", _digest(named)))
    if workspace.template_dir.is_dir() and not workspace.template_dir.is_symlink():
        inputs += [
            InputFile(p.relative_to(root).as_posix(), "sjabloon", _digest(p))
            for p in sorted(workspace.template_dir.rglob("*"))
            if _regular(p)
        ]
    for report in sorted(reports, key=lambda r: r.period):
        inputs += [
            InputFile(report.name(f.path), "aanlevering" if f.ok else "aanlevering (weggelaten)", f.digest)
            for f in report.files
        ]
    return inputs


def _regular(path: Path) -> bool:
    """A regular file, not a link to one."""
    return path.is_file() and not path.is_symlink()
