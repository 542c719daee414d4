"""Across periods: each indicator's series over every period in the workspace, and what
changed since the previous report (goals whose status rose or fell, indicators that reached
or moved away from their target).

Every value keeps a `Trace`, the file and line it came from, so that the report can show
where each figure in a chart or a list of changes was read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..load import PathPart
from ..model.catalogue import IndicatorSpec, UnitSpec
from ..model.submission import Key, MilestoneIndicator, NumericIndicator, OverallStatus, Submission
from .collect import GoalSection, PeriodReport


@dataclass(frozen=True, order=True)
class Trace:
    """Where a figure comes from: a file (relative to the workspace) and a 1-based line."""

    file: str
    line: int


@dataclass(frozen=True)
class Point:
    year: int
    value: float | str
    trace: Trace
    as_of: dt.date | None = None
    source: str = ""
    example: bool = False
    """A target that is an example, not a set commitment (`voorbeeld: true`)."""


@dataclass(frozen=True)
class Series:
    """One department's numeric or ordinal indicator for one goal, over all periods so far."""

    goal: int
    department: str
    spec: IndicatorSpec | None
    indicator_id: str
    unit: UnitSpec | None
    baseline: Point
    target: Point
    actuals: tuple[Point, ...]

    @property
    def name(self) -> str:
        return self.spec.name if self.spec else self.indicator_id

    @property
    def latest(self) -> Point | None:
        return self.actuals[-1] if self.actuals else None

    @property
    def numeric(self) -> bool:
        return self.unit is not None


def trace_of(report: PeriodReport, path: Path, at: tuple[PathPart, ...]) -> Trace:
    return Trace(report.name(path), report.checked(path).line(at))


def _own_series(
    report: PeriodReport, path: Path, sub: Submission, spec_of: Callable[[int, str], IndicatorSpec | None]
) -> dict[tuple, Series]:
    """The numeric and ordinal indicators of one submission, keyed by (goal, department, id)."""
    found = {}
    for i, ind in enumerate(sub.indicators):
        if isinstance(ind, MilestoneIndicator):
            continue
        at = (Key.INDICATORS, i)
        points = tuple(
            Point(a.year, a.value, trace_of(report, path, (*at, Key.ACTUALS, j, Key.VALUE)), a.as_of, a.source)
            for j, a in enumerate(ind.actuals)
        )
        found[(sub.goal, sub.department, ind.id)] = Series(
            sub.goal,
            sub.department,
            spec_of(sub.goal, ind.id),
            ind.id,
            report.catalogue.unit(ind.unit) if isinstance(ind, NumericIndicator) else None,
            Point(ind.baseline.year, ind.baseline.value, trace_of(report, path, (*at, Key.BASELINE, Key.VALUE))),
            Point(
                ind.target.year,
                ind.target.value,
                trace_of(report, path, (*at, Key.TARGET, Key.VALUE)),
                example=ind.target.example,
            ),
            tuple(sorted(points, key=lambda p: p.year)),
        )
    return found


def period_series(report: PeriodReport) -> dict[tuple, Series]:
    """Every series of one period, on that period's figures alone."""
    catalogue = report.catalogue

    def spec_of(goal: int, indicator_id: str) -> IndicatorSpec | None:
        found = catalogue.goals.get(goal)
        return found.indicator(indicator_id) if found else None

    series: dict[tuple, Series] = {}
    for section in report.goals:
        for path, sub in section.submissions:
            series.update(_own_series(report, path, sub, spec_of))
    return series


def all_series(report: PeriodReport) -> dict[tuple, Series]:
    """The current period's series, each extended with the years that earlier periods reported.

    A year reported in more than one period takes the latest period's value (a correction);
    baseline and target are the current period's."""
    current = period_series(report)
    earlier = [period_series(past) for past in report.history]
    merged = {}
    for key, series in current.items():
        by_year: dict[int, Point] = {}
        for past in earlier:
            if key in past and past[key].unit == series.unit:
                by_year.update((p.year, p) for p in past[key].actuals)
        by_year.update((p.year, p) for p in series.actuals)
        merged[key] = Series(
            series.goal,
            series.department,
            series.spec,
            series.indicator_id,
            series.unit,
            series.baseline,
            series.target,
            tuple(by_year[y] for y in sorted(by_year)),
        )
    return merged


def _distance(series: Series, value: float | str) -> float | None:
    """How far `value` is from the target, in the indicator's good direction; 0 when reached."""
    ascending = series.spec.ascending if series.spec else True
    if series.numeric:
        if not isinstance(value, (int, float)) or not isinstance(series.target.value, (int, float)):
            return None
        gap = float(series.target.value) - float(value)
    else:
        scale = series.spec.scale if series.spec else []
        if value not in scale or series.target.value not in scale:
            return None
        gap = float(scale.index(series.target.value) - scale.index(value))
    return max(0.0, gap if ascending else -gap)


@dataclass(frozen=True)
class StatusChange:
    section: GoalSection
    before: OverallStatus
    after: OverallStatus

    @property
    def improved(self) -> bool:
        return self.after.rank < self.before.rank


@dataclass(frozen=True)
class TargetChange:
    """An indicator that reached its target, or moved away from it, since the previous report."""

    series: Series
    before: Point
    after: Point
    reached: bool


@dataclass(frozen=True)
class Changes:
    previous_period: str | None
    statuses: list[StatusChange]
    targets: list[TargetChange]


def changes(report: PeriodReport) -> Changes:
    """What changed since the previous period's report; empty when there is none."""
    previous = report.previous
    if previous is None:
        return Changes(None, [], [])
    before = {s.goal.number: s.status for s in previous.goals}
    statuses = []
    for section in report.goals:
        was, is_now = before.get(section.goal.number), section.status
        if was is not None and is_now is not None and was.rank != is_now.rank:
            statuses.append(StatusChange(section, was, is_now))
    old = period_series(previous)
    targets = []
    for key, series in sorted(period_series(report).items()):
        past = old.get(key)
        if past is None or past.latest is None or series.latest is None or past.unit != series.unit:
            continue
        then, now = _distance(series, past.latest.value), _distance(series, series.latest.value)
        if then is None or now is None:
            continue
        if now == 0 and then > 0:
            targets.append(TargetChange(series, past.latest, series.latest, True))
        elif now > then:
            targets.append(TargetChange(series, past.latest, series.latest, False))
    return Changes(previous.period, statuses, targets)
