"""The view: everything the report's templates show, built in one pass before rendering.

`build_view(report, draft)` turns a period's `PeriodReport` into a `ReportView`: frozen
dataclasses holding formatted text (Dutch numbers and dates, sanitised Markdown), never a raw
catalogue or submission model. Every figure read from an input file is a `Figure` that knows
the file and line it came from; the builder makes each one through a single method that notes
its trace, so the provenance list in the accountability annex is simply what the build noted.
The templates do no arithmetic and no formatting of their own.

The context of `report.html.j2`, and of every template it includes, is `view`, a `ReportView`,
and `css`, the stylesheets (report.css and _content.css) to place inside `<style>`; nothing
else. `report.html.j2` hands each goal to `_goal.html.j2` and `_indicators.html.j2` as `goal`,
and `_indicators.html.j2` hands each chart to `_chart.html.j2` as `chart_view`. An undefined
name is an error, so a workspace's own template fails loudly on a misspelt field.

    view: ReportView
      title, period              the report's title (settings) and its period, "2020-2021"
      document_title             "title period": the page title and the running head
      organisation
      strategy: StrategyView     title, short_title
      kamerstuk                  the title page's parliamentary paper, or ""
      years                      the period's years, [2020, 2021]
      report_date                "15 april 2022"; report_date_iso "2022-04-15"
      draft, example_data        a draft (CONCEPT); made with example data
      letter: LetterView         dossier_number, dossier_title, addressee, place, date, subject,
                                 body (sanitised HTML, "" when the settings give none),
                                 signatory (SignatoryView: office, name; or None),
                                 co_signers ("A, B en C", or "")
      summary: SummaryView       goal_count
        pillars: [SummaryPillar]         name, rows: [SummaryRow] (number, title, lead (a code),
                                         status)
        status_counts: [StatusCount]     status, count; best status first, no submission last
        changes: ChangesView             previous_period (None when there is none),
          statuses: [StatusChangeView]   goal, goal_title, improved, before, after
          targets: [TargetChangeView]    name, department, goal, reached, before, before_year,
                                         after, after_year, target, target_year
      pillars: [PillarView]      number (from 1), code, name, description
        goals: [GoalView]        number, title, description, lead and contributors (names),
                                 status, missing and rejected (department codes)
          submissions: [SubmissionView]  department (name), department_code, status (Figure),
                                         results and outlook (sanitised HTML)
          rows: [IndicatorRow]           name, department (code), baseline and target (Figures
                                         with their year), actuals ({year: Figure or None}),
                                         sources, comment
          scales: [ScaleView]            name, levels (low to high)
          charts: [ChartView]            chart (Chart in charts.py, what _chart.html.j2 draws),
                                         name, department, rows: [ChartRow] (year, kind,
                                         value (Figure), as_of)
          milestones: [MilestoneRow]     name, department, description, planned and status
                                         (Figures), reached (Figure or None), source
      annexes: AnnexesView
        contents: [AnnexTitle]           anchor, title ("Bijlage 1: ..."), for the contents
        titles                           {anchor: numbered title}
        received: [ReceivedGroup]        pillar, rows: [ReceivedRow] (goal, department,
                                         submitted (Figure), file)
        missing: [Missing]               goal, goal_title, department (code), department_name,
                                         rejected
        sources                          [str]
        abbreviations: [Abbreviation]    short, long
        versions: VersionsView           catalogue, rules, tool
        inputs: [InputFile]              name, role, digest (SHA-256)
        problems: [Problem]              file, findings; only in a draft
      provenance: [ProvenanceFile]       name, lines: [ProvenanceLine] (anchor, line, what)

    Figure      text; when read from a file also trace (file, line) and anchor, the id of its
                line in the provenance list (`fig` in _macros.html.j2 links the two)
    StatusView  word, symbol, css_class (`status` in _macros.html.j2 shows symbol and word)
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import annexes, formatting
from .annexes import Abbreviation, Missing, Problem
from .charts import Chart, build_chart
from .collect import GoalSection, InputFile, PeriodReport
from .compare import Point, Series, Trace, all_series, changes, trace_of
from ..model.submission import MilestoneIndicator, OrdinalIndicator, OverallStatus, Submission, period_years

# Status is never shown by colour alone: every status has a word and a symbol.
STATUS_SYMBOLS = {
    OverallStatus.COMPLETED: "✔", OverallStatus.ON_TRACK: "●",
    OverallStatus.ATTENTION: "▲", OverallStatus.DELAYED: "■", None: "○",
}
NO_SUBMISSION = "geen aanlevering"


# The building blocks.

@dataclass(frozen=True)
class Figure:
    """A figure as the report shows it; with a trace, a link to the line it was read from."""

    text: str
    trace: Trace | None = None
    anchor: str = ""  # the id of its line in the provenance list; "" without a trace


@dataclass(frozen=True)
class StatusView:
    """A status as word, symbol and CSS class: never shown by colour alone."""

    word: str
    symbol: str
    css_class: str


def status_view(status: OverallStatus | None) -> StatusView:
    """The status of a goal or submission; None is a goal nobody has submitted for."""
    return StatusView(status.value if status else NO_SUBMISSION, STATUS_SYMBOLS[status],
                      "status-" + (status.name.lower() if status else "none"))


@dataclass(frozen=True)
class StrategyView:
    """The strategy the report is about, on the title page and in the summary."""

    title: str
    short_title: str


# The letter.

@dataclass(frozen=True)
class SignatoryView:
    """Who signs the letter: an office and, optionally, a name."""

    office: str
    name: str


@dataclass(frozen=True)
class LetterView:
    """The covering letter, every word from the settings file (`brief:`)."""

    dossier_number: str
    dossier_title: str
    addressee: str
    place: str
    date: str
    subject: str
    body: Markup  # sanitised HTML; empty when the settings give no text
    signatory: SignatoryView | None
    co_signers: str  # `A, B en C`, or ""


# The summary.

@dataclass(frozen=True)
class SummaryRow:
    """One goal in the summary table."""

    number: int
    title: str
    lead: str  # the lead department's code
    status: StatusView


@dataclass(frozen=True)
class SummaryPillar:
    """A pillar's rows in the summary table."""

    name: str
    rows: list[SummaryRow]


@dataclass(frozen=True)
class StatusCount:
    """A row of the count table: how many goals have this status."""

    status: StatusView
    count: int


@dataclass(frozen=True)
class StatusChangeView:
    """A goal whose status rose or fell since the previous report."""

    goal: int
    goal_title: str
    improved: bool
    before: StatusView
    after: StatusView


@dataclass(frozen=True)
class TargetChangeView:
    """An indicator that reached its target, or moved away from it, since the previous report."""

    name: str
    department: str
    goal: int
    reached: bool
    before: Figure
    before_year: int
    after: Figure
    after_year: int
    target: Figure
    target_year: int


@dataclass(frozen=True)
class ChangesView:
    """What changed since the previous report; `previous_period` is None when there is none."""

    previous_period: str | None
    statuses: list[StatusChangeView]
    targets: list[TargetChangeView]


@dataclass(frozen=True)
class SummaryView:
    """The summary: the status table, the count per status and the changes."""

    goal_count: int
    pillars: list[SummaryPillar]
    status_counts: list[StatusCount]
    changes: ChangesView


# Pillars and goals.

@dataclass(frozen=True)
class SubmissionView:
    """One department's contribution to a goal: its status and its narrative."""

    department: str  # the department's name
    department_code: str
    status: Figure
    results: Markup  # sanitised HTML
    outlook: Markup  # sanitised HTML


@dataclass(frozen=True)
class IndicatorRow:
    """One numeric or ordinal indicator as a table row, every cell already formatted."""

    name: str
    department: str  # the department's code
    baseline: Figure  # with its year: `12,5% (2018)`
    target: Figure
    actuals: dict[int, Figure | None]  # per year of the period; None when not reported
    sources: list[str]  # each source with its peildatum
    comment: str


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone in the goal's list."""

    name: str
    department: str  # the department's code
    description: str
    planned: Figure
    status: Figure
    reached: Figure | None
    source: str


@dataclass(frozen=True)
class ScaleView:
    """The named levels of an ordinal indicator, low to high, for a legend under the table."""

    name: str
    levels: list[str]


@dataclass(frozen=True)
class ChartRow:
    """A row of the table beneath a chart."""

    year: str
    kind: str  # nulmeting, realisatie or streefwaarde
    value: Figure
    as_of: str  # the peildatum, or ""


@dataclass(frozen=True)
class ChartView:
    """A chart (the geometry `_chart.html.j2` draws) with the table of the same data beneath it."""

    chart: Chart
    name: str  # the indicator's name
    department: str  # the department's code
    rows: list[ChartRow]


@dataclass(frozen=True)
class GoalView:
    """One goal: its status, the departments' narratives, indicators, charts and milestones."""

    number: int
    title: str
    description: str
    lead: str  # the lead department's name
    contributors: list[str]  # the contributing departments' names
    status: StatusView
    submissions: list[SubmissionView]
    missing: list[str]  # codes of departments that did not submit
    rejected: list[str]  # codes of departments whose submission was left out for its errors
    rows: list[IndicatorRow]
    scales: list[ScaleView]
    charts: list[ChartView]
    milestones: list[MilestoneRow]


@dataclass(frozen=True)
class PillarView:
    """One pillar (numbered from 1) and its goals."""

    number: int
    code: str
    name: str
    description: str
    goals: list[GoalView]


# Annexes and provenance.

@dataclass(frozen=True)
class AnnexTitle:
    """An annex in the table of contents: its anchor and numbered title."""

    anchor: str
    title: str


@dataclass(frozen=True)
class ReceivedRow:
    """A submission the report is made from."""

    goal: int
    department: str  # the department's code
    submitted: Figure
    file: str


@dataclass(frozen=True)
class ReceivedGroup:
    """The received submissions of one pillar."""

    pillar: str
    rows: list[ReceivedRow]


@dataclass(frozen=True)
class VersionsView:
    """The versions the report was made with: catalogue, rule set and program."""

    catalogue: str
    rules: str
    tool: str


@dataclass(frozen=True)
class AnnexesView:
    """The annexes; `problems` is shown only in a draft (and is empty otherwise)."""

    contents: list[AnnexTitle]
    titles: dict[str, str]  # anchor → numbered title
    received: list[ReceivedGroup]
    missing: list[Missing]
    sources: list[str]
    abbreviations: list[Abbreviation]
    versions: VersionsView
    inputs: list[InputFile]
    problems: list[Problem]


@dataclass(frozen=True)
class ProvenanceLine:
    """A line of an input file and the figures the report read from it."""

    anchor: str
    line: int
    what: list[str]


@dataclass(frozen=True)
class ProvenanceFile:
    """An input file and its lines that the report took figures from."""

    name: str
    lines: list[ProvenanceLine]


@dataclass(frozen=True)
class ReportView:
    """The context of `report.html.j2`: everything the report shows, formatted and traced."""

    title: str
    period: str
    document_title: str
    organisation: str
    strategy: StrategyView
    kamerstuk: str
    years: list[int]
    report_date: str
    report_date_iso: str
    draft: bool
    example_data: bool
    letter: LetterView
    summary: SummaryView
    pillars: list[PillarView]
    annexes: AnnexesView
    provenance: list[ProvenanceFile]

    def __repr__(self) -> str:  # the view is large: keep it out of error messages
        return f"ReportView({self.document_title!r}, draft={self.draft})"


# Helpers.

def report_date(report: PeriodReport) -> dt.date:
    """The date on the report: the letter's date from the settings, else SOURCE_DATE_EPOCH,
    else the latest submission's date, so that the same inputs always give the same document."""
    if report.settings.letter.date is not None:
        return report.settings.letter.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    dates = [s.submitted for g in report.goals for _, s in g.submissions]
    return max(dates) if dates else dt.date(period_years(report.period)[1] + 1, 1, 1)


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


def _and_list(names: list[str]) -> str:
    """`A`, `A en B`, `A, B en C`."""
    return " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def annex_titles(draft: bool) -> list[AnnexTitle]:
    """Anchor and numbered title of each annex; the problems annex only in a draft."""
    titles = [("bijlage-ontvangen", "Ontvangen aanleveringen"), ("bijlage-ontbrekend", "Ontbrekende aanleveringen"),
              ("bijlage-bronnen", "Bronnen"), ("bijlage-afkortingen", "Afkortingen"),
              ("bijlage-verantwoording", "Verantwoording")]
    if draft:
        titles.append(("bijlage-problemen", "Problemen"))
    return [AnnexTitle(anchor, f"Bijlage {i}: {title}") for i, (anchor, title) in enumerate(titles, start=1)]


# The builder.

class _ViewBuilder:
    """Builds a `ReportView` in one pass. Every figure goes through `figure`, which notes its
    trace; the provenance is made last, from what the build noted."""

    def __init__(self, report: PeriodReport, draft: bool) -> None:
        self.report = report
        self.draft = draft
        first, last = period_years(report.period)
        self.years = list(range(first, last + 1))
        self.series = all_series(report)
        self._file_numbers = {f.name: i for i, f in enumerate(report.inputs, start=1)}
        self._noted: dict[Trace, list[str]] = {}

    # Figures and where they come from.

    def figure(self, text: str, trace: Trace | None, what: str) -> Figure:
        """A figure; when its line is known, linked to the provenance list, which names it `what`."""
        if trace is None or not trace.line:
            return Figure(text)
        self._noted.setdefault(trace, []).append(f"{what}: {text}")
        return Figure(text, trace, self.anchor(trace))

    def anchor(self, trace: Trace) -> str:
        return f"herkomst-{self._file_numbers.get(trace.file, 0)}-{trace.line}"

    def provenance(self) -> list[ProvenanceFile]:
        """Per input file, the figures the report took from each of its lines (for the annex)."""
        by_file: dict[str, list[ProvenanceLine]] = {}
        for trace in sorted(self._noted):
            by_file.setdefault(trace.file, []).append(
                ProvenanceLine(self.anchor(trace), trace.line, list(dict.fromkeys(self._noted[trace]))))
        return [ProvenanceFile(name, by_file[name]) for name in self._file_numbers if name in by_file]

    def department_name(self, code: str) -> str:
        return self.report.catalogue.department_names.get(code, code)

    @staticmethod
    def shown(series: Series, value: float | str) -> str:
        return formatting.quantity(value, series.unit) if series.numeric else str(value)  # type: ignore[arg-type]

    # The whole view.

    def build(self) -> ReportView:
        report, settings = self.report, self.report.settings
        date = report_date(report)
        summary = self.summary()
        pillars = [self.pillar(number, p.pillar.code, p.pillar.name, p.pillar.description, p.goals)
                   for number, p in enumerate(report.pillars, start=1)]
        annexes_view = self.annexes()
        letter = settings.letter
        if letter.dossier_number:
            kamerstuk = " ".join(t for t in (letter.dossier_number, letter.dossier_title) if t)
        else:
            kamerstuk = report.catalogue.strategy.parliamentary_paper or ""
        strategy = report.catalogue.strategy
        return ReportView(
            title=settings.title, period=report.period, document_title=f"{settings.title} {report.period}",
            organisation=settings.organisation, strategy=StrategyView(strategy.title, strategy.short_title),
            kamerstuk=kamerstuk, years=self.years, report_date=formatting.date(date),
            report_date_iso=date.isoformat(), draft=self.draft, example_data=report.example_data,
            letter=self.letter(date), summary=summary, pillars=pillars, annexes=annexes_view,
            provenance=self.provenance())  # last: every figure has been made

    def letter(self, date: dt.date) -> LetterView:
        letter = self.report.settings.letter
        signatory = SignatoryView(letter.signatory.office, letter.signatory.name) if letter.signatory else None
        return LetterView(letter.dossier_number, letter.dossier_title, letter.addressee, letter.place,
                          formatting.date(date), letter.subject,
                          formatting.markdown(letter.body) if letter.body else Markup(""),
                          signatory, _and_list(letter.co_signers))

    # Summary.

    def summary(self) -> SummaryView:
        goals = self.report.goals
        statuses = [s.status for s in goals]
        order: list[OverallStatus | None] = [*sorted(OverallStatus, key=lambda s: s.rank), None]
        return SummaryView(
            len(goals),
            [SummaryPillar(p.pillar.name, [SummaryRow(g.goal.number, g.goal.title, g.goal.lead, status_view(g.status))
                                           for g in p.goals]) for p in self.report.pillars],
            [StatusCount(status_view(status), statuses.count(status)) for status in order],
            self.changes())

    def changes(self) -> ChangesView:
        found = changes(self.report)
        statuses = [StatusChangeView(c.section.goal.number, c.section.goal.title, c.improved,
                                     status_view(c.before), status_view(c.after)) for c in found.statuses]
        targets = []
        for c in found.targets:
            series, what = c.series, c.series.indicator_id
            targets.append(TargetChangeView(
                series.name, series.department, series.goal, c.reached,
                self.figure(self.shown(series, c.before.value), c.before.trace, f"realisatie {c.before.year} {what}"),
                c.before.year,
                self.figure(self.shown(series, c.after.value), c.after.trace, f"realisatie {c.after.year} {what}"),
                c.after.year,
                self.figure(self.shown(series, series.target.value), series.target.trace, f"streefwaarde {what}"),
                series.target.year))
        return ChangesView(found.previous_period, statuses, targets)

    # Pillars and goals.

    def pillar(self, number: int, code: str, name: str, description: str, goals: list[GoalSection]) -> PillarView:
        return PillarView(number, code, name, description, [self.goal(section) for section in goals])

    def goal(self, section: GoalSection) -> GoalView:
        goal = section.goal
        submissions = [self.submission(path, sub) for path, sub in section.submissions]
        rows: list[IndicatorRow] = []
        milestones: list[MilestoneRow] = []
        charts: list[ChartView] = []
        for path, sub in section.submissions:
            for i, ind in enumerate(sub.indicators):
                spec = section.spec(ind.id)
                name = spec.name if spec else ind.id
                at = ("indicatoren", i)
                if isinstance(ind, MilestoneIndicator):
                    milestones.append(self.milestone_row(name, sub.department, ind,
                                                         lambda key: trace_of(self.report, path, (*at, key))))
                    continue
                series = self.series[(sub.goal, sub.department, ind.id)]
                rows.append(self.indicator_row(name, sub.department, series, ind.comment or ""))
                if series.numeric:
                    charts.append(self.chart_view(series, f"grafiek-{sub.goal}-{len(charts) + 1}"))
        scales = [ScaleView(spec.name, list(spec.scale)) for spec in goal.indicators if spec.scale
                  and any(isinstance(i, OrdinalIndicator) and i.id == spec.id
                          for _, s in section.submissions for i in s.indicators)]
        return GoalView(goal.number, goal.title, goal.description, self.department_name(goal.lead),
                        [self.department_name(code) for code in goal.contributors], status_view(section.status),
                        submissions, list(section.missing), list(section.rejected), rows, scales, charts, milestones)

    def submission(self, path: Path, sub: Submission) -> SubmissionView:
        status = self.figure(sub.status.value, trace_of(self.report, path, ("status",)), "status van de aanlevering")
        return SubmissionView(self.department_name(sub.department), sub.department, status,
                              formatting.markdown(sub.narrative.results), formatting.markdown(sub.narrative.outlook))

    def indicator_row(self, name: str, department: str, series: Series, comment: str) -> IndicatorRow:
        what = series.indicator_id  # the annex names the indicator as its file does
        current = {p.year: p for p in series.actuals if p.year in self.years}
        baseline = self.figure(self.shown(series, series.baseline.value), series.baseline.trace, f"nulmeting {what}")
        target = self.figure(self.shown(series, series.target.value), series.target.trace, f"streefwaarde {what}")
        return IndicatorRow(
            name, department,
            Figure(f"{baseline.text} ({series.baseline.year})", baseline.trace, baseline.anchor),
            Figure(f"{target.text} ({series.target.year})", target.trace, target.anchor),
            {y: (self.figure(self.shown(series, current[y].value), current[y].trace, f"realisatie {y} {what}")
                 if y in current else None) for y in self.years},
            source_cell(current),
            comment)

    def milestone_row(self, name: str, department: str, ind: MilestoneIndicator,
                      trace: Callable[[str], Trace]) -> MilestoneRow:
        what = f"mijlpaal {ind.id}"
        return MilestoneRow(
            name, department, ind.description,
            self.figure(formatting.date(ind.planned), trace("gepland"), f"gepland, {what}"),
            self.figure(ind.status.value, trace("status"), f"status, {what}"),
            self.figure(formatting.date(ind.reached), trace("behaald_op"), f"behaald op, {what}")
            if ind.reached else None,
            ind.source or "")

    def chart_view(self, series: Series, chart_id: str) -> ChartView:
        what = series.indicator_id
        rows = [ChartRow(str(series.baseline.year), "nulmeting",
                         self.figure(self.shown(series, series.baseline.value), series.baseline.trace,
                                     f"nulmeting {what}"), "")]
        rows += [ChartRow(str(p.year), "realisatie",
                          self.figure(self.shown(series, p.value), p.trace, f"realisatie {p.year} {what}"),
                          formatting.date(p.as_of)) for p in series.actuals]
        rows.append(ChartRow(str(series.target.year), "streefwaarde",
                             self.figure(self.shown(series, series.target.value), series.target.trace,
                                         f"streefwaarde {what}"), ""))
        return ChartView(build_chart(series, chart_id), series.name, series.department, rows)

    # Annexes.

    def annexes(self) -> AnnexesView:
        r = self.report
        contents = annex_titles(self.draft)
        received = [ReceivedGroup(pillar, [ReceivedRow(row.goal, row.department,
                                                       self.figure(row.submitted, row.trace, "datum van aanlevering"),
                                                       row.file) for row in rows])
                    for pillar, rows in annexes.received(r)]
        return AnnexesView(
            contents, {t.anchor: t.title for t in contents}, received, annexes.missing(r), annexes.sources(r),
            annexes.abbreviations(r),
            VersionsView(r.catalogue.version_label, annexes.rules_version(), annexes.tool_version()),
            list(r.inputs), annexes.problems(r) if self.draft else [])


def build_view(report: PeriodReport, draft: bool = False) -> ReportView:
    """Everything the report shows of a period, built in one pass; the provenance comes last."""
    return _ViewBuilder(report, draft).build()
