"""Dutch numbers and dates, and Markdown that can never become markup of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from gbvs_report.model.catalogue import DEFAULT_UNITS, UnitSpec
from gbvs_report.report import formatting
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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234567.891, "1.234.567,89"),
        (-0.0, "0"),
        (-0.001, "0"),
        (2.675, "2,68"),
        (1e27, "1.000.000.000.000.000.000.000.000.000"),
        (-1e27, "-1.000.000.000.000.000.000.000.000.000"),
        (1e300, "1" + ".000" * 100),
        (5e-324, "0"),
        (float("inf"), "oneindig"),
        (float("-inf"), "min oneindig"),
        (float("nan"), "geen getal"),
    ],
)
def test_one_number_formatter_writes_every_float(value: float, shown: str) -> None:
    """The messages (`gbvs_report.dutch`) and the report (`report.formatting`) write numbers with
    one function, which never raises: Babel's default precision raised from about 1e27 on."""
    from gbvs_report import dutch
    from gbvs_report.report import formatting

    assert formatting.number is dutch.number and formatting.date is dutch.date
    assert dutch.number(value) == shown


def test_a_message_can_show_any_value_a_file_holds(tmp_path) -> None:
    from conftest import EXAMPLES, run

    case = EXAMPLES / "invalid" / "value-too-large" / "doel-05-DEF.yaml"
    text = case.read_text(encoding="utf-8")
    for value in ("1.0e+300", ".inf", "-.inf", ".nan"):
        target = tmp_path / "doel-05-DEF.yaml"
        target.write_text(text.replace("waarde: 1e27", f"waarde: {value}"), encoding="utf-8")
        result = run("validate", str(target))
        assert result.exit_code == 1 and "Traceback" not in result.stdout + result.stderr


def test_a_line_never_breaks_inside_a_dossier_number_or_after_nr() -> None:
    """'Kamerstuk 30 821, nr. 178' written with ordinary spaces: the groups of the number and the
    number after 'nr.' stay together (no-break spaces); a range of years does not."""
    shown = str(formatting.markdown("Kamerstuk 30 821, nr. 178; 1 000 000 euro; in 2018 2019."))
    assert "30&nbsp;821, nr.&nbsp;178" in shown and "1&nbsp;000&nbsp;000" in shown
    assert "2018 2019" in shown
    assert formatting.keep_together("33 694, nr. 57") == "33\u00a0694, nr.\u00a057"
