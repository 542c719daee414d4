"""Chart geometry and the comparison across periods, on small hand-made series."""

from __future__ import annotations

import datetime as dt

import pytest

from gbvs_report.model.catalogue import DEFAULT_UNITS, IndicatorSpec, UnitSpec
from gbvs_report.report.charts import HEIGHT, build_chart, nice_ticks
from gbvs_report.report.compare import Point, Series, Trace, _distance

T = Trace("2020-2021/doel-05-DEF.yaml", 1)

UNIT = {u.code: u for u in DEFAULT_UNITS}


def series(
    actuals: list[tuple[int, float]],
    *,
    baseline=(2017, 1.12),
    target=(2024, 2.0),
    unit: UnitSpec | None = UNIT["procent"],
    ascending: bool = True,
    scale: list[str] | None = None,
) -> Series:
    spec = IndicatorSpec(
        id="x",
        naam="Defensie-uitgaven als percentage van het bbp",
        soort="ordinaal" if scale else "numeriek",
        eenheid=unit.code if unit else None,
        stijgend=ascending,
        departement="DEF",
        schaal=scale or [],
    )
    return Series(
        5,
        "DEF",
        spec,
        "x",
        unit,
        Point(baseline[0], baseline[1], T),
        Point(target[0], target[1], T),
        tuple(Point(y, v, T, dt.date(y + 1, 1, 31), "bron") for y, v in actuals),
    )


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 2.0, [0, 0.5, 1.0, 1.5, 2.0]),
        (0, 12500, [0, 5000, 10000, 15000]),
        (0, 417, [0, 200, 400, 600]),
        (0, 0.7, [0, 0.2, 0.4, 0.6, 0.8]),
        (5, 5, [4, 6, 8, 10]),  # an empty range is widened
    ],
)
def test_nice_ticks_cover_the_range_with_round_steps(low, high, ticks) -> None:
    assert nice_ticks(low, high) == pytest.approx(ticks)


def test_chart_places_values_and_marks_the_target() -> None:
    chart = build_chart(series([(2018, 1.19), (2019, 1.29), (2020, 1.37), (2021, 1.32)]), "g")
    assert [t.label for t in chart.y_ticks] == ["0%", "0,5%", "1%", "1,5%", "2%"]
    assert [t.label for t in chart.x_ticks] == [str(y) for y in range(2017, 2025)]
    # Higher values sit higher (smaller y); years run left to right; the target sits on the top tick.
    ys = [m.y for m in chart.actuals]
    assert ys[2] < ys[1] < ys[0] and ys[3] > ys[2]
    assert [m.x for m in chart.actuals] == sorted(m.x for m in chart.actuals)
    assert chart.target.y == chart.y_ticks[-1].y and chart.target.x == chart.x_ticks[-1].x
    assert chart.baseline.x == chart.x_ticks[0].x and 0 < chart.baseline.y < HEIGHT
    assert chart.line.split() == [f"{m.x},{m.y}" for m in chart.actuals]
    assert chart.target.label == "streefwaarde 2% (2024)"


def test_chart_description_reads_the_series_in_dutch() -> None:
    chart = build_chart(
        series([(2018, 9416.9)], baseline=(2018, 9416.9), target=(2022, 12500.0), unit=UNIT["miljoen euro"]), "g"
    )
    assert chart.description.replace("\xa0", " ") == (
        "Lijngrafiek: Defensie-uitgaven als percentage van het bbp (DEF). Nulmeting € 9.416,9 mln. in 2018. "
        "Realisatie 2018: € 9.416,9 mln. Streefwaarde € 12.500,0 mln. in 2022, als gestippelde lijn getekend."
    )


def test_chart_without_realisations_still_draws_baseline_and_target() -> None:
    chart = build_chart(series([]), "g")
    assert chart.actuals == [] and chart.line == ""
    assert "Nog geen realisaties." in chart.description


def test_distance_to_target_follows_the_good_direction() -> None:
    up = series([], target=(2024, 2.0))
    assert _distance(up, 1.5) == pytest.approx(0.5) and _distance(up, 2.5) == 0
    down = series([], target=(2024, 10.0), ascending=False)
    assert _distance(down, 12.0) == pytest.approx(2.0) and _distance(down, 8.0) == 0
    levels = ["minimaal", "beperkt", "aanzienlijk", "substantieel", "kritiek"]
    threat = series(
        [], baseline=(2017, "substantieel"), target=(2022, "aanzienlijk"), unit=None, ascending=False, scale=levels
    )
    assert _distance(threat, "substantieel") == 1 and _distance(threat, "beperkt") == 0
    assert _distance(threat, "onbekend") is None


@pytest.mark.parametrize(
    "values",
    [
        [(2018, 0.0), (2019, 0.5), (2020, 2.0)],  # a marker on the bottom line and one on the top
        [(2017, 0.0), (2024, 2.0)],  # markers in the first and last year's column
    ],
)
def test_markers_stay_clear_of_the_axis_labels(values) -> None:
    from gbvs_report.report.charts import FONT_SIZE, MARK_RADIUS

    chart = build_chart(series(values, baseline=(2017, 0.0)), "g")
    marks = [*chart.actuals, chart.baseline, chart.target]
    lowest = max(m.y for m in marks) + MARK_RADIUS
    label_tops = [t.y - FONT_SIZE * 0.75 for t in chart.x_ticks]  # a year's digits: cap height
    assert lowest < min(label_tops) - 2
    # The value labels end left of the axis; the first year's markers begin right of it.
    assert min(m.x for m in marks) - MARK_RADIUS > chart.plot_left - 8 + 2
    assert max(m.x for m in marks) + MARK_RADIUS <= chart.width
