"""Charts: a line chart per numeric series, as inline SVG that the template draws.

This module does the geometry (scales, ticks, positions) and writes the text alternative; the
template `_chart.html.j2` turns the result into SVG elements, so that every text in a chart is
autoescaped like the rest of the report. A small hand-written chart instead of a library such
as pygal: pygal gives each chart a random id (the output would differ on every run), relies on
a script for its tooltips and styles its SVG with CSS that WeasyPrint does not fully follow.
Twenty lines of arithmetic give byte-identical vector graphics in both the browser and the PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import formatting
from .compare import Series

# The chart's text is FONT_SIZE units high, the size of the body text in CSS pixels (10.5pt):
# report.css never draws a chart narrower than WIDTH pixels (it scrolls inside its own region
# on a narrower screen), so that its text is never smaller than the text around it.
WIDTH, HEIGHT = 520, 250
FONT_SIZE = 14
RIGHT, TOP, BOTTOM = 20, 14, 72
CHAR_WIDTH = 8.4  # a generous average width of a 14-unit character, to keep labels apart
MARK_RADIUS = 7  # the largest marker (the streefwaarde's diamond) reaches this far from its point
X_LABEL_GAP = 12 + FONT_SIZE  # from the plot's bottom to the baseline of the year labels


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A drawn series: positions in SVG units (origin top left) and the labels to write."""

    id: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    y_ticks: list[Mark]
    x_ticks: list[Mark]  # x and the baseline of each year label
    line: str
    actuals: list[Mark]
    baseline: Mark
    target: Mark
    legend: list[Mark]  # each legend entry (realisatie, nulmeting, streefwaarde): x, text baseline
    title: str
    description: str
    font_size: int = FONT_SIZE  # of every text, in SVG units


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering `low`..`high`: at least
    two, rising, each rounded to the decimals its step needs (no 0.30000000000000004), never -0.
    A flat range (`high` equal to `low`, both 0 included), or one too narrow to divide in steps
    (0 to 5e-324), gets a span of its own."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"geen eindig bereik: {low!r}..{high!r}")
    magnitude = max(abs(low), abs(high))
    if high - low <= max(magnitude * 1e-12, 1e-300):  # flat, or too narrow to divide in steps
        high = low + (magnitude if magnitude > 1e-300 else 1.0)
    raw = (high - low) / max(1, count - 1)
    exponent = math.floor(math.log10(raw))
    power = 10.0**exponent
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    decimals = max(0, 1 - exponent)  # 2.5 × 10^exponent needs one decimal more than the power
    first = math.floor(low / step)
    if first * step > low:  # low / step rounded to 0 (a low of -1e-313)
        first -= 1
    ticks: list[float] = []
    for i in range(4 * count):  # the range needs count + 1 ticks at most; this bounds the loop
        value = round((first + i) * step, decimals) + 0.0  # + 0.0: -0.0 becomes 0.0
        if not ticks or value > ticks[-1]:
            ticks.append(value)
        if value >= high and len(ticks) > 1:
            break
    return ticks


def _r(value: float) -> float:
    return round(value, 1)


def build_chart(series: Series, chart_id: str, department: str | None = None) -> Chart:
    """The line chart of a numeric series, from its baseline to its target year; `department`
    is how the report names the department (by default its code)."""
    unit = series.unit
    values = [float(series.baseline.value), float(series.target.value)] + [float(p.value) for p in series.actuals]
    years = [series.baseline.year, series.target.year] + [p.year for p in series.actuals]
    first, last = min(years), max(years)
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))  # the axis always shows 0
    low, high = ticks[0], ticks[-1]
    span = (high - low) or 1.0  # nice_ticks gives a rising range; this keeps y() defined regardless
    tick_labels = [formatting.quantity(v, unit, short=True) for v in ticks]
    plot_left = round(12 + CHAR_WIDTH * max(len(label) for label in tick_labels))
    plot_right, plot_top, plot_bottom = WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x(year: int) -> float:
        span = max(1, last - first)
        return _r(plot_left + 12 + (year - first) * (plot_right - plot_left - 24) / span)

    def y(value: float) -> float:
        return _r(plot_bottom - (value - low) * (plot_bottom - plot_top) / span)

    step = max(1, math.ceil((last - first + 1) / 10))
    # The year labels' baseline: their tops stay clear of a marker on the plot's bottom line.
    x_ticks = [Mark(x(year), plot_bottom + X_LABEL_GAP, str(year)) for year in range(first, last + 1, step)]
    y_ticks = [Mark(plot_left, y(v), label) for v, label in zip(ticks, tick_labels)]
    actuals = [
        Mark(x(p.year), y(float(p.value)), f"{p.year}: {formatting.quantity(float(p.value), unit)}")
        for p in series.actuals
    ]
    shown = lambda p: formatting.quantity(float(p.value), unit)  # noqa: E731 - a one-line helper
    baseline = Mark(
        x(series.baseline.year),
        y(float(series.baseline.value)),
        f"nulmeting {shown(series.baseline)} ({series.baseline.year})",
    )
    target = Mark(
        x(series.target.year),
        y(float(series.target.value)),
        f"streefwaarde {shown(series.target)} ({series.target.year})",
    )
    who = department or series.department
    title = f"{series.name} ({who}), {first}–{last}"
    legend, left = [], 10.0
    for label in ("realisatie", "nulmeting", "streefwaarde"):
        legend.append(Mark(left, HEIGHT - 12, label))
        left = _r(left + 48 + CHAR_WIDTH * len(label))  # symbol, gap, text, gap
    return Chart(
        chart_id,
        WIDTH,
        HEIGHT,
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        y_ticks,
        x_ticks,
        " ".join(f"{m.x},{m.y}" for m in actuals),
        actuals,
        baseline,
        target,
        legend,
        title,
        describe(series, who),
    )


def describe(series: Series, department: str | None = None) -> str:
    """The chart in words: its text alternative (the indicator's name after a colon, never
    mid-sentence with its capital)."""
    unit = series.unit

    def shown(value: float | str) -> str:
        return formatting.quantity(float(value), unit)

    parts = [
        f"Lijngrafiek: {series.name} ({department or series.department}).",
        f"Nulmeting {shown(series.baseline.value)} in {series.baseline.year}.",
    ]
    if series.actuals:
        parts.append(
            formatting.sentence("Realisatie " + ", ".join(f"{p.year}: {shown(p.value)}" for p in series.actuals))
        )
    else:
        parts.append("Nog geen realisaties.")
    parts.append(f"Streefwaarde {shown(series.target.value)} in {series.target.year}, als gestippelde lijn getekend.")
    return " ".join(parts)
