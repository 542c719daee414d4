"""`gbvs export` for spreadsheets: CSV cells a spreadsheet would evaluate are neutralised, and
`--format xlsx` writes one typed, deterministic workbook for people."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run

WERKMAP = EXAMPLES / "export" / "werkmap"

# What a department might write in `bron` or `omschrijving`, each starting with a character that
# makes a spreadsheet evaluate the cell.
TAB, CR = "\t", "\r"
DANGEROUS = {
    "=": '=HYPERLINK("http://x","klik")',
    "+": "+31 70 1234567",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1)",
    TAB: "\tNederland coördineert het PESCO-project Militaire Mobiliteit.",
    CR: "\rRaadsbesluit (GBVB) 2018/340 van 6 maart 2018",
}


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture
def risky_workspace(tmp_path: Path) -> Path:
    """The export example with dangerous texts in `bron` and `omschrijving` and a negative baseline."""
    target = tmp_path / "werkmap"
    shutil.copytree(WERKMAP, target)
    path = target / "2020-2021" / "doel-05-DEF.yaml"
    text = path.read_text(encoding="utf-8")
    nato = 'bron: "NAVO, Defence Expenditure of NATO Countries (2014-2024), juni 2024"'
    for old, new in [
        (nato, f"bron: {_quoted(DANGEROUS['='])}"),
        (nato, f"bron: {_quoted(DANGEROUS['+'])}"),
        ("bron: Jaarverslag Defensie 2020 (voorbeelddata)", f"bron: {_quoted(DANGEROUS['-'])}"),
        ("bron: Jaarverslag Defensie 2021 (voorbeelddata)", f"bron: {_quoted(DANGEROUS['@'])}"),
        (
            "omschrijving: Nederland coördineert het PESCO-project Militaire Mobiliteit (PESCO, sinds december "
            "2017, 25 lidstaten).",
            f"omschrijving: {_quoted(DANGEROUS[TAB])}",
        ),
        ("bron: Raadsbesluit (GBVB) 2018/340 van 6 maart 2018", f"bron: {_quoted(DANGEROUS[CR])}"),
        ("nulmeting: {waarde: 9416.9, jaar: 2018}", "nulmeting: {waarde: -3.5, jaar: 2018}"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return target


def test_validate_accepts_the_risky_texts(risky_workspace: Path) -> None:
    result = run("validate", str(risky_workspace))
    assert result.exit_code == 0, result.output


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_neutralises_cells_a_spreadsheet_would_evaluate(risky_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = run("export", "-w", str(risky_workspace), "-p", "2020-2021", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    values = _csv_rows(out / "indicatorwaarden.csv")
    milestone = _csv_rows(out / "mijlpalen.csv")[0]
    sources = {row["bron"] for row in values} | {milestone["bron"]}
    texts = sources | {milestone["omschrijving"]}
    for start, text in DANGEROUS.items():
        assert "'" + text in texts, repr(start)
        assert text not in texts, repr(start)
    raw = (out / "indicatorwaarden.csv").read_text(encoding="utf-8")
    for start in "=+-@":
        escaped = DANGEROUS[start].replace('"', '""')
        assert f"\"'{escaped}\"" in raw, start  # quoted, always
    assert f"\"'{DANGEROUS[TAB]}" in (out / "mijlpalen.csv").read_text(encoding="utf-8")
    # Numbers stay numbers, a negative one too; harmless text stays as it was.
    spending = [row for row in values if row["indicator"] == "defensie-uitgaven"]
    assert {row["nulmeting"] for row in spending} == {"-3.5"}
    assert ",-3.5," in raw
    assert {row["bron"] for row in values if row["indicator"] == "dreigingsniveau"} == {
        "NCTV, Dreigingsbeeld Terrorisme Nederland: niveau 3 (aanzienlijk) sinds DTN51 van 9 december 2019"
    }
    description = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]["description"]
    assert "aanhalingsteken (')" in description


def test_json_keeps_the_texts_as_submitted(risky_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    assert run("export", "-w", str(risky_workspace), "-p", "2020-2021", "-f", "json", "-o", str(out)).exit_code == 0
    values = json.loads((out / "indicatorwaarden.json").read_text(encoding="utf-8"))
    milestone = json.loads((out / "mijlpalen.json").read_text(encoding="utf-8"))[0]
    assert {DANGEROUS[s] for s in "=+-@"} <= {row["bron"] for row in values}
    assert (milestone["omschrijving"], milestone["bron"]) == (DANGEROUS[TAB], DANGEROUS[CR])
    assert -3.5 in {row["nulmeting"] for row in values}
    assert "description" not in json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"][0]


@pytest.mark.parametrize("text, neutralised", [
    ("=1+1", True), ("+31 70 1234567", True), ("-x", True), ("@A1", True), ("\tx", True), ("\rx", True),
    ("-3.5", False), ("+2", False), ("-1,5", False), ("NAVO", False), ("", False), (" =1", False),
])
def test_which_texts_count_as_formulas(text: str, neutralised: bool) -> None:
    from gbvs_report.commands.export import is_formula_like

    assert is_formula_like(text) is neutralised
