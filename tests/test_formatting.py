"""Dutch numbers and dates, and Markdown that can never become markup of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from gbvs_report.model.submission import Unit
from gbvs_report.report.formatting import date, markdown, quantity


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1.35, Unit.PERCENT, "1,35%"),
    (2.0, Unit.PERCENT, "2%"),
    (315.3, Unit.MILLION_EURO, "€ 315,3 mln."),
    (9416.9, Unit.MILLION_EURO, "€ 9.416,9 mln."),
    (1234567.8, None, "1.234.567,8"),
    (417, Unit.COUNT, "417"),
    (250.5, Unit.FTE, "250,5 fte"),
])
def test_quantities(value: float, unit: Unit | None, shown: str) -> None:
    assert quantity(value, unit).replace("\xa0", " ") == shown


def test_dates() -> None:
    assert date(dt.date(2021, 3, 1)) == "1 maart 2021"
    assert date(None) == ""


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=file:///etc/passwd>",
    "![x](file:///etc/passwd)",
    "[klik](javascript:alert(1))",
    '<a rel=attachment href="file:///etc/passwd">x</a>',
    "<style>body{background:url(http://x)}</style>",
])
def test_markdown_is_sanitised(payload: str) -> None:
    soup = BeautifulSoup(str(markdown(payload)), "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= {"p", "a"}
    for link in soup.find_all("a"):
        assert link["href"].startswith(("https:", "http:", "mailto:")) and set(link.attrs) <= {"href", "rel"}


def test_markdown_keeps_emphasis_lists_and_safe_links() -> None:
    html = str(markdown("**vet** en *schuin*\n\n- een\n- twee\n\n[site](https://www.rijksoverheid.nl)"))
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert html.count("<li>") == 2
    assert 'href="https://www.rijksoverheid.nl"' in html


def test_markdown_headings_sit_below_the_goal_heading() -> None:
    assert "<h4>Kop</h4>" in str(markdown("# Kop"))


@pytest.mark.parametrize("unit", [Unit.MILLION_EURO, Unit.EURO, Unit.FTE])
def test_an_amount_and_its_unit_never_break(unit: Unit) -> None:
    """No-break spaces only: a line never ends between "€", "11.187,4" and "mln."."""
    shown = quantity(11187.4, unit)
    assert " " not in shown and "\xa0" in shown
    if unit is Unit.MILLION_EURO:
        assert shown == "€\xa011.187,4\xa0mln."
