"""The view: what the report's templates show of a period's report, every figure formatted
and traced to the file and line it comes from. The templates do no arithmetic of their own.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

from ..model.submission import MilestoneIndicator, OrdinalIndicator, OverallStatus, Submission, period_years
from . import annexes, formatting
from .charts import Chart, build_chart
from .collect import GoalSection, PeriodReport
from .compare import Changes, Point, Series, TargetChange, Trace, all_series, changes, trace_of

# Status is never shown by colour alone: every status has a word and a symbol.
STATUS_SYMBOLS = {
    OverallStatus.COMPLETED: "✔", OverallStatus.ON_TRACK: "●",
    OverallStatus.ATTENTION: "▲", OverallStatus.DELAYED: "■", None: "○",
}
NO_SUBMISSION = "geen aanlevering"


@dataclass(frozen=True)
class Figure:
    """A figure as the report shows it, with the file and line it was read from."""

    text: str
    trace: Trace | None = None


@dataclass(frozen=True)
class IndicatorRow:
    """One numeric or ordinal indicator as a table row, every cell already formatted."""

    name: str
    department: str
    baseline: Figure
    target: Figure
    actuals: dict[int, Figure | None]
    sources: list[str]
    comment: str


@dataclass(frozen=True)
class MilestoneRow:
    name: str
    department: str
    description: str
    planned: Figure
    status: Figure
    reached: Figure | None
    source: str


@dataclass(frozen=True)
class ChartView:
    """A chart with the table of the same data beneath it."""

    chart: Chart
    series: Series
    rows: list[tuple[str, str, Figure, str]]  # year, kind, value, peildatum


@dataclass(frozen=True)
class Provenance:
    """One line of an input file and the figures the report read from it."""

    anchor: str
    line: int
    what: list[str]


def _per_year(values: dict[int, str]) -> str:
    """One text when every year has the same, else `jaar: tekst` per year."""
    distinct = list(dict.fromkeys(values.values()))
    return "; ".join(distinct if len(distinct) <= 1 else [f"{year}: {text}" for year, text in values.items()])


def source_cell(points: dict[int, Point]) -> list[str]:
    """The sources of a row's realisations, each with its peildatum, as briefly as the data allows:
    one source with one date, one source with a date per year, or a source per year."""
    sources = {y: p.source for y, p in points.items()}
    dates = {y: formatting.date(p.as_of) for y, p in points.items()}
    if len(set(sources.values())) <= 1:
        return [f"{source} (peildatum {_per_year(dates)})" for source in dict.fromkeys(sources.values())]
    return [f"{y}: {sources[y]} (peildatum {dates[y]})" for y in points]


@dataclass(repr=False)  # the report is large: keep it out of error messages
class ReportView:
    """The context of `report.html.j2`: the period's report plus what the templates show of it."""

    report: PeriodReport
    draft: bool = False
    _provenance: dict[Trace, list[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def years(self) -> tuple[int, ...]:
        first, last = period_years(self.report.period)
        return tuple(range(first, last + 1))

    @cached_property
    def report_date(self) -> dt.date:
        """The date on the report: the letter's date from the settings, else SOURCE_DATE_EPOCH,
        else the latest submission's date, so that the same inputs always give the same document."""
        if self.report.settings.letter.date is not None:
            return self.report.settings.letter.date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        dates = [s.submitted for g in self.report.goals for _, s in g.submissions]
        return max(dates) if dates else dt.date(self.years[-1] + 1, 1, 1)

    def status_label(self, section: GoalSection) -> str:
        return section.status.value if section.status else NO_SUBMISSION

    def status_symbol(self, section: GoalSection) -> str:
        return STATUS_SYMBOLS[section.status]

    def status_class(self, section: GoalSection) -> str:
        return "status-" + (section.status.name.lower() if section.status else "none")

    def symbol(self, status: OverallStatus | None) -> str:
        return STATUS_SYMBOLS[status]

    def department_name(self, code: str) -> str:
        return self.report.catalogue.department_names.get(code, code)

    @property
    def title(self) -> str:
        return f"{self.report.settings.title} {self.report.period}"

    # Figures and where they come from.

    def _figure(self, text: str, trace: Trace | None, what: str) -> Figure:
        if trace is not None and trace.line:
            self._provenance.setdefault(trace, []).append(f"{what}: {text}")
            return Figure(text, trace)
        return Figure(text)

    @cached_property
    def _file_numbers(self) -> dict[str, int]:
        return {f.name: i for i, f in enumerate(self.report.inputs, start=1)}

    def anchor(self, trace: Trace) -> str:
        return f"herkomst-{self._file_numbers.get(trace.file, 0)}-{trace.line}"

    @cached_property
    def provenance(self) -> list[tuple[str, list[Provenance]]]:
        """Per input file, the figures the report took from each of its lines (for the annex)."""
        _ = (self.goal_views, self.changes, self.annex)  # these register every figure they build
        for section in self.report.goals:
            for path, sub in section.submissions:
                self.submission_status(path, sub)
        by_file: dict[str, list[Provenance]] = {}
        for trace in sorted(self._provenance):
            by_file.setdefault(trace.file, []).append(
                Provenance(self.anchor(trace), trace.line, list(dict.fromkeys(self._provenance[trace]))))
        return [(name, by_file[name]) for name in self._file_numbers if name in by_file]

    # Per goal: indicator rows, milestones and charts.

    @cached_property
    def series(self) -> dict[tuple, Series]:
        return all_series(self.report)

    @cached_property
    def goal_views(self) -> dict[int, tuple[list[IndicatorRow], list[MilestoneRow], list[ChartView]]]:
        return {section.goal.number: self._goal_view(section) for section in self.report.goals}

    def rows(self, section: GoalSection) -> tuple[list[IndicatorRow], list[MilestoneRow]]:
        rows, milestones, _ = self.goal_views[section.goal.number]
        return rows, milestones

    def charts(self, section: GoalSection) -> list[ChartView]:
        return self.goal_views[section.goal.number][2]

    def _goal_view(self, section: GoalSection):
        rows, milestones, charts = [], [], []
        for path, sub in section.submissions:
            for i, ind in enumerate(sub.indicators):
                spec = section.spec(ind.id)
                name = spec.name if spec else ind.id
                trace = lambda *at: trace_of(self.report, path, ("indicatoren", i, *at))  # noqa: E731
                if isinstance(ind, MilestoneIndicator):
                    milestones.append(self._milestone_row(name, sub.department, ind, trace))
                    continue
                series = self.series[(sub.goal, sub.department, ind.id)]
                rows.append(self._indicator_row(name, sub.department, series, ind.comment or ""))
                if series.numeric:
                    charts.append(self._chart_view(series, f"grafiek-{sub.goal}-{len(charts) + 1}"))
        return rows, milestones, charts

    def _shown(self, series: Series, value: float | str) -> str:
        return formatting.quantity(value, series.unit) if series.numeric else str(value)  # type: ignore[arg-type]

    def _indicator_row(self, name: str, department: str, series: Series, comment: str) -> IndicatorRow:
        what = series.indicator_id  # the annex names the indicator as its file does
        current = {p.year: p for p in series.actuals if p.year in self.years}
        return IndicatorRow(
            name, department,
            self._with_year(self._figure(self._shown(series, series.baseline.value), series.baseline.trace,
                                         f"nulmeting {what}"), series.baseline.year),
            self._with_year(self._figure(self._shown(series, series.target.value), series.target.trace,
                                         f"streefwaarde {what}"), series.target.year),
            {y: (self._figure(self._shown(series, current[y].value), current[y].trace, f"realisatie {y} {what}")
                 if y in current else None) for y in self.years},
            source_cell(current),
            comment)

    @staticmethod
    def _with_year(figure: Figure, year: int) -> Figure:
        return Figure(f"{figure.text} ({year})", figure.trace)

    def _milestone_row(self, name: str, department: str, ind: MilestoneIndicator, trace) -> MilestoneRow:
        what = f"mijlpaal {ind.id}"
        return MilestoneRow(
            name, department, ind.description,
            self._figure(formatting.date(ind.planned), trace("gepland"), f"gepland, {what}"),
            self._figure(ind.status.value, trace("status"), f"status, {what}"),
            self._figure(formatting.date(ind.reached), trace("behaald_op"), f"behaald op, {what}")
            if ind.reached else None,
            ind.source or "")

    def _chart_view(self, series: Series, chart_id: str) -> ChartView:
        what = series.indicator_id
        rows = [(str(series.baseline.year), "nulmeting",
                 self._figure(self._shown(series, series.baseline.value), series.baseline.trace,
                              f"nulmeting {what}"), "")]
        rows += [(str(p.year), "realisatie",
                  self._figure(self._shown(series, p.value), p.trace, f"realisatie {p.year} {what}"),
                  formatting.date(p.as_of)) for p in series.actuals]
        rows.append((str(series.target.year), "streefwaarde",
                     self._figure(self._shown(series, series.target.value), series.target.trace,
                                  f"streefwaarde {what}"), ""))
        return ChartView(build_chart(series, chart_id), series, rows)

    def ordinal_scale(self, section: GoalSection) -> list[tuple[str, list[str]]]:
        """The named scales of the goal's ordinal indicators, for a legend under the table."""
        return [(spec.name, spec.scale) for spec in section.goal.indicators if spec.scale
                and any(isinstance(i, OrdinalIndicator) and i.id == spec.id
                        for _, s in section.submissions for i in s.indicators)]

    # Summary.

    @cached_property
    def status_counts(self) -> list[tuple[OverallStatus | None, str, int]]:
        """Per status (best first, then no submission): its word and how many goals have it."""
        statuses = [s.status for s in self.report.goals]
        order = [*sorted(OverallStatus, key=lambda s: s.rank), None]
        return [(status, status.value if status else NO_SUBMISSION, statuses.count(status)) for status in order]

    @cached_property
    def changes(self) -> Changes:
        found = changes(self.report)
        for change in found.targets:
            series, what = change.series, change.series.indicator_id
            self._figure(self._shown(series, change.before.value), change.before.trace,
                         f"realisatie {change.before.year} {what}")
            self._figure(self._shown(series, change.after.value), change.after.trace,
                         f"realisatie {change.after.year} {what}")
        return found

    def change_figure(self, change: TargetChange, point: Point) -> Figure:
        return Figure(self._shown(change.series, point.value), point.trace)

    # Annexes.

    @property
    def annex_titles(self) -> list[tuple[str, str]]:
        """Anchor and numbered title of each annex; the problems annex only in a draft."""
        titles = [("bijlage-ontvangen", "Ontvangen aanleveringen"), ("bijlage-ontbrekend", "Ontbrekende aanleveringen"),
                  ("bijlage-bronnen", "Bronnen"), ("bijlage-afkortingen", "Afkortingen"),
                  ("bijlage-verantwoording", "Verantwoording")]
        if self.draft:
            titles.append(("bijlage-problemen", "Problemen"))
        return [(anchor, f"Bijlage {i}: {title}") for i, (anchor, title) in enumerate(titles, start=1)]

    def submission_status(self, path: Path, sub: Submission) -> Figure:
        return self._figure(sub.status.value, trace_of(self.report, path, ("status",)), "status van de aanlevering")

    @cached_property
    def annex(self) -> SimpleNamespace:
        r = self.report
        received = [(pillar, [(row, self._figure(row.submitted, row.trace, "datum van aanlevering")) for row in rows])
                    for pillar, rows in annexes.received(r)]
        return SimpleNamespace(received=received, missing=annexes.missing(r), sources=annexes.sources(r),
                               abbreviations=annexes.abbreviations(r), problems=annexes.problems(r),
                               rules_version=annexes.rules_version(), tool_version=annexes.tool_version())
