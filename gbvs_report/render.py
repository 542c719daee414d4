"""Stage 5, render: the period's report as one self-contained HTML file.

One jinja environment (autoescape on, undefined names are errors) reads the templates from
the workspace's `templates/` folder first and the package's own templates second, so that a
department can restyle one file without copying the rest. The templates get one documented
context object, `ReportView`, and a few formatting filters; they do no arithmetic of their own.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import formatting
from .catalogue import IndicatorSpec
from .collect import GoalSection, PeriodReport
from .model import MilestoneIndicator, NumericIndicator, OrdinalIndicator, OverallStatus, period_years

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
SOURCE_TEMPLATES = Path(__file__).parent.parent / "templates"

# Status is never shown by colour alone: every status has a word and a symbol.
STATUS_SYMBOLS = {
    OverallStatus.COMPLETED: "✔", OverallStatus.ON_TRACK: "●",
    OverallStatus.ATTENTION: "▲", OverallStatus.DELAYED: "■", None: "○",
}
NO_SUBMISSION = "geen aanlevering"


def template_dirs(workspace_templates: Path | None = None) -> list[Path]:
    """The workspace's templates first, then the package's (installed, or in a source checkout)."""
    dirs = [workspace_templates] if workspace_templates and workspace_templates.is_dir() else []
    return dirs + [d for d in (PACKAGE_TEMPLATES, SOURCE_TEMPLATES) if d.is_dir()][:1]


def environment(dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(markdown=formatting.markdown, date=formatting.date, number=formatting.number)
    return env


@dataclass(frozen=True)
class IndicatorRow:
    """One numeric or ordinal indicator as a table row, every cell already formatted."""

    name: str
    department: str
    baseline: str
    target: str
    actuals: dict[int, str]
    sources: list[str]
    comment: str


@dataclass(frozen=True)
class MilestoneRow:
    name: str
    department: str
    description: str
    planned: str
    status: str
    reached: str
    source: str


def _point(value: float | str, year: int, spec: IndicatorSpec | None, unit=None) -> str:
    shown = value if isinstance(value, str) else formatting.quantity(value, unit)
    return f"{shown} ({year})"


def indicator_rows(section: GoalSection, years: tuple[int, ...]) -> tuple[list[IndicatorRow], list[MilestoneRow]]:
    rows, milestones = [], []
    for _, sub in section.submissions:
        for ind in sub.indicators:
            spec = section.spec(ind.id)
            name = spec.name if spec else ind.id
            if isinstance(ind, MilestoneIndicator):
                milestones.append(MilestoneRow(name, sub.department, ind.description,
                                               formatting.date(ind.planned), ind.status.value,
                                               formatting.date(ind.reached), ind.source or ""))
                continue
            unit = ind.unit if isinstance(ind, NumericIndicator) else None
            shown = (lambda v: formatting.quantity(v, unit)) if isinstance(ind, NumericIndicator) else str
            actuals = {a.year: f"{shown(a.value)}" for a in ind.actuals if a.year in years}
            as_of = {a.year: formatting.date(a.as_of) for a in ind.actuals if a.year in years}
            rows.append(IndicatorRow(
                name, sub.department,
                _point(ind.baseline.value, ind.baseline.year, spec, unit),
                _point(ind.target.value, ind.target.year, spec, unit),
                {y: (f"{actuals[y]}" if y in actuals else "–") for y in years},
                list(dict.fromkeys(f"{a.source} (peildatum {as_of[a.year]})" for a in ind.actuals if a.year in years)),
                ind.comment or ""))
    return rows, milestones


@dataclass
class ReportView:
    """The context of `report.html.j2`: the period's report plus what the templates show of it."""

    report: PeriodReport
    draft: bool = False

    @cached_property
    def years(self) -> tuple[int, ...]:
        first, last = period_years(self.report.period)
        return tuple(range(first, last + 1))

    @cached_property
    def report_date(self) -> dt.date:
        """The date on the report: SOURCE_DATE_EPOCH when set, else the latest submission's date,
        so that the same inputs always give the same document."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        dates = [s.submitted for g in self.report.goals for _, s in g.submissions]
        return max(dates) if dates else dt.date(self.years[-1] + 1, 1, 1)

    def status_label(self, section: GoalSection) -> str:
        return section.status.value if section.status else NO_SUBMISSION

    def status_symbol(self, section: GoalSection) -> str:
        return STATUS_SYMBOLS[section.status]

    def status_class(self, section: GoalSection) -> str:
        return "status-" + (section.status.name.lower() if section.status else "none")

    def department_name(self, code: str) -> str:
        return self.report.catalogue.department_names.get(code, code)

    def rows(self, section: GoalSection) -> tuple[list[IndicatorRow], list[MilestoneRow]]:
        return indicator_rows(section, self.years)

    def ordinal_scale(self, section: GoalSection) -> list[tuple[str, list[str]]]:
        """The named scales of the goal's ordinal indicators, for a legend under the table."""
        return [(spec.name, spec.scale) for spec in section.goal.indicators if spec.scale
                and any(isinstance(i, OrdinalIndicator) and i.id == spec.id
                        for _, s in section.submissions for i in s.indicators)]

    @property
    def title(self) -> str:
        return f"{self.report.settings.title} {self.report.period}"


def render_html(report: PeriodReport, template_dir: Path | None = None, *, draft: bool = False) -> str:
    env = environment(template_dirs(template_dir))
    view = ReportView(report, draft)
    # The stylesheet is the workspace's or the package's own file, never submission text.
    css = Markup(env.loader.get_source(env, "report.css")[0])  # type: ignore[union-attr]
    return env.get_template("report.html.j2").render(view=view, report=report, css=css)
