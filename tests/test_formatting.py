"""Dutch numbers and dates, and Markdown that can never become markup of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from gbvs_report.model.catalogue import DEFAULT_UNITS, UnitSpec
from gbvs_report.report.formatting import date, markdown, quantity

UNIT = {u.code: u for u in DEFAULT_UNITS}


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.35, UNIT["procent"], "1,35%"),
        (2.0, UNIT["procent"], "2%"),
        (315.3, UNIT["miljoen euro"], "€ 315,3 mln."),
        (9416.9, UNIT["miljoen euro"], "€ 9.416,9 mln."),
        (1234567.8, None, "1.234.567,8"),
        (417, UNIT["aantal"], "417"),
        (250.5, UNIT["fte"], "250,5 fte"),
    ],
)
def test_quantities(value: float, unit: UnitSpec | None, shown: str) -> None:
    assert quantity(value, unit).replace("\xa0", " ") == shown


def test_dates() -> None:
    assert date(dt.date(2021, 3, 1)) == "1 maart 2021"
    assert date(None) == ""


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=file:///etc/passwd>",
        "![x](file:///etc/passwd)",
        "[klik](javascript:alert(1))",
        '<a rel=attachment href="file:///etc/passwd">x</a>',
        "<style>body{background:url(http://x)}</style>",
    ],
)
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


def test_a_unit_from_the_catalogue_agrees_in_number_and_keeps_its_decimals() -> None:
    persons = UnitSpec(code="personen", enkelvoud="persoon", meervoud="personen", decimalen=0)
    assert quantity(1, persons).replace("\xa0", " ") == "1 persoon"
    assert quantity(1234, persons).replace("\xa0", " ") == "1.234 personen"
    tonnes = UnitSpec(code="ton", achter=" ton", decimalen=1, vaste_decimalen=True)
    assert quantity(12.0, tonnes).replace("\xa0", " ") == "12,0 ton"
    assert quantity(12.0, tonnes, short=True).replace("\xa0", " ") == "12 ton"
    assert quantity(-3.5, UNIT["miljoen euro"]).replace("\xa0", " ") == "-€ 3,5 mln."


@pytest.mark.parametrize("code", ["miljoen euro", "euro", "fte"])
def test_an_amount_and_its_unit_never_break(code: str) -> None:
    """No-break spaces only: a line never ends between "€", "11.187,4" and "mln."."""
    shown = quantity(11187.4, UNIT[code])
    assert " " not in shown and "\xa0" in shown
    if code == "miljoen euro":
        assert shown == "€\xa011.187,4\xa0mln."
