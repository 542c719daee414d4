"""`gbvs export` for spreadsheets: CSV cells a spreadsheet would evaluate are neutralised, and
`--format xlsx` writes one typed, deterministic workbook for people."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
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
    nato = 'bron: "Defensie, raming defensie-uitgaven volgens de NAVO-definitie (voorbeelddata)"'
    for old, new in [
        (nato, f"bron: {_quoted(DANGEROUS['='])}"),
        (nato, f"bron: {_quoted(DANGEROUS['+'])}"),
        ("bron: Jaarverslag Defensie 2020 (voorbeelddata)", f"bron: {_quoted(DANGEROUS['-'])}"),
        ("bron: Defensie, voorlopige realisatie 2021 (voorbeelddata)", f"bron: {_quoted(DANGEROUS['@'])}"),
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
        assert f'"\'{escaped}"' in raw, start  # quoted, always
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


@pytest.mark.parametrize(
    "text, neutralised",
    [
        ("=1+1", True),
        ("+31 70 1234567", True),
        ("-x", True),
        ("@A1", True),
        ("\tx", True),
        ("\rx", True),
        ("-3.5", False),
        ("+2", False),
        ("-1,5", False),
        ("NAVO", False),
        ("", False),
        (" =1", False),
    ],
)
def test_which_texts_count_as_formulas(text: str, neutralised: bool) -> None:
    from gbvs_report.commands.export_columns import is_formula_like

    assert is_formula_like(text) is neutralised


# The workbook ------------------------------------------------------------------------------


def _export_xlsx(workspace: Path, out: Path):
    result = run("export", "-w", str(workspace), "-p", "2020-2021", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    return result


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_through_the_cli_lists_the_workbook(risky_workspace: Path, tmp_path: Path) -> None:
    result = _export_xlsx(risky_workspace, tmp_path / "uit")
    assert result.stdout.splitlines() == [f"geschreven: {tmp_path / 'uit' / 'open-data.xlsx'}"]
    assert "6 rijen in indicatorwaarden, 1 rij in mijlpalen" in result.stderr
    assert [p.name for p in (tmp_path / "uit").iterdir()] == ["open-data.xlsx"]


def test_xlsx_sheets_header_and_typed_cells(risky_workspace: Path, tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import load_workbook

    from gbvs_report.commands.export_columns import MILESTONE_COLUMNS, VALUE_COLUMNS

    _export_xlsx(risky_workspace, tmp_path)
    book = load_workbook(tmp_path / "open-data.xlsx")
    assert book.sheetnames == ["Indicatorwaarden", "Mijlpalen", "Toelichting"]
    values, milestones = book["Indicatorwaarden"], book["Mijlpalen"]
    for sheet, columns, count in ((values, VALUE_COLUMNS, 6), (milestones, MILESTONE_COLUMNS, 1)):
        header = [cell for cell in next(sheet.iter_rows(max_row=1))]
        assert [cell.value for cell in header] == [c.title for c in columns]
        assert all(cell.font.b for cell in header)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{count + 1}"
        assert sheet.max_row == count + 1
        assert all(8 <= sheet.column_dimensions[cell.column_letter].width <= 60 for cell in header)
    titles = [c.title for c in VALUE_COLUMNS]
    rows = [dict(zip(titles, row)) for row in _sheet_rows(values)[1:]]
    first = rows[0]
    assert (first["Doel"], first["Jaar"], first["Waarde"], first["Streefwaarde"], first["Regel"]) == (
        5,
        2020,
        1.37,
        2,
        32,
    )
    assert {row["Nulmeting"] for row in rows if row["Indicator"] == "defensie-uitgaven"} == {-3.5}
    assert first["Hoger is beter"] == "ja" and rows[-1]["Hoger is beter"] == "nee"
    assert first["Peildatum"] == dt.datetime(2022, 1, 31)
    assert rows[-1]["Eenheid"] is None and rows[-1]["Niveau"] == "aanzienlijk"
    date_column = titles.index("Peildatum") + 1
    for cell in next(values.iter_cols(min_col=date_column, max_col=date_column, min_row=2)):
        assert cell.is_date and cell.number_format == "d-m-yyyy"
    for title in ("Waarde", "Jaar", "Regel"):
        column = titles.index(title) + 1
        assert all(cell.data_type == "n" for cell in next(values.iter_cols(min_col=column, max_col=column, min_row=2)))
    milestone = dict(zip([c.title for c in MILESTONE_COLUMNS], _sheet_rows(milestones)[1]))
    assert (milestone["Gepland"], milestone["Behaald op"]) == (dt.datetime(2019, 12, 31), dt.datetime(2018, 3, 6))
    assert milestone["Naam van de indicator"] == "PESCO-project Militaire Mobiliteit onder Nederlandse coördinatie"


def test_xlsx_keeps_dangerous_texts_as_text(risky_workspace: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _export_xlsx(risky_workspace, tmp_path)
    book = load_workbook(tmp_path / "open-data.xlsx")
    cells = {
        cell.value: cell for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
    }
    for start, text in DANGEROUS.items():
        assert text in cells, repr(start)  # exactly as submitted, without a quote in front
        assert cells[text].data_type == "s" and cells[text].data_type != "f", repr(start)
        assert cells[text].quotePrefix, repr(start)
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(tmp_path / "open-data.xlsx") as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets)


def test_xlsx_explains_every_column_in_dutch(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from gbvs_report.commands.export_columns import TABLES

    _export_xlsx(WERKMAP, tmp_path)
    rows = _sheet_rows(load_workbook(tmp_path / "open-data.xlsx")["Toelichting"])
    header = rows.index(["Tabblad", "Kolom", "Naam in de open data", "Soort", "Altijd gevuld", "Beschrijving"])
    explained = {(row[0], row[2]): row for row in rows[header + 1 :]}
    for name, sheet in (("indicatorwaarden", "Indicatorwaarden"), ("mijlpalen", "Mijlpalen")):
        for column in TABLES[name]:
            assert explained[(sheet, column.name)][1] == column.title
            assert explained[(sheet, column.name)][5] == column.description
    assert explained[("Indicatorwaarden", "peildatum")][3] == "datum"
    assert explained[("Mijlpalen", "omschrijving")][4] == "ja"
    assert "CC0-1.0" in " ".join(str(row[0]) for row in rows[:header])


def test_xlsx_keeps_accents(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workspace = tmp_path / "werkmap"
    shutil.copytree(WERKMAP, workspace)
    path = workspace / "2020-2021" / "doel-07-JenV.yaml"
    nctv = '"NCTV, Dreigingsbeeld Terrorisme Nederland: niveau 3 (aanzienlijk) sinds DTN51 van 9 december 2019"'
    source = "Ministerie van Financiën, Miljoenennota: € 1,2 mld – ‘café’ en coördinatie"
    path.write_text(path.read_text(encoding="utf-8").replace(nctv, _quoted(source)), encoding="utf-8")
    _export_xlsx(workspace, tmp_path / "uit")
    book = load_workbook(tmp_path / "uit" / "open-data.xlsx")
    texts = {cell.value for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert source in texts
    assert "PESCO-project Militaire Mobiliteit onder Nederlandse coördinatie" in texts


def test_xlsx_is_the_same_bytes_every_time(risky_workspace: Path, tmp_path: Path, monkeypatch) -> None:
    import time
    from types import SimpleNamespace

    _export_xlsx(risky_workspace, tmp_path / "een")
    # A year later: openpyxl and zipfile would put the time of saving into the file.
    later = time.time() + 365 * 24 * 3600
    monkeypatch.setattr(zipfile, "time", SimpleNamespace(time=lambda: later, localtime=time.localtime))
    _export_xlsx(risky_workspace, tmp_path / "twee")
    first, second = (tmp_path / d / "open-data.xlsx" for d in ("een", "twee"))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        # The day of the latest submission in the workbook (doel-07-JenV: 2022-02-16).
        assert {info.date_time for info in archive.infolist()} == {(2022, 2, 16, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2022-02-16T00:00:00Z") == 2  # created and modified


def test_xlsx_refuses_on_errors_like_csv(risky_workspace: Path, tmp_path: Path) -> None:
    broken = risky_workspace / "2020-2021" / "doel-05-DEF.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("waarde: 1.37", "waarde: '1,37'"), encoding="utf-8")
    result = run("export", "-w", str(risky_workspace), "-p", "2020-2021", "-f", "xlsx", "-o", str(tmp_path / "uit"))
    assert result.exit_code == 1 and "Geen open data geschreven" in result.stderr
    assert not (tmp_path / "uit" / "open-data.xlsx").exists()


def test_xlsx_replaces_control_characters_xml_cannot_hold(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workspace = tmp_path / "werkmap"
    shutil.copytree(WERKMAP, workspace)
    path = workspace / "2020-2021" / "doel-05-DEF.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("bron: Defensie, voorlopige realisatie 2021 (voorbeelddata)", r'bron: "bel\x07 en\x1b[31m"'),
        encoding="utf-8",
    )
    assert run("validate", str(workspace)).exit_code == 0
    _export_xlsx(workspace, tmp_path / "uit")
    sources = {row[19] for row in _sheet_rows(load_workbook(tmp_path / "uit" / "open-data.xlsx")["Indicatorwaarden"])}
    assert "bel\N{REPLACEMENT CHARACTER} en\N{REPLACEMENT CHARACTER}[31m" in sources


def test_workbook_time_is_the_latest_submission_or_the_start_of_the_period() -> None:
    import datetime as dt

    from gbvs_report.commands.export_xlsx import workbook_time

    days = [dt.date(2022, 2, 14), dt.date(2022, 3, 1), dt.date(2021, 12, 31)]
    assert workbook_time(days, "2020-2021") == dt.datetime(2022, 3, 1)
    assert workbook_time([], "2020-2021") == dt.datetime(2020, 1, 1)


def test_xlsx_never_cuts_a_long_text_silently(tmp_path: Path) -> None:
    """Excel holds at most 32,767 characters in a cell (openpyxl cut longer ones without a word):
    the cell says it is cut, how long the text is and where it is whole; the CSV holds it all."""
    from openpyxl import load_workbook

    workspace = tmp_path / "werkmap"
    shutil.copytree(WERKMAP, workspace)
    path = workspace / "2020-2021" / "doel-05-DEF.yaml"
    long = "Bron met een lange beschrijving, zin na zin. " * 1000  # 45,000 characters
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("bron: Defensie, voorlopige realisatie 2021 (voorbeelddata)", f"bron: {_quoted(long)}"),
        encoding="utf-8",
    )
    result = _export_xlsx(workspace, tmp_path / "uit")
    assert "Let op: 1 tekst is langer dan een cel in Excel kan bevatten (32.767 tekens)" in result.stderr
    book = load_workbook(tmp_path / "uit" / "open-data.xlsx")
    [cell] = [v for row in _sheet_rows(book["Indicatorwaarden"]) for v in row if isinstance(v, str) and "lange" in v]
    assert len(cell) <= 32_767
    assert cell.startswith(long[:30_000])
    assert cell.endswith(
        " [… ingekort: de tekst heeft 45.000 tekens, een cel in Excel hoogstens 32.767; de volledige tekst staat "
        "in de open data als CSV of JSON: gbvs export --formaat csv of --formaat json]"
    )
    explained = " ".join(str(v) for row in _sheet_rows(book["Toelichting"]) for v in row if v)
    assert "hoogstens 32.767 tekens" in explained and "volledig" in explained
    assert run("export", "-w", str(workspace), "-f", "csv", "-o", str(tmp_path / "csv")).exit_code == 0
    sources = {row["bron"] for row in _csv_rows(tmp_path / "csv" / "indicatorwaarden.csv")}
    assert long.strip() in sources or long in sources
