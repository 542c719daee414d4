"""Building the view: one pass over a period's report that makes every `ReportView` field
(gbvs_report/report/view.py) and, through one method, notes where each figure comes from,
so that the provenance in the accountability document is what the build noted.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from markupsafe import Markup

from ..model.submission import Key, MilestoneIndicator, OrdinalIndicator, OverallStatus, Submission
from . import annexes, formatting
from .build_figures import FigureBuilder
from .build_letter import documents, letter, report_title
from .collect import GoalSection, PeriodReport
from .compare import changes, trace_of
from .view import (
    AnnexesView,
    ChangesView,
    ChartView,
    GoalView,
    IndicatorRow,
    MilestoneRow,
    PillarView,
    ReceivedGroup,
    ReceivedRow,
    ReportView,
    ScaleView,
    StatusChangeView,
    StatusCount,
    StrategyView,
    SubmissionView,
    SummaryPillar,
    SummaryRow,
    SummaryView,
    TargetChangeView,
    VersionsView,
    status_view,
)
from .view_texts import (
    DocumentNames,
    annex_titles,
    counted,
    document_names,
    guide,
    report_date,
    strategy_name,
    summary_counts,
    with_en_dash,
    year_range,
    years_phrase,
)


class _ViewBuilder(FigureBuilder):
    """Builds a `ReportView` in one pass. Every figure goes through `figure` (FigureBuilder),
    which notes its trace; the provenance is made last, from what the build noted."""

    def __init__(self, report: PeriodReport, draft: bool, names: DocumentNames | None = None) -> None:
        super().__init__(report)
        self.draft = draft
        self.names = names or document_names(report, draft)

    # The whole view.

    def build(self) -> ReportView:
        report, settings = self.report, self.report.settings
        date = report_date(report)
        summary = self.summary()
        pillars = [
            self.pillar(number, p.pillar.code, p.pillar.name, p.pillar.description, p.goals)
            for number, p in enumerate(report.pillars, start=1)
        ]
        annexes_view = self.annexes()
        letter_settings = settings.letter
        if letter_settings.dossier_number:
            kamerstuk = " ".join(t for t in (letter_settings.dossier_number, letter_settings.dossier_title) if t)
        else:
            kamerstuk = report.catalogue.strategy.parliamentary_paper or ""
        catalogue = report.catalogue
        strategy, levels = catalogue.strategy, catalogue.levels
        view = ReportView(
            title=settings.title or strategy.report_title,
            period=year_range(self.years[0], self.years[-1]),
            period_words=years_phrase(self.years),
            document_title=report_title(report),
            organisation=settings.organisation,
            strategy=StrategyView(
                with_en_dash(strategy.title),
                strategy.short_title,
                levels.group.singular,
                levels.group.plural,
                levels.goal.singular,
                levels.goal.plural,
                catalogue.rhythm,
                strategy.first_year,
                strategy.last_year,
                len(catalogue.goals),
                strategy_name(strategy.title),
            ),
            kamerstuk=kamerstuk,
            years=self.years,
            report_date=formatting.date(date),
            report_date_iso=date.isoformat(),
            draft=self.draft,
            example_data=report.example_data,
            letter=letter(report, date),
            documents=documents(report, self.names),
            for_print=False,
            summary=summary,
            pillars=pillars,
            annexes=annexes_view,
            provenance=self.provenance(),
            guide=guide(catalogue, len(report.pillars)),
        )  # last: every figure has been made
        used = annexes.abbreviations(report, "\n".join(_texts(view)))
        return dataclasses.replace(view, annexes=dataclasses.replace(annexes_view, abbreviations=used))

    # Summary.

    def summary(self) -> SummaryView:
        goals = self.report.goals
        statuses = [s.status for s in goals]
        order: list[OverallStatus | None] = [*sorted(OverallStatus, key=lambda s: s.rank), None]
        levels, strategy = self.report.catalogue.levels, self.report.catalogue.strategy
        counts = [StatusCount(status_view(status), statuses.count(status)) for status in order]
        which = f"op de {counted(len(goals), levels.goal.singular, levels.goal.plural)} " if len(goals) > 1 else ""
        only = f"{levels.goal.singular.capitalize()} {goals[0].goal.number}" if len(goals) == 1 else ""
        first, last = self.years[0], self.years[-1]
        return SummaryView(
            len(goals),
            [
                SummaryPillar(
                    p.pillar.name,
                    [
                        SummaryRow(
                            g.goal.number, g.goal.title, self.department_name(g.goal.lead), status_view(g.status)
                        )
                        for g in p.goals
                    ],
                )
                for p in self.report.pillars
            ],
            counts,
            self.changes(),
            intro=f"Deze rapportage beschrijft de voortgang {which}van de {strategy.short_title} in "
            f"{years_phrase(self.years)}, op basis van de aanleveringen van de betrokken departementen.",
            counts=summary_counts(counts, levels.goal.singular, levels.goal.plural, only),
            key_messages=list(self.report.settings.key_messages),
            caption=f"Status per {levels.goal.singular}, {first if first == last else f'{first}–{last}'}",
        )

    def changes(self) -> ChangesView:
        found = changes(self.report)
        statuses = [
            StatusChangeView(
                c.section.goal.number, c.section.goal.title, c.improved, status_view(c.before), status_view(c.after)
            )
            for c in found.statuses
        ]
        targets = []
        for c in found.targets:
            series, what = c.series, c.series.indicator_id
            targets.append(
                TargetChangeView(
                    series.name,
                    self.department_name(series.department),
                    series.goal,
                    c.reached,
                    self.figure(
                        self.shown(series, c.before.value), c.before.trace, f"realisatie {c.before.year} {what}"
                    ),
                    c.before.year,
                    self.figure(self.shown(series, c.after.value), c.after.trace, f"realisatie {c.after.year} {what}"),
                    c.after.year,
                    self.figure(self.shown(series, series.target.value), series.target.trace, f"streefwaarde {what}"),
                    series.target.year,
                    series.target.example,
                )
            )
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
                at = (Key.INDICATORS, i)
                if isinstance(ind, MilestoneIndicator):
                    milestones.append(
                        self.milestone_row(
                            name,
                            self.department_name(sub.department),
                            ind,
                            functools.partial(self.trace_in, path, at),
                        )
                    )
                    continue
                series = self.series[(sub.goal, sub.department, ind.id)]
                row = self.indicator_row(name, self.department_name(sub.department), series, ind.comment or "")
                if series.numeric:
                    charts.append(self.chart_view(series, f"grafiek-{sub.goal}-{len(charts) + 1}"))
                    row = dataclasses.replace(row, figure=charts[-1].number)
                rows.append(row)
        scales = [
            ScaleView(spec.name, list(spec.scale))
            for spec in goal.indicators
            if spec.scale
            and any(
                isinstance(i, OrdinalIndicator) and i.id == spec.id
                for _, s in section.submissions
                for i in s.indicators
            )
        ]
        return GoalView(
            goal.number,
            goal.title,
            goal.description,
            self.department_name(goal.lead),
            [self.department_name(code) for code in goal.contributors],
            status_view(section.status),
            submissions,
            [self.department_name(code) for code in section.missing],
            [self.department_name(code) for code in section.rejected],
            rows,
            scales,
            charts,
            milestones,
            goal.source,
        )

    def submission(self, path: Path, sub: Submission) -> SubmissionView:
        status = self.figure(sub.status.value, trace_of(self.report, path, (Key.STATUS,)), "status van de aanlevering")
        return SubmissionView(
            self.department_name(sub.department),
            sub.department,
            status,
            formatting.markdown(sub.narrative.results),
            formatting.markdown(sub.narrative.outlook),
        )

    # Annexes.

    def annexes(self) -> AnnexesView:
        r = self.report
        missing = annexes.missing(r)
        contents = annex_titles(self.draft, missing=bool(missing))
        received = [
            ReceivedGroup(
                pillar,
                [
                    ReceivedRow(
                        row.goal,
                        self.department_name(row.department),
                        self.figure(row.submitted, row.trace, "datum van aanlevering"),
                        row.file,
                    )
                    for row in rows
                ],
            )
            for pillar, rows in annexes.received(r)
        ]
        problems, hidden = annexes.problems(r) if self.draft else ([], 0)
        return AnnexesView(
            contents,
            {t.anchor: t.title for t in contents},
            received,
            missing,
            annexes.sources(r),
            [],  # the abbreviations the documents use: made last, from every text of the view
            VersionsView(r.catalogue.version_label, annexes.rules_version(), annexes.tool_version()),
            annexes.inputs(r),
            problems,
            hidden,
        )


_NOT_SHOWN = {"provenance", "inputs", "trace", "anchor", "chart", "file", "department_code", "html"}
"""Fields of the view that the report does not show as text (links, file names, codes)."""


def _texts(value: object) -> Iterator[str]:
    """Every text in a view (Markup without its tags), for the abbreviations it uses."""
    if isinstance(value, str):
        yield re.sub(r"<[^>]*>", " ", value) if isinstance(value, Markup) else value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name not in _NOT_SHOWN and not (isinstance(value, annexes.Missing) and item.name == "department"):
                yield from _texts(getattr(value, item.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def build_view(report: PeriodReport, draft: bool = False, names: DocumentNames | None = None) -> ReportView:
    """Everything the documents show of a period, built in one pass; the provenance comes last.
    `names` are the documents' file names without extension (by default `document_names`)."""
    return _ViewBuilder(report, draft, names).build()
