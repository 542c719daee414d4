"""Collect: one period's checked submissions, arranged per pillar and goal.

`collect_period` turns a checked period (`validate.check_period`: the one answer to which
files make up the period and what is wrong with them) into the `PeriodReport` that the report
reads: pillars, goals, their accepted submissions, the goal's overall status and the
departments that have not yet submitted. `collect_report` adds the earlier periods (for the
charts and the changes since the previous report) and the digest of every input file (for the
accountability annex).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model.catalogue import CATALOGUE_DIR, Catalogue, Goal, IndicatorSpec, Pillar
from ..model.settings import Settings
from ..model.submission import OverallStatus, Submission
from ..names import printable
from ..validate import CheckedFile, CheckedPeriod, check_period, check_periods, file_digest
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
    checked_period: CheckedPeriod
    """The period as checked: every file, what was found about each, the letter's date."""
    root: Path = Path(".")
    history: list[PeriodReport] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)

    @property
    def files(self) -> list[CheckedFile]:
        """Every submission file of the period, accepted or not."""
        return self.checked_period.files

    @property
    def letter_findings(self) -> list[Diagnostic]:
        """What keeps the letter in the settings from being sent (layer B): a final report is refused."""
        return self.checked_period.letter_findings

    @property
    def letter_date(self) -> dt.date:
        """The date on the letter and the report, decided once (`clock.letter_date`): `brief.datum`
        from the settings, else SOURCE_DATE_EPOCH, else the day the report is made."""
        return self.checked_period.letter.date

    @property
    def goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.goals]

    @property
    def previous(self) -> PeriodReport | None:
        """The report of the period before this one, when the workspace has it."""
        return self.history[-1] if self.history else None

    @property
    def rejected(self) -> list[CheckedFile]:
        """Files left out because an error was found about them (only a draft report has any)."""
        return self.checked_period.rejected_files

    def findings_of(self, checked: CheckedFile) -> list[Diagnostic]:
        """Everything found about one file of the period (its own findings and those across files)."""
        return self.checked_period.findings_of(checked)

    @cached_property
    def _by_path(self) -> dict[Path, CheckedFile]:
        return {f.path: f for f in self.files}

    def checked(self, path: Path) -> CheckedFile:
        return self._by_path[path]

    def name(self, path: Path) -> str:
        """A file's name relative to the workspace, the same on every machine."""
        try:
            return printable(path.relative_to(self.root).as_posix())
        except ValueError:
            return printable(path.as_posix())

    @property
    def example_data(self) -> bool:
        return self.settings.example_notice or any(s.example_data for g in self.goals for _, s in g.submissions)


def collect_period(workspace: Workspace, period: str) -> tuple[PeriodReport, list[Diagnostic]]:
    """Check every file of a period and arrange the accepted submissions per pillar and goal."""
    checked = check_period(workspace, period)
    return arrange(checked), checked.findings


def arrange(checked: CheckedPeriod) -> PeriodReport:
    """A checked period's accepted submissions per pillar and goal, with who is missing and who
    was left out for an error."""
    workspace = checked.workspace
    by_goal: dict[int, list[tuple[Path, Submission]]] = {}
    rejected_by_goal: dict[int, set[str]] = {}
    for f in checked.files:
        if checked.accepted(f) and f.submission is not None:
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
    return PeriodReport(checked.period, workspace.catalogue, workspace.settings, pillars, checked, workspace.root)


def collect_report(workspace: Workspace, period: str) -> tuple[PeriodReport, list[Diagnostic]]:
    """The period's report with every earlier period as its history, every figure traced and
    every input file digested. The findings cover all periods (each one feeds the report) and,
    once, the workspace's own files; the letter's are `PeriodReport.letter_findings`."""
    periods = [p for p in workspace.periods() if p < period] + [period]
    checked = check_periods(workspace, periods)
    reports = [arrange(checked[p]) for p in periods]
    report = reports[-1]
    report.history = reports[:-1]
    report.inputs = _inputs(workspace, reports)
    findings = checked[period].settings + [d for p in periods for d in checked[p].file_findings]
    return report, findings


def _inputs(workspace: Workspace, reports: list[PeriodReport]) -> list[InputFile]:
    root = workspace.root
    own_catalogue = root / CATALOGUE_FILE
    inputs = []
    if _regular(root / SETTINGS_FILE):
        inputs.append(InputFile(SETTINGS_FILE, "instellingen", file_digest(root / SETTINGS_FILE)))
    if _regular(own_catalogue):
        inputs.append(InputFile(CATALOGUE_FILE, "strategiecatalogus", file_digest(own_catalogue)))
    elif workspace.catalogue_file.parent == CATALOGUE_DIR:
        shipped = workspace.catalogue_file
        inputs.append(InputFile(f"{shipped.name} (meegeleverd)", "strategiecatalogus", file_digest(shipped)))
    else:
        named = workspace.catalogue_file
        shown = printable(named.relative_to(root).as_posix() if named.is_relative_to(root) else named.name)
        inputs.append(InputFile(shown, "strategiecatalogus", file_digest(named)))
    if workspace.template_dir.is_dir() and not workspace.template_dir.is_symlink():
        inputs += [
            InputFile(printable(p.relative_to(root).as_posix()), "sjabloon", file_digest(p))
            for p in sorted(workspace.template_dir.rglob("*"))
            if _regular(p)
        ]
    for report in sorted(reports, key=lambda r: r.period):
        inputs += [
            InputFile(
                report.name(f.path),
                "aanlevering" if report.checked_period.accepted(f) else "aanlevering (weggelaten)",
                f.digest,
            )
            for f in report.files
        ]
    return inputs


def _regular(path: Path) -> bool:
    """A regular file, not a link to one."""
    return path.is_file() and not path.is_symlink()
