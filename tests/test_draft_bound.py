"""A draft grows with its input as `gbvs validate` does, never more: copies of one submission
(each an X001 error, a duplicate) are left out of the draft like any submission with an error,
the problems annex lists files with the same findings once, and lays out no more than
PROBLEMS_SHOWN files, saying how many more there are. Time and memory: bench/bench_draft.py."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import WORKSPACE, report_file, run

from gbvs_report.report.annexes import ALSO_SHOWN, PROBLEMS_SHOWN

PERIOD = "2020-2021"
MARK = "integrale conflictpreventieagenda"  # a sentence of BZ's submission for goal 1


def _copies(tmp_path: Path, count: int) -> Path:
    workspace = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    original = (workspace / PERIOD / "doel-01-BZ.yaml").read_bytes()
    for i in range(count):
        (workspace / PERIOD / f"kopie-{i:04d}.yaml").write_bytes(original)
    return workspace


def _draft(workspace: Path, out: Path):
    result = run("report", "--draft", "--html-only", "-w", str(workspace), "-p", PERIOD, "-o", str(out))
    assert result.exit_code == 0, result.output
    return result, BeautifulSoup(report_file(out).read_text(encoding="utf-8"), "html.parser")


def test_copies_of_a_submission_are_left_out_and_listed_once(tmp_path: Path) -> None:
    count = 300
    result, soup = _draft(_copies(tmp_path, count), tmp_path / "uit")
    _, plain = _draft(WORKSPACE, tmp_path / "zonder")
    assert str(soup).count(MARK) == str(plain).count(MARK) >= 1  # BZ's contribution once, as without copies
    assert result.stderr.count("gbvs: weggelaten uit het concept wegens fouten: ") == count
    annex = soup.find(id="bijlage-problemen")
    [heading] = annex.find_all(class_="problem-file")
    assert heading.get_text() == f"{PERIOD}/kopie-0000.yaml"
    [also] = annex.find_all(class_="problem-also")
    names = [f"{PERIOD}/kopie-{i:04d}.yaml" for i in range(1, ALSO_SHOWN + 1)]
    assert " ".join(also.get_text().split()) == (
        f"Dezelfde bevindingen in {count - 1} andere bestanden: {', '.join(names)} en nog {count - 1 - ALSO_SHOWN}."
    )
    [finding] = annex.find("ul", class_="problem-findings").find_all("li")
    assert "fout X001: BZ levert voor doel 1 in 2020-2021 ook aan in" in finding.get_text()
    accountability = BeautifulSoup(
        next((tmp_path / "uit").glob("*-verantwoording-concept.html")).read_text(encoding="utf-8"), "html.parser"
    )
    [copies] = [li for li in accountability.select("ol.inputs li") if "kopie-" in li.get_text()]
    assert " ".join(copies.get_text().split()).startswith(
        f"{PERIOD}/kopie-0000.yaml (aanlevering (weggelaten); dezelfde inhoud als {count - 1} andere weggelaten "
        f"aanleveringen: {names[0]}, {names[1]},"
    )


def test_the_problems_annex_lays_out_a_bounded_number_of_files(tmp_path: Path) -> None:
    workspace = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    count = PROBLEMS_SHOWN + 7
    source = (workspace / PERIOD / "doel-01-BZ.yaml").read_text(encoding="utf-8")
    for i in range(count):  # each with an error of its own: nothing to group
        text = source.replace("departement: BZ", "departement: XYZ").replace("doel: 1\n", f"doel: {100 + i}\n")
        (workspace / PERIOD / f"fout-{i:03d}.yaml").write_text(text, encoding="utf-8")
    _, soup = _draft(workspace, tmp_path / "uit")
    annex = soup.find(id="bijlage-problemen")
    assert len(annex.find_all(class_="problem-file")) == PROBLEMS_SHOWN
    [rest] = annex.find_all(class_="problem-rest")
    assert " ".join(rest.get_text().split()) == (
        "En nog 7 aanleveringen met fouten, hier niet uitgeschreven; gbvs validate noemt ze allemaal."
    )
