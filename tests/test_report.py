"""The report: rendered once from the example workspace, then parsed back (HTML) and read
back (PDF) to check what a reader of the report will see."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import WORKSPACE, report_file, run
from pypdf import PdfReader
from test_catalogue import SEED_TITLES

PERIOD = "2020-2021"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = run("report", "--workspace", str(WORKSPACE), "--period", PERIOD, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("gbvs:")], result.stderr
    return out


@pytest.fixture(scope="module")
def soup(built: Path) -> BeautifulSoup:
    return BeautifulSoup(report_file(built).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pdf_text(built: Path) -> str:
    reader = PdfReader(report_file(built, "pdf"))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_outputs_are_written(built: Path) -> None:
    names = sorted(p.name for p in built.iterdir())
    stem = f"gbvs-voortgangsrapportage-{PERIOD}"
    assert names == sorted(
        [
            f"{stem}.html",
            f"{stem}.pdf",
            f"{stem}-kamerbrief.html",
            f"{stem}-kamerbrief.pdf",
            f"{stem}-kamerbrief.docx",
            f"{stem}-verantwoording.html",
            f"{stem}-verantwoording.pdf",
        ]
    )


def test_html_is_dutch_with_one_h1(soup: BeautifulSoup) -> None:
    assert soup.html["lang"] == "nl"
    assert len(soup.find_all("h1")) == 1
    assert PERIOD.replace("-", "–") in soup.h1.get_text()


def test_html_has_every_goal_in_its_pillar(soup: BeautifulSoup) -> None:
    for number, title in SEED_TITLES.items():
        section = soup.find("section", id=f"doel-{number}")
        assert section is not None, number
        assert section.h3.get_text(" ", strip=True) == f"Doel {number}: {title}"
    pillars = [s.h2.get_text(strip=True) for s in soup.find_all("section", class_="pillar")]
    assert pillars == ["Pijler 1: Voorkomen", "Pijler 2: Verdedigen", "Pijler 3: Versterken"]


def test_table_of_contents_links_resolve(soup: BeautifulSoup) -> None:
    links = [a["href"] for a in soup.select("nav.toc a")]
    # summary, reading guide, 3 pillars, 13 goals, 4 annexes (a final report has no problems annex;
    # the letter and the accountability are documents of their own)
    assert len(links) == 2 + 3 + 13 + 3  # a complete round: no annex of missing submissions
    assert "#bijlage-problemen" not in links
    for href in links:
        assert soup.find(id=href.removeprefix("#")) is not None, href


def test_summary_table_lists_all_goals_with_a_status_word(soup: BeautifulSoup) -> None:
    table = soup.find("table", class_="summary-table")
    assert table.caption is not None
    rows = table.tbody.find_all("tr")
    assert len(rows) == 13
    words = {"afgerond", "op schema", "vraagt aandacht", "vertraagd", "geen aanlevering"}
    for row in rows:
        status = row.find("td", class_="status").get_text(" ", strip=True)
        assert status.split(" ", 1)[1] in words  # a word, not only a symbol or colour


def test_indicator_table_shows_dutch_figures(soup: BeautifulSoup) -> None:
    table = soup.find("section", id="doel-5").find("table", class_="indicators")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers == [
        "Indicator",
        "Nulmeting",
        "Streefwaarde",
        "Realisatie 2020",
        "Realisatie 2021",
        "Bron en peildatum",
    ]
    first = [c.get_text(" ", strip=True) for c in table.tbody.tr.find_all(["th", "td"])]
    assert first[1:5] == ["1,08% (2017)", "2% (2024)", "1,26%", "1,24%"]
    assert first[5] == (
        "Defensie, raming defensie-uitgaven volgens de NAVO-definitie (voorbeelddata, geen NAVO-cijfer) "
        "(peildatum 2020: 29 januari 2021; 2021: 31 januari 2022)"
    )
    second = [c.get_text(" ", strip=True) for c in table.tbody.find_all("tr")[1].find_all(["th", "td"])]
    assert second[5] == (
        "2020: Jaarverslag Ministerie van Defensie 2020 (Kamerstuk 35 830 X, nr. 1), 19 mei 2021: gerealiseerde "
        "uitgaven € 11.190,5 mln. (in het jaarverslag: totaal € 11.190,453) (peildatum 19 mei 2021); "
        "2021: Defensie, voorlopige uitgavenrealisatie 2021 (voorbeelddata) (peildatum 31 januari 2022)"
    )


def test_ordinal_indicator_shows_level_names(soup: BeautifulSoup) -> None:
    table = soup.find("section", id="doel-7").find("table", class_="indicators")
    cells = [td.get_text(strip=True) for td in table.tbody.find_all("td")]
    assert cells[0].startswith("substantieel")
    assert set(cells[2:4]) <= {"minimaal", "beperkt", "aanzienlijk", "substantieel", "kritiek", "–"}
    scale = soup.find("section", id="doel-7").find("p", class_="scale").get_text(" ", strip=True)
    assert "1 minimaal – 2 beperkt – 3 aanzienlijk – 4 substantieel – 5 kritiek" in scale


def test_milestones_are_listed(soup: BeautifulSoup) -> None:
    items = soup.find("section", id="doel-4").select("ul.milestones li")
    assert any("Behaald op 20 mei 2021" in li.get_text(" ", strip=True) for li in items)


def test_pdf_contains_every_goal_title(pdf_text: str) -> None:
    for title in SEED_TITLES.values():
        assert title in pdf_text, title


def test_pdf_has_page_numbers(built: Path, pdf_text: str) -> None:
    pages = len(PdfReader(report_file(built, "pdf")).pages)
    assert pages > 5
    assert f"pagina 2 van {pages}" in pdf_text


def test_report_refuses_on_errors_and_keeps_previous_output(workspace_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("report", "-w", str(workspace_copy), "-o", str(out), "--html-only").exit_code == 0
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = workspace_copy / PERIOD / "doel-05-DEF.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("doel: 5", "doel: 55"), encoding="utf-8")
    result = run("report", "-w", str(workspace_copy), "-o", str(out), "--html-only")
    assert result.exit_code == 1
    assert "doel-05-DEF.yaml:8:7: fout[C001]" in result.stdout
    assert "--concept" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


def test_an_error_in_an_earlier_period_also_refuses(workspace_copy: Path, tmp_path: Path) -> None:
    """The charts and the comparison read the earlier periods: an error there counts too."""
    broken = workspace_copy / "2018-2019" / "doel-05-DEF.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("waarde: 1.14", "waarde: '1,14'"), encoding="utf-8")
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 1
    assert "2018-2019/doel-05-DEF.yaml:40:" in result.stdout
    assert not (tmp_path / "o").exists()


def test_report_defaults_to_the_latest_period(workspace_copy: Path, tmp_path: Path) -> None:
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 0
    assert (tmp_path / "o" / f"gbvs-voortgangsrapportage-{PERIOD}.html").is_file()


def test_unknown_period_is_a_usage_error(tmp_path: Path) -> None:
    result = run("report", "-w", str(WORKSPACE), "-p", "2030-2031", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "2030-2031" in result.stderr and "2018-2019" in result.stderr


def test_output_inside_the_submissions_folder_is_refused(workspace_copy: Path) -> None:
    result = run("report", "-w", str(workspace_copy), "-o", str(workspace_copy / "build"), "--html-only")
    assert result.exit_code == 2
    assert not (workspace_copy / "build").exists()


def test_submission_text_is_escaped(workspace_copy: Path, tmp_path: Path) -> None:
    target = workspace_copy / PERIOD / "doel-05-DEF.yaml"
    text = target.read_text(encoding="utf-8").replace(
        "opmerking: >-\n      Defensie-uitgaven als",
        "opmerking: >-\n      <script>alert(1)</script> Defensie-uitgaven als",
    )
    assert "<script>" in text  # the example file still has the comment this test writes into
    target.write_text(text, encoding="utf-8")
    shutil.rmtree(workspace_copy / "2018-2019")
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 0
    html = report_file(tmp_path / "o").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
