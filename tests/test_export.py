"""`gbvs export`: the open data behind the report, checked with the frictionless package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, WORKSPACE, run
from frictionless import Package

EXPORT = EXAMPLES / "export"


def _valid(folder: Path) -> Package:
    package = Package(str(folder / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return package


def _rows(package: Package, name: str) -> list[dict]:
    return [dict(row) for row in package.get_resource(name).read_rows()]


def test_csv_export_is_exact(tmp_path: Path) -> None:
    result = run("export", "-w", str(EXPORT / "werkmap"), "-p", "2020-2021", "--format", "csv", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "6 rijen in indicatorwaarden, 1 rij in mijlpalen" in result.stderr
    for name in ("indicatorwaarden.csv", "mijlpalen.csv", "datapackage.json"):
        assert (tmp_path / name).read_bytes() == (EXPORT / "expected" / name).read_bytes(), name


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_example_workspace_exports_a_valid_data_package(tmp_path: Path, file_format: str) -> None:
    for period in ("2018-2019", "2020-2021"):
        out = tmp_path / period
        result = run("export", "-w", str(WORKSPACE), "-p", period, "--format", file_format, "-o", str(out))
        assert result.exit_code == 0, result.output
        package = _valid(out)
        values = _rows(package, "indicatorwaarden")
        assert values and all(row["periode"] == period for row in values)
        assert _rows(package, "mijlpalen")


def test_json_and_csv_hold_the_same_data(tmp_path: Path) -> None:
    for file_format in ("csv", "json"):
        args = ("-w", str(WORKSPACE), "-p", "2020-2021", "--format", file_format, "-o", str(tmp_path / file_format))
        assert run("export", *args).exit_code == 0
    csv_package, json_package = _valid(tmp_path / "csv"), _valid(tmp_path / "json")
    for name in ("indicatorwaarden", "mijlpalen"):
        assert _rows(csv_package, name) == _rows(json_package, name)


def test_rows_carry_values_and_where_they_come_from(tmp_path: Path) -> None:
    run("export", "-w", str(EXPORT / "werkmap"), "-p", "2020-2021", "--format", "json", "-o", str(tmp_path))
    rows = _rows(_valid(tmp_path), "indicatorwaarden")
    nato = next(r for r in rows if r["indicator"] == "defensie-bbp" and r["jaar"] == 2020)
    assert (float(nato["waarde"]), nato["eenheid"], float(nato["streefwaarde"]), nato["streefwaarde_jaar"]) == (
        1.37,
        "procent",
        2.0,
        2024,
    )
    source = (EXPORT / "werkmap" / nato["bestand"]).read_text(encoding="utf-8").splitlines()
    assert source[nato["regel"] - 1].strip() == "- jaar: 2020"
    threat = next(r for r in rows if r["indicator"] == "dreigingsniveau" and r["jaar"] == 2021)
    assert (threat["niveau"], threat["waarde"], threat["nulmeting_niveau"], threat["nulmeting"]) == (
        "aanzienlijk",
        3,
        "substantieel",
        4,
    )
    assert threat["eenheid"] is None and threat["stijgend"] is False


def test_export_refuses_on_errors_and_keeps_earlier_output(workspace_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "open-data"
    assert run("export", "-w", str(workspace_copy), "-p", "2020-2021", "-f", "csv", "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = workspace_copy / "2020-2021" / "doel-05-DEF.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("waarde: 1.26", "waarde: '1,26'"), encoding="utf-8")
    result = run("export", "-w", str(workspace_copy), "-p", "2020-2021", "-f", "csv", "-o", str(out))
    assert result.exit_code == 1
    assert "doel-05-DEF.yaml:42:17: fout[S003]" in result.stdout
    assert "Geen open data geschreven" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "xml"], "kies uit 'csv', 'json', 'xlsx'"),
        (["-f", "csv", "-p", "2022"], "heeft nog geen aanleveringen"),
        (["-f", "csv", "-o", "{ws}/uit"], "ligt in de map met aanleveringen"),
    ],
)
def test_export_usage_errors(workspace_copy: Path, args: list[str], message: str) -> None:
    args = [a.replace("{ws}", str(workspace_copy)) for a in args]
    result = run("export", "-w", str(workspace_copy), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (workspace_copy / "uit").exists()


def test_export_defaults_to_the_current_period(workspace_copy: Path, tmp_path: Path) -> None:
    shutil.rmtree(workspace_copy / "2020-2021")
    (workspace_copy / "gbvs.yaml").write_text("periode: 2018-2019\n", encoding="utf-8")
    assert run("export", "-w", str(workspace_copy), "-f", "csv", "-o", str(tmp_path)).exit_code == 0
    assert "2018-2019" in (tmp_path / "indicatorwaarden.csv").read_text(encoding="utf-8")


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map\n", encoding="utf-8")
    result = run("export", "-w", str(WORKSPACE), "-p", "2020-2021", "-f", "csv", "-o", str(blocker / "uit"))
    assert result.exit_code == 2 and "kan niet schrijven" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "geen map\n"
