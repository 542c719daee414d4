"""The rules that belong to a checked period: a value never chosen silently (S007, S008), file
names that one checkout would merge (X005) or that speak of another goal or department (C011),
and `gbvs validate PATH...` on any paths with the same checks as a period."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, finish_letter, report_file, run

from gbvs_report.validate import check_paths, check_period
from gbvs_report.workspace import open_workspace

BASE = EXAMPLES / "invalid" / "duplicate-year" / "doel-05-DEF.yaml"
COLLIDING = EXAMPLES / "colliding-names"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 1 January 2030


def _single(tmp_path: Path, text: str, name: str = "doel-05-DEF.yaml") -> Path:
    """A workspace with settings and one submission in 2020-2021."""
    workspace = tmp_path / "werkmap"
    (workspace / "2020-2021").mkdir(parents=True)
    (workspace / "gbvs.yaml").write_text("organisatie: Ministerie van Buitenlandse Zaken\n", encoding="utf-8")
    (workspace / "2020-2021" / name).write_text(text, encoding="utf-8")
    return finish_letter(workspace)  # a final report refuses an unfinished letter; these tests are about files


def _without_duplicate(text: str) -> str:
    """The example with its second realisation over 2021 taken out: a valid file."""
    return text.replace(
        "      - jaar: 2021\n        waarde: 1.52\n        peildatum: 2022-01-31\n        bron: NAVO, herzien\n", ""
    )


def test_a_duplicate_year_is_never_a_silent_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the report showed the last value, the open data both rows and diff named neither."""
    text = BASE.read_text(encoding="utf-8")
    old = _single(tmp_path / "oud", _without_duplicate(text))
    new = _single(tmp_path / "nieuw", text)
    monkeypatch.chdir(new)
    finding = (
        "2020-2021/doel-05-DEF.yaml:27:15: fout[S008] 'defensie-bbp' heeft al een realisatie over 2021, op regel 23"
    )

    validate = run("validate", "--formaat", "beknopt", ".")
    assert validate.exit_code == 1 and validate.stdout == finding + "\n"
    final = run("report", "--werkmap", ".", "--alleen-html", "--uitvoer", str(tmp_path / "a"))
    assert final.exit_code == 1 and finding in final.stdout and not (tmp_path / "a").exists()
    export = run("export", "--werkmap", ".", "--formaat", "csv", "--uitvoer", str(tmp_path / "od"))
    assert export.exit_code == 1 and finding in export.stdout and not (tmp_path / "od").exists()

    draft = run("report", "--werkmap", ".", "--alleen-html", "--concept", "--uitvoer", str(tmp_path / "b"))
    assert draft.exit_code == 0
    soup = BeautifulSoup(report_file(tmp_path / "b").read_text(encoding="utf-8"), "html.parser")
    for shown in ("1,43", "1,52"):  # neither value of 2021 reaches the report
        assert shown not in soup.select_one("main").get_text()
    problems = soup.select_one("#bijlage-problemen").get_text(" ", strip=True)
    assert "regel 27, kolom 15: fout S008: 'defensie-bbp' heeft al een realisatie over 2021, op regel 23" in problems

    diff = json.loads(run("diff", str(old), ".", "--formaat", "json").stdout)
    assert diff["changed"] and diff["left_out"] == {"old": [], "new": ["2020-2021/doel-05-DEF.yaml"]}
    shown_values = [json.dumps(c["new"]) for c in diff["changes"] if c["new"]]
    assert not any("1.52" in v or "1,52" in v for v in shown_values)


def test_a_duplicate_indicator_is_an_error_at_its_second_occurrence(tmp_path: Path) -> None:
    case = EXAMPLES / "invalid" / "duplicate-indicator"
    result = run("validate", "--formaat", "json", str(case))
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert (finding["code"], finding["line"], finding["column"]) == ("S007", 28, 9)
    assert finding["message"] == "indicator 'defensie-bbp' staat al in dit bestand, op regel 13"


def test_names_that_differ_only_in_case_collide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both files are kept on Linux; on Windows and macOS one would replace the other."""
    folder = tmp_path / "2020-2021"
    folder.mkdir()
    shutil.copy(COLLIDING / "doel-02-BZ.yaml", folder / "doel-02-BZ.yaml")
    shutil.copy(COLLIDING / "doel-02-BZ.yaml", folder / "DOEL-02-BZ.yaml")
    if len(list(folder.iterdir())) < 2:
        pytest.skip("dit bestandssysteem kent geen namen die alleen in hoofdletters verschillen")
    monkeypatch.chdir(tmp_path)
    result = run("validate", ".")
    assert result.exit_code == 1
    assert result.stdout == (COLLIDING / "expected.txt").read_text(encoding="utf-8")


def test_names_that_differ_only_in_unicode_form_collide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "2020-2021"
    folder.mkdir()
    composed = unicodedata.normalize("NFC", "doel-02-BZ-één.yaml")
    decomposed = unicodedata.normalize("NFD", composed)
    for name in (composed, decomposed):
        shutil.copy(COLLIDING / "doel-02-BZ.yaml", folder / name)
    if len(list(folder.iterdir())) < 2:
        pytest.skip("dit bestandssysteem slaat NFC en NFD als één naam op")
    monkeypatch.chdir(tmp_path)
    found = json.loads(run("validate", "--formaat", "json", ".").stdout)["diagnostics"]
    (collision,) = [d for d in found if d["code"] == "X005"]
    assert collision["file"] == f"2020-2021/{composed}"  # the second in name order
    assert collision["message"] == (
        f"de naam is die van {decomposed} in dezelfde map, alleen met een teken met accent anders opgeslagen "
        "(Unicode NFC en NFD): op macOS is dat één bestand"
    )


def test_one_file_named_twice_is_no_collision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = _single(tmp_path, _without_duplicate(BASE.read_text(encoding="utf-8")))
    monkeypatch.chdir(workspace)
    path = workspace / "2020-2021" / "doel-05-DEF.yaml"
    result = run("validate", "2020-2021/doel-05-DEF.yaml", str(path))
    assert result.exit_code == 0 and "X005" not in result.stdout


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        (
            "doel-05-BZ.yaml",
            lambda text: text,
            "doel-05-BZ.yaml:3:14: fout[C011] de bestandsnaam doel-05-BZ.yaml noemt departement BZ, maar het bestand "
            "meldt DEF",
        ),
        (
            "doel-06-DEF.yaml",
            lambda text: text,
            "doel-06-DEF.yaml:2:7: fout[C011] de bestandsnaam doel-06-DEF.yaml noemt doel 6, maar het bestand meldt doel 5",
        ),
    ],
)
def test_a_file_name_that_disagrees_with_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, edit, expected: str
) -> None:
    text = edit(_without_duplicate(BASE.read_text(encoding="utf-8")))
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--formaat", "beknopt", name)
    assert result.stdout == expected + "\n"


@pytest.mark.parametrize(
    "name", ["doel-05-DEF.yaml", "doel-5-DEF.yml", "doel-05-def.yaml", "doel-05-DEF-herzien.yaml", "defensie.yaml"]
)
def test_names_that_agree_or_follow_no_pattern_pass(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(_without_duplicate(BASE.read_text(encoding="utf-8")), encoding="utf-8")
    assert run("validate", str(tmp_path / name)).exit_code == 0


def test_validate_on_any_paths_runs_the_checks_of_the_period(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A period folder, a single file of another period, a file outside any workspace: each
    gets the findings the checked period gives it, X004 against its own workspace's letter."""
    workspace = _single(tmp_path, _without_duplicate(BASE.read_text(encoding="utf-8")))
    settings = workspace / "gbvs.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  datum: 2022-04-15\n", "  datum: 2021-12-01\n"), encoding="utf-8")
    earlier = workspace / "2018-2019"
    earlier.mkdir()
    text = _without_duplicate(BASE.read_text(encoding="utf-8")).replace("2020-2021", "2018-2019")
    for new, old in (("jaar: 2018", "jaar: 2020"), ("jaar: 2019", "jaar: 2021"), ("2019-01-31", "2021-01-31")):
        text = text.replace(old, new)
    text = text.replace("2022-01-31", "2020-01-31").replace("2022-02-14", "2020-02-14")
    (earlier / "doel-05-DEF.yaml").write_text(text, encoding="utf-8")
    loose = tmp_path / "los" / "doel-05-DEF.yaml"
    loose.parent.mkdir()
    loose.write_text(_without_duplicate(BASE.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    checked, general = check_paths([workspace / "2020-2021", earlier / "doel-05-DEF.yaml", loose])
    by_file: dict[str, set[str]] = {}
    for finding in general + [d for f in checked for d in f.findings]:
        by_file.setdefault(Path(finding.file).name if "los" in finding.file else finding.file, set()).add(finding.code)
    ws, _ = open_workspace(workspace)
    assert ws is not None
    period = check_period(ws, "2020-2021")
    (own,) = period.files
    assert {d.code for d in period.findings_of(own)} == by_file[own.display] == {"X004"}
    assert "werkmap/2018-2019/doel-05-DEF.yaml" not in by_file  # dated before the letter
    assert "doel-05-DEF.yaml" not in by_file  # outside a workspace: today (2030) is the letter's date
    result = run("validate", "--formaat", "beknopt", "werkmap/2020-2021", "werkmap/2018-2019/doel-05-DEF.yaml", "los")
    assert re.findall(r"\[(\w+)\]", result.stdout) == ["X004"]


def test_a_department_with_braces_is_named_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The names come from the file: never read as a format string."""
    text = _without_duplicate(BASE.read_text(encoding="utf-8")).replace("departement: DEF", "departement: '{x} {0}'")
    (tmp_path / "doel-05-DEF.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--formaat", "json", "doel-05-DEF.yaml")
    (c011,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "C011"]
    assert c011["message"].endswith("maar het bestand meldt {x} {0}")
    assert (
        c011["hint"] == "Corrigeer 'departement' als het bestand van DEF is."  # no name with an unknown code
    )
