"""What validate accepts, the report renders: values too large or too small to show are findings
(S005), formatting takes any finite float, charts take flat, tiny and negative ranges, -0 is
written as 0, and text with direction controls cannot reverse the report's own words."""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, WORKSPACE, report_file, run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gbvs_report.model.catalogue import DEFAULT_UNITS, IndicatorSpec
from gbvs_report.model.submission import VALUE_LIMIT, VALUE_RESOLUTION
from gbvs_report.report import formatting
from gbvs_report.report.charts import build_chart, nice_ticks
from gbvs_report.report.compare import Point, Series, Trace

PERIOD = "2020-2021"
UNITS = {u.code: u for u in DEFAULT_UNITS}
INVALID = EXAMPLES / "invalid"
NEGATIVE_ZERO = re.compile(r"(?<![\d,.])-0(?![\d,.]*[1-9])")  # "-0", "-0,00", "-€ 0": a zero with a sign


def small_workspace(root: Path, submission: str | None = None) -> Path:
    """The example settings with one submission for goal 5 (the example's, or `submission`)."""
    workspace = root / "indicators"
    (workspace / PERIOD).mkdir(parents=True)
    shutil.copy(WORKSPACE / "gbvs.yaml", workspace / "gbvs.yaml")
    target = workspace / PERIOD / "doel-05-DEF.yaml"
    if submission is None:
        shutil.copy(WORKSPACE / PERIOD / "doel-05-DEF.yaml", target)
    else:
        target.write_text(submission, encoding="utf-8")
    return workspace


def draft(workspace: Path, out: Path):
    return run("report", "--draft", "--html-only", "-w", str(workspace), "-o", str(out))


# Formatting on its own.


@settings(derandomize=True, max_examples=300, database=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(sorted(UNITS)))
def test_formatting_takes_any_finite_float(value: float, unit: str) -> None:
    for text in (
        formatting.number(value),
        formatting.quantity(value, UNITS[unit]),
        formatting.quantity(value, UNITS[unit], short=True),
    ):
        assert text and not NEGATIVE_ZERO.search(text), text


@pytest.mark.parametrize("value", [1e27, 1e300, -1.7976931348623157e308, 5e-324])
def test_formatting_never_raises_on_extreme_values(value: float) -> None:
    assert formatting.number(value)
    assert formatting.quantity(value, UNITS["miljoen euro"])


@pytest.mark.parametrize("value", [-0.0, -1e-11, -0.001])
def test_negative_zero_is_written_as_zero(value: float) -> None:
    assert formatting.number(value) == "0"
    assert formatting.quantity(value, UNITS["procent"]) == "0%"
    assert formatting.quantity(value, UNITS["miljoen euro"]).replace("\xa0", " ") == "€ 0,0 mln."


# Charts.


def series(values: list[float], unit: str = "procent") -> Series:
    """A series with `values` as its baseline (2017), target (2024) and actuals from 2018 on."""
    trace = Trace("2020-2021/doel-05-DEF.yaml", 1)
    spec = IndicatorSpec(id="x", naam="Een indicator", soort="numeriek", eenheid=unit, departement="DEF")
    baseline, target, *actuals = values
    return Series(
        5,
        "DEF",
        spec,
        "x",
        UNITS[unit],
        Point(2017, baseline, trace),
        Point(2024, target, trace),
        tuple(Point(2018 + i, v, trace, dt.date(2022, 1, 31), "bron") for i, v in enumerate(actuals)),
    )


def coordinates(chart) -> list[float]:
    marks = [*chart.y_ticks, *chart.x_ticks, *chart.actuals, chart.baseline, chart.target]
    line = [float(n) for pair in chart.line.split() for n in pair.split(",")]
    return [c for m in marks for c in (m.x, m.y)] + line


@pytest.mark.parametrize(
    "values",
    [
        [0, 0, 0, 0],  # all zero
        [5, 5, 5],  # flat
        [0, 1e-11, 0],  # a streefwaarde below what validate accepts, with zeros
        [0, VALUE_RESOLUTION, 0, -VALUE_RESOLUTION],  # tiny
        [-3, -1, -2.5, -7],  # all negative
        [-VALUE_LIMIT * 0.999, VALUE_LIMIT * 0.999, 0],  # huge, both signs
        [-0.0, -0.0, -0.0],  # negative zero
        [1e14, 1e14 + 0.01, 1e14],  # a tiny range far from 0
    ],
    ids=["zero", "flat", "tiny-target", "tiny", "negative", "huge", "minus-zero", "tiny-far"],
)
@pytest.mark.parametrize("unit", ["procent", "miljoen euro"])
def test_charts_have_finite_coordinates_and_rising_ticks(values: list[float], unit: str) -> None:
    chart = build_chart(series(values, unit), "g")
    assert all(math.isfinite(c) for c in coordinates(chart))
    ys = [m.y for m in chart.y_ticks]
    assert len(ys) >= 2 and ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)
    text = " ".join(
        [
            chart.description,
            chart.baseline.label,
            chart.target.label,
            *(m.label for m in [*chart.actuals, *chart.y_ticks]),
        ]
    )
    assert not NEGATIVE_ZERO.search(text), text


def test_minus_zero_is_zero_in_the_chart_text() -> None:
    chart = build_chart(series([-0.0, 2.0, -0.0]), "g")
    assert chart.baseline.label == "nulmeting 0% (2017)"
    assert "Realisatie 2018: 0%." in chart.description


@settings(derandomize=True, max_examples=200, database=None)
@given(
    st.floats(min_value=-VALUE_LIMIT, max_value=VALUE_LIMIT), st.floats(min_value=-VALUE_LIMIT, max_value=VALUE_LIMIT)
)
@example(0.0, 5e-324)
@example(-1.0, 2.2e-305)
@example(1e14, 1e14 + 0.02)
@example(0.0, 0.0)
def test_nice_ticks_always_rise_and_cover_the_range(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    assert len(ticks) >= 2 and ticks == sorted(set(ticks))
    assert ticks[0] <= low and ticks[-1] >= high


# Validate and draft on files on disk.


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("value-too-large", "fout[S005] het getal 1e+27 is te groot"),
        ("value-too-small", "fout[S005] het getal 1e-11 is te klein"),
    ],
)
def test_values_the_report_cannot_show_are_left_out_of_a_draft(case: str, message: str, tmp_path: Path) -> None:
    text = (INVALID / case / "doel-05-DEF.yaml").read_text(encoding="utf-8")
    workspace = small_workspace(tmp_path, text)
    assert message in run("validate", str(workspace)).stdout
    result = draft(workspace, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"weggelaten uit het concept wegens fouten: {PERIOD}/doel-05-DEF.yaml" in result.stderr
    soup = BeautifulSoup(report_file(tmp_path / "out").read_text(encoding="utf-8"), "html.parser")
    assert "S005" in soup.get_text()  # listed in the problems annex


def test_direction_controls_cannot_reverse_the_reports_own_text(tmp_path: Path) -> None:
    text = (INVALID / "bidi-controls" / "doel-05-DEF.yaml").read_text(encoding="utf-8")
    assert text.count("\u202e") == 2  # in the narrative and in a bron
    workspace = small_workspace(tmp_path, text)
    result = draft(workspace, tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = report_file(tmp_path / "out").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser").get_text()
    assert "Resultaten omgekeerd." in page and "NAVO 2022" in page  # the text itself is still there
    # A source is isolated from the report's own "(peildatum …)" after it.
    cells = BeautifulSoup(html, "html.parser").select("td.sources bdi")
    assert "NAVO 2022" in [cell.get_text() for cell in cells]
    for document in (tmp_path / "out").glob("*.html"):
        for node in BeautifulSoup(document.read_text(encoding="utf-8"), "html.parser").find_all(string=True):
            # Every U+202E is gone, or at least inside a <bdi> that isolates it from what follows.
            assert "\u202e" not in node or node.find_parent("bdi") is not None, document.name
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", document.read_text(encoding="utf-8"))


# The property test: valid submissions with extreme values render as a draft.

# Values validate accepts, weighted towards the edges: 0, -0, the bounds, equal values.
EDGES = [0.0, -0.0, VALUE_RESOLUTION, -VALUE_RESOLUTION, VALUE_LIMIT * 0.999999, -VALUE_LIMIT * 0.999999, 1.0, 100.0]
VALUES = st.one_of(
    st.sampled_from(EDGES),
    st.floats(min_value=-VALUE_LIMIT, max_value=VALUE_LIMIT, exclude_min=True, exclude_max=True).filter(
        lambda v: v == 0 or abs(v) >= VALUE_RESOLUTION
    ),
    st.floats(min_value=VALUE_RESOLUTION, max_value=1e-3),
)
YEARS = st.integers(min_value=1990, max_value=2100)


@st.composite
def indicator(draw, indicator_id: str, unit: str) -> tuple[str, list[float]]:
    same = draw(st.booleans())  # sometimes every value equal
    first = draw(VALUES)
    value = (lambda: first) if same else (lambda: draw(VALUES))
    years = draw(st.lists(YEARS, min_size=0, max_size=12, unique=True))
    baseline, target = value(), value()
    actuals = [(year, value()) for year in sorted(years)]
    lines = [
        f"  - id: {indicator_id}",
        "    soort: numeriek",
        f"    eenheid: {unit}",
        f"    nulmeting: {{waarde: {baseline!r}, jaar: {draw(YEARS)}}}",
        f"    streefwaarde: {{waarde: {target!r}, jaar: {draw(YEARS)}}}",
        "    realisaties:" + ("" if actuals else " []"),
    ]
    for year, v in actuals:
        lines += [
            f"      - jaar: {year}",
            f"        waarde: {v!r}",
            "        peildatum: 2022-01-31",
            "        bron: Bron",
        ]
    return "\n".join(lines), [baseline, target, *(v for _, v in actuals)]


@st.composite
def submission(draw) -> tuple[str, list[tuple[str, float]]]:
    head = (WORKSPACE / PERIOD / "doel-05-DEF.yaml").read_text(encoding="utf-8").split("indicatoren:")[0]
    milestone = (
        (WORKSPACE / PERIOD / "doel-05-DEF.yaml")
        .read_text(encoding="utf-8")
        .split("  - id: pesco-militaire-mobiliteit")[1]
    )
    parts, shown = [], []
    for indicator_id, unit in (("defensie-bbp", "procent"), ("defensie-uitgaven", "miljoen euro")):
        text, values = draw(indicator(indicator_id, unit))
        parts.append(text)
        shown += [(unit, v) for v in values]
    body = head + "indicatoren:\n" + "\n".join(parts) + "\n  - id: pesco-militaire-mobiliteit" + milestone
    return body, shown


@settings(
    derandomize=True,
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(submission())
def test_extreme_but_valid_values_render_as_a_draft(case: tuple[str, list[tuple[str, float]]]) -> None:
    text, values = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workspace = small_workspace(root, text)
        checked = run("validate", str(workspace))
        assert "fout[" not in checked.stdout, checked.stdout  # only values validate accepts
        result = draft(workspace, root / "out")
        assert result.exit_code == 0, result.output
        assert "weggelaten" not in result.stderr, result.stderr
        html = report_file(root / "out").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    page = soup.get_text(" ")
    for unit, value in values:  # every value is written somewhere: a table cell or the chart's text
        assert formatting.quantity(value, UNITS[unit]) in page, (unit, value)
    assert not NEGATIVE_ZERO.search(page.replace("–", " "))
    for svg in soup.find_all("svg"):
        for element in svg.find_all(True):
            for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "points", "d"):
                if element.get(name) is not None:
                    numbers = re.findall(r"[-+]?[\w.]+", str(element[name]).replace(",", " "))
                    assert all(math.isfinite(float(n)) for n in numbers if n[0].isdigit() or n[0] in "+-"), element


def test_extreme_values_render_as_pdf(tmp_path: Path) -> None:
    """The edges of what validate accepts, through WeasyPrint once: long numbers, -0, tiny values."""
    text = (WORKSPACE / PERIOD / "doel-05-DEF.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("1.08", "-0.0"),
        ("2.0, jaar: 2024", "999999999999999.9, jaar: 2024"),
        ("1.26", "1e-06"),
        ("1.24", "-1e-06"),
        ("9416.9", "-999999999999999.9"),
        ("12500.0", "0"),
        ("11190.5", "0"),
        ("11903.2", "0"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    workspace = small_workspace(tmp_path, text)
    assert "fout[" not in run("validate", str(workspace)).stdout
    result = run("report", "--draft", "-w", str(workspace), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "weggelaten" not in result.stderr and "PDF-opmaak" not in result.stderr, result.stderr
    page = (
        BeautifulSoup(report_file(tmp_path / "out").read_text(encoding="utf-8"), "html.parser")
        .get_text(" ")
        .replace("\xa0", " ")
    )
    assert "999.999.999.999.999,9" in page and "-€ 999.999.999.999.999,9 mln" in page
    assert report_file(tmp_path / "out", "pdf").stat().st_size > 0
