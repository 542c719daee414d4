"""The HTML report as a self-contained, accessible page: parsed back, not string-compared.
(tests/test_browser.py checks the same page in Chromium with axe-core.)"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import WORKSPACE, report_file, run


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("html")
    result = run("report", "-w", str(WORKSPACE), "-o", str(out), "--html-only")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def soup(out) -> BeautifulSoup:
    return BeautifulSoup(report_file(out).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module", params=["rapport", "kamerbrief", "verantwoording"])
def page(out, request: pytest.FixtureRequest) -> BeautifulSoup:
    """Each of the three documents in turn."""
    path = report_file(out) if request.param == "rapport" else next(out.glob(f"*-{request.param}.html"))
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_one_h1_and_no_skipped_heading_levels(page: BeautifulSoup) -> None:
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, (before, after)


def test_tables_have_a_caption_and_scoped_header_cells(soup: BeautifulSoup) -> None:
    tables = soup.find_all("table")
    assert len(tables) >= 2
    for table in tables:
        assert table.caption and table.caption.get_text(strip=True), table
        assert table.thead and table.thead.find("th"), table.caption
        for th in table.find_all("th"):
            assert th.get("scope") in ("col", "row", "rowgroup", "colgroup"), th


def test_page_is_self_contained(page: BeautifulSoup) -> None:
    """Nothing the browser would load from elsewhere: no scripts, links to stylesheets,
    images, frames or fonts other than inline data. Links go within the page, to the web, or
    to one of the other documents beside it."""
    soup = page
    assert soup.find_all(["script", "link", "iframe", "object", "embed", "base"]) == []
    for element in soup.find_all(src=True):
        assert element["src"].startswith("data:"), element
    for anchor in soup.find_all("a", href=True):
        assert re.match(r"#|https?:|mailto:|gbvs-voortgangsrapportage-[\w-]+\.html(#|$)", anchor["href"]), anchor
    css = " ".join(style.get_text() for style in soup.find_all("style"))
    css += " ".join(element["style"] for element in soup.find_all(style=True))
    assert "@import" not in css
    assert all(url.strip("'\" ").startswith("data:") for url in re.findall(r"url\(([^)]*)\)", css))


def test_print_stylesheet_and_paged_media(page: BeautifulSoup) -> None:
    css = page.style.get_text()
    assert "@media print" in css and "@page" in css and "size: A4" in css


def test_table_of_contents_reaches_every_section(soup: BeautifulSoup) -> None:
    targets = {a["href"][1:] for a in soup.select("nav a[href^='#']")}
    sections = {s["id"] for s in soup.select("main > section[id], main > section > section.goal[id]")}
    assert len(sections) >= 1 + 3 + 13 and sections <= targets, sections - targets
    assert all(soup.find(id=target) for target in targets)
