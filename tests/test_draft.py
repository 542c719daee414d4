"""Draft and final: `gbvs report --draft` renders despite errors, leaves those submissions out
and lists them in a problems annex, and says CONCEPT on every page; without --draft any error
refuses the report. Also the progress lines, shown on a terminal only."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import report_file, run
from pypdf import PdfReader

from gbvs_report.cli import progress_printer

PERIOD = "2020-2021"


def _break(workspace: Path) -> None:
    """Two broken files: one with a catalogue error, one that is not even YAML."""
    target = workspace / PERIOD / "doel-05-DEF.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("waarde: 1.26", "waarde: '1,26'"), encoding="utf-8")
    (workspace / PERIOD / "doel-08-JenV.yaml").write_text("periode: 2020-2021\ndoel: [8\n", encoding="utf-8")


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    import shutil

    from conftest import WORKSPACE

    root = tmp_path_factory.mktemp("draft")
    workspace = root / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    _break(workspace)
    result = run("report", "-w", str(workspace), "-o", str(root / "out"), "--draft")
    return root / "out", result


@pytest.fixture(scope="module")
def draft_soup(draft) -> BeautifulSoup:
    out, _ = draft
    return BeautifulSoup(
        (out / f"gbvs-voortgangsrapportage-{PERIOD}-concept.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_draft_renders_despite_errors_and_says_what_it_left_out(draft) -> None:
    out, result = draft
    assert result.exit_code == 0, result.output
    stem = f"gbvs-voortgangsrapportage-{PERIOD}"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            f"{stem}-concept.html",
            f"{stem}-concept.pdf",
            f"{stem}-kamerbrief-concept.html",
            f"{stem}-kamerbrief-concept.pdf",
            f"{stem}-kamerbrief-concept.docx",
            f"{stem}-verantwoording-concept.html",
            f"{stem}-verantwoording-concept.pdf",
        ]
    )
    assert "doel-05-DEF.yaml:42:17: fout[S003]" in result.stdout
    assert "weggelaten uit het concept wegens fouten: 2020-2021/doel-05-DEF.yaml" in result.stderr
    assert "weggelaten uit het concept wegens fouten: 2020-2021/doel-08-JenV.yaml" in result.stderr
    assert "PDF-opmaak" not in result.stderr and "geweigerd" not in result.stderr  # WeasyPrint had no complaint


def test_problems_annex_lists_each_left_out_file_with_its_findings(draft_soup: BeautifulSoup) -> None:
    annex = draft_soup.find("section", id="bijlage-problemen")
    assert annex is not None and annex.h2.get_text(strip=True) == "Bijlage 5: Problemen"
    assert [h.get_text(strip=True) for h in annex.find_all("h3")] == ["Weggelaten aanleveringen"]
    files = [h.get_text(strip=True) for h in annex.find_all("h4")]
    assert files == ["2020-2021/doel-05-DEF.yaml", "2020-2021/doel-08-JenV.yaml"]
    findings = [li.get_text(" ", strip=True) for li in annex.find_all("ul")[0].find_all("li")]
    assert findings[0].startswith("regel 42, kolom 17: fout S003: 'indicator 1, realisatie 1, waarde' moet een getal")
    assert "YAML-syntaxfout" in annex.find_all("ul")[1].get_text()
    assert draft_soup.find("a", href="#bijlage-problemen", string=None) is not None


def test_left_out_submission_is_not_in_the_report(draft, draft_soup: BeautifulSoup) -> None:
    goal = draft_soup.find("section", id="doel-5")
    assert [a["aria-label"] for a in goal.find_all("article", class_="submission")] == [
        "Bijdrage Buitenlandse Zaken",
        "Bijdrage Financiën",
    ]  # Defensie's was left out; the contributors' are there
    assert "Weggelaten wegens fouten (zie de bijlage Problemen): de aanlevering van Defensie." in " ".join(
        goal.get_text(" ").split()
    ).replace(" )", ")").replace("( ", "(").replace(" :", ":").replace(" .", ".")
    assert "1,26%" not in goal.get_text()
    missing = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in draft_soup.select("#bijlage-ontbrekend tbody tr")
    ]
    assert any(
        goal.startswith("5. ") and dept == "Defensie" and why.startswith("weggelaten wegens fouten")
        for goal, dept, why in missing
    )
    out, _ = draft
    accountability = BeautifulSoup(
        (out / f"gbvs-voortgangsrapportage-{PERIOD}-verantwoording-concept.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    digests = [li.get_text(" ", strip=True) for li in accountability.select("#invoerbestanden ol.inputs li")]
    assert any("2020-2021/doel-05-DEF.yaml (aanlevering (weggelaten))" in d for d in digests)


@pytest.mark.parametrize("document", ["", "-kamerbrief", "-verantwoording"])
def test_draft_says_concept_on_every_pdf_page(draft, document: str) -> None:
    out, _ = draft
    reader = PdfReader(out / f"gbvs-voortgangsrapportage-{PERIOD}{document}-concept.pdf")
    assert len(reader.pages) > (10 if not document else 0)
    for number, page in enumerate(reader.pages, start=1):
        assert "CONCEPT" in page.extract_text(), f"pagina {number}"


def test_draft_html_says_concept(draft_soup: BeautifulSoup) -> None:
    assert draft_soup.body["class"] == ["draft"]
    assert draft_soup.find(class_="concept-mark").get_text(strip=True) == "CONCEPT"
    assert "conceptversie" in draft_soup.find(class_="draft-notice").get_text()


def test_final_report_refuses_the_same_errors(tmp_path: Path, workspace_copy: Path) -> None:
    _break(workspace_copy)
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 1
    assert "doel-05-DEF.yaml:42:17: fout[S003]" in result.stdout
    assert "Geen rapport gemaakt" in result.stderr
    assert not (tmp_path / "o").exists()


def test_final_report_has_no_concept_mark(tmp_path: Path, workspace_copy: Path) -> None:
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path), "--html-only").exit_code == 0
    soup = BeautifulSoup(report_file(tmp_path).read_text(encoding="utf-8"), "html.parser")
    assert soup.find(class_="concept-mark") is None and "CONCEPT" not in soup.get_text()
    assert soup.find(id="bijlage-problemen") is None


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_numbered() -> None:
    stream = _Terminal()
    show = progress_printer(stream)
    show("aanleveringen laden")
    show("HTML opmaken")
    assert stream.getvalue().splitlines() == ["[1] aanleveringen laden …", "[2] HTML opmaken …"]


def test_progress_is_quiet_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress_printer(stream)("aanleveringen laden")
    assert stream.getvalue() == ""


def test_report_names_its_steps(workspace_copy: Path, tmp_path: Path) -> None:
    from gbvs_report.commands.build import build_report
    from gbvs_report.workspace import open_workspace

    steps: list[str] = []
    workspace, _ = open_workspace(workspace_copy)
    build_report(workspace, workspace.resolve_period(), tmp_path, pdf=False, progress=steps.append)
    assert [re.sub(r" \(.*", "", s) for s in steps] == [
        "aanleveringen laden en controleren",
        "HTML opmaken",
        f"Word-bestand opmaken: gbvs-voortgangsrapportage-{workspace.resolve_period()}-kamerbrief.docx",
        "de bestanden op hun plaats zetten",
    ]
