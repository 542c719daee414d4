"""Figures and where they come from, for the view: a figure as the report shows it, noted with
the file and line it was read from (the accountability's provenance is what was noted), and
the rows and charts made of figures: indicator rows, milestone rows, charts with their table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..load import PathPart
from ..model.submission import Key, MilestoneIndicator, period_years
from . import formatting
from .charts import build_chart
from .collect import PeriodReport
from .compare import Series, Trace, all_series, trace_of
from .view import ChartRow, ChartView, Figure, IndicatorRow, MilestoneRow, ProvenanceFile, ProvenanceLine
from .view_texts import source_cell


class FigureBuilder:
    """Makes every figure of a view through one method, `figure`, which notes its trace; the
    provenance is made last, from what was noted."""

    def trace_in(self, path: Path, at: tuple[PathPart, ...], key: str) -> Trace:
        """Where the value `key` of the item at `at` in the file `path` comes from."""
        return trace_of(self.report, path, (*at, key))

    def __init__(self, report: PeriodReport) -> None:
        self.report = report
        first, last = period_years(report.period)
        self.years = list(range(first, last + 1))
        self.series = all_series(report)
        self._file_numbers = {f.name: i for i, f in enumerate(report.inputs, start=1)}
        self._noted: dict[Trace, list[str]] = {}
        self._figures = 0  # figures numbered so far, through the report

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
                ProvenanceLine(self.anchor(trace), trace.line, list(dict.fromkeys(self._noted[trace])))
            )
        return [ProvenanceFile(name, by_file[name]) for name in self._file_numbers if name in by_file]

    def department_name(self, code: str) -> str:
        """A department as the report names it: its short name ("Defensie"), never its code."""
        return self.report.catalogue.short_names.get(code, code)

    @staticmethod
    def shown(series: Series, value: float | str) -> str:
        return formatting.quantity(value, series.unit) if series.numeric else str(value)  # type: ignore[arg-type]

    def indicator_row(self, name: str, department: str, series: Series, comment: str) -> IndicatorRow:
        what = series.indicator_id  # the annex names the indicator as its file does
        current = {p.year: p for p in series.actuals if p.year in self.years}
        baseline = self.figure(self.shown(series, series.baseline.value), series.baseline.trace, f"nulmeting {what}")
        target = self.figure(self.shown(series, series.target.value), series.target.trace, f"streefwaarde {what}")
        example = ", voorbeeld" if series.target.example else ""  # an example target, not a set commitment
        return IndicatorRow(
            name,
            department,
            Figure(f"{baseline.text} ({series.baseline.year})", baseline.trace, baseline.anchor),
            Figure(f"{target.text} ({series.target.year}{example})", target.trace, target.anchor),
            {
                y: (
                    self.figure(self.shown(series, current[y].value), current[y].trace, f"realisatie {y} {what}")
                    if y in current
                    else None
                )
                for y in self.years
            },
            source_cell(current),
            comment,
        )

    def milestone_row(
        self, name: str, department: str, ind: MilestoneIndicator, trace: Callable[[str], Trace]
    ) -> MilestoneRow:
        what = f"mijlpaal {ind.id}"
        return MilestoneRow(
            name,
            department,
            ind.description,
            self.figure(formatting.date(ind.planned), trace(Key.PLANNED), f"gepland, {what}"),
            self.figure(ind.status.value, trace(Key.STATUS), f"status, {what}"),
            self.figure(formatting.date(ind.reached), trace(Key.REACHED), f"behaald op, {what}")
            if ind.reached
            else None,
            ind.source or "",
        )

    def chart_view(self, series: Series, chart_id: str) -> ChartView:
        what = series.indicator_id
        rows = [
            ChartRow(
                str(series.baseline.year),
                Key.BASELINE,
                self.figure(self.shown(series, series.baseline.value), series.baseline.trace, f"nulmeting {what}"),
                "",
            )
        ]
        rows += [
            ChartRow(
                str(p.year),
                "realisatie",
                self.figure(self.shown(series, p.value), p.trace, f"realisatie {p.year} {what}"),
                formatting.date(p.as_of),
            )
            for p in series.actuals
        ]
        target = self.figure(self.shown(series, series.target.value), series.target.trace, f"streefwaarde {what}")
        if series.target.example:  # marked where shown; the provenance names the figure once, as the table does
            target = Figure(f"{target.text} (voorbeeld)", target.trace, target.anchor)
        rows.append(ChartRow(str(series.target.year), Key.TARGET, target, ""))
        # Year order, so that a streefwaarde for 2020 comes before a realisatie for 2021.
        order = {"nulmeting": 0, "realisatie": 1, Key.TARGET: 2}
        rows.sort(key=lambda row: (int(row.year), order[row.kind]))
        self._figures += 1
        department = self.department_name(series.department)
        return ChartView(build_chart(series, chart_id, department), series.name, department, rows, self._figures)
