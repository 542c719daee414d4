"""The workspace boundary, tried on hostile examples built on disk: links to files outside the
workspace, named pipes, folders with a submission's name, copies in sub-folders, a strategy
short title that is a path, control characters in data and file names.

Every case that could hang without the fix (a named pipe) runs `gbvs` in a subprocess with a
timeout, so that a regression fails the suite instead of stopping it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WORKSPACE, report_file, run

from gbvs_report.commands.build import BuildError, output_file, safe_name
from gbvs_report.model.catalogue import DEFAULT_CATALOGUE

PERIOD = "2020-2021"
SUBMISSION = f"{PERIOD}/doel-05-DEF.yaml"
SECRET = "GEHEIM-7f3a9c: dit mag nooit in een uitvoer staan"

needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolische links")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A writable copy of the example workspace, with a secret file beside it (outside)."""
    target = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, target)
    (tmp_path / "geheim.yaml").write_text(f"{SECRET}\n", encoding="utf-8")
    return target


def gbvs(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `gbvs` in its own process: a command that waits on a pipe fails on the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "gbvs_report", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )


def everything(result) -> str:
    return result.stdout + result.stderr


def codes_at(output: str, name: str) -> list[str]:
    """The codes of the concise findings about file `name`."""
    return [line.split("[")[1].split("]")[0] for line in output.splitlines() if line.startswith(name + ":")]


# Submissions ---------------------------------------------------------------------------------


@needs_links
@pytest.mark.parametrize("output_format", ["human", "concise", "json", "github", "gitlab"])
def test_a_linked_submission_is_refused_and_its_target_never_shown(
    ws: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = ws / SUBMISSION
    submission.unlink()
    os.symlink(ws.parent / "geheim.yaml", submission)
    monkeypatch.chdir(ws.parent)
    result = run("validate", "--format", output_format, f"indicators/{SUBMISSION}")
    assert result.exit_code == 1
    assert "Y019" in result.stdout
    assert "GEHEIM" not in everything(result)


@needs_links
def test_a_link_to_proc_environ_is_never_read(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = ws / PERIOD / "doel-99-XX.yaml"
    os.symlink("/proc/self/environ", link)
    monkeypatch.setenv("GBVS_TEST_SECRET", "GEHEIM-omgeving")
    monkeypatch.chdir(ws.parent)
    result = run("validate", "--format", "concise", "indicators")
    assert codes_at(result.stdout, f"indicators/{PERIOD}/doel-99-XX.yaml") == ["Y019"]
    assert "GEHEIM" not in everything(result)


@needs_links
def test_a_linked_submission_is_left_out_of_status_and_draft(ws: Path, tmp_path: Path) -> None:
    submission = ws / SUBMISSION
    submission.unlink()
    os.symlink(ws.parent / "geheim.yaml", submission)
    status = run("status", "-w", str(ws), "-p", PERIOD, "--format", "json")
    assert status.exit_code == 1
    row = next(r for r in json.loads(status.stdout)["aanleveringen"] if r["bestand"] and "doel-05-DEF" in r["bestand"])
    assert row["stand"] == "fouten"
    assert "GEHEIM" not in everything(status)
    out = tmp_path / "out"
    draft = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(out), "--html-only", "--draft")
    assert draft.exit_code == 0, everything(draft)
    assert "Y019" in draft.stdout
    html = report_file(out).read_text(encoding="utf-8")
    assert "GEHEIM" not in html
    # the secret is not even hashed into the accountability annex
    import hashlib

    assert hashlib.sha256((ws.parent / "geheim.yaml").read_bytes()).hexdigest() not in html


@needs_links
def test_a_links_target_never_decides_the_workspace(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "catalogus.yaml").write_text(f"{SECRET}\n", encoding="utf-8")
    (elsewhere / "doel.yaml").write_text("periode: 2020-2021\n", encoding="utf-8")
    os.symlink(elsewhere / "doel.yaml", ws / PERIOD / "doel-00-AA.yaml")  # the first file of the folder
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--format", "concise", f"indicators/{PERIOD}")
    assert codes_at(result.stdout, f"indicators/{PERIOD}/doel-00-AA.yaml") == ["Y019"]
    assert "elders" not in result.stdout and "GEHEIM" not in everything(result)
    assert result.stdout.count("\n") == 1  # the other files are checked against the workspace's catalogue
    assert "gbvs-2018-2022" in run("validate", "--format", "json", f"indicators/{PERIOD}").stdout


@needs_links
def test_a_link_to_nowhere_is_a_finding_in_every_command(ws: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "weg.yaml", ws / PERIOD / "doel-99-XX.yaml")
    assert "Y019" in run("validate", "--format", "concise", str(ws)).stdout
    status = run("status", "-w", str(ws), "-p", PERIOD)
    assert status.exit_code == 1 and "doel-99-XX.yaml" in status.stdout
    draft = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(tmp_path / "out"), "--html-only", "--draft")
    assert draft.exit_code == 0 and "Y019" in draft.stdout


@needs_fifo
def test_validate_on_a_named_pipe_returns_at_once_with_a_finding(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = gbvs("validate", "--format", "concise", "pipe.yaml", cwd=tmp_path, timeout=30)
    assert result.returncode == 1, everything(result)
    assert codes_at(result.stdout, "pipe.yaml") == ["Y018"]
    assert "named pipe" in result.stdout
    human = gbvs("validate", "pipe.yaml", cwd=tmp_path, timeout=30)  # shows source lines: must not open it
    assert human.returncode == 1 and "Y018" in human.stdout


@needs_fifo
def test_a_named_pipe_in_a_period_folder_blocks_no_command(ws: Path, tmp_path: Path) -> None:
    os.mkfifo(ws / PERIOD / "doel-99-XX.yaml")
    validate = gbvs("validate", "--format", "concise", "indicators", cwd=tmp_path, timeout=60)
    assert codes_at(validate.stdout, f"indicators/{PERIOD}/doel-99-XX.yaml") == ["Y018"]
    status = gbvs("status", "-w", "indicators", "-p", PERIOD, cwd=tmp_path, timeout=60)
    assert status.returncode == 1 and "doel-99-XX.yaml" in status.stdout
    report = gbvs("report", "-w", "indicators", "-p", PERIOD, "-o", "out", "--html-only", cwd=tmp_path, timeout=120)
    assert report.returncode == 1 and "Y018" in report.stdout


def test_a_folder_with_a_submissions_name_is_a_finding(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    submission = ws / SUBMISSION
    submission.unlink()
    submission.mkdir()
    (submission / "doel-05-DEF.yaml").write_text("periode: 2020-2021\n", encoding="utf-8")
    monkeypatch.chdir(ws.parent)
    result = run("validate", "--format", "concise", "indicators")
    assert result.exit_code == 1
    assert codes_at(result.stdout, f"indicators/{SUBMISSION}") == ["Y018"]
    assert "een map" in result.stdout
    status = json.loads(run("status", "-w", "indicators", "-p", PERIOD, "--format", "json").stdout)
    row = next(r for r in status["aanleveringen"] if r["doel"] == 5 and r["departement"] == "DEF")
    assert row["stand"] == "fouten"


# Settings, catalogue, templates --------------------------------------------------------------


@needs_links
@pytest.mark.parametrize("name", ["gbvs.yaml", "catalogus.yaml"])
def test_a_linked_settings_or_catalogue_file_stops_every_command(ws: Path, tmp_path: Path, name: str) -> None:
    target = ws / name
    if target.exists():
        target.unlink()
    os.symlink(ws.parent / "geheim.yaml", target)
    for args in (
        ("status", "-w", str(ws), "-p", PERIOD),
        ("report", "-w", str(ws), "-p", PERIOD, "-o", str(tmp_path / "out"), "--html-only", "--draft"),
        ("export", "-w", str(ws), "-p", PERIOD, "-f", "csv", "-o", str(tmp_path / "data")),
        ("validate", str(ws)),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "Y019" in result.stdout and name in result.stdout, args
        assert "GEHEIM" not in everything(result), args
    assert not (tmp_path / "out").exists() and not (tmp_path / "data").exists()


@needs_fifo
def test_a_named_pipe_as_settings_file_stops_at_once(ws: Path, tmp_path: Path) -> None:
    (ws / "gbvs.yaml").unlink()
    os.mkfifo(ws / "gbvs.yaml")
    result = gbvs("status", "-w", "indicators", "-p", PERIOD, cwd=tmp_path, timeout=30)
    assert result.returncode == 1
    assert "Y018" in result.stdout


@needs_fifo
def test_init_with_a_named_pipe_as_catalogue_stops_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = gbvs("init", "repo", "--catalogue", "pipe.yaml", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "gbvs: de catalogus bevat fouten:" and "Y018" in lines[1]
    assert not (tmp_path / "repo").exists()


@needs_links
def test_a_linked_template_is_refused(ws: Path, tmp_path: Path) -> None:
    templates = ws / "templates"
    templates.mkdir()
    os.symlink(ws.parent / "geheim.yaml", templates / "report.html.j2")
    out = tmp_path / "out"
    for draft in ([], ["--draft"]):
        result = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(out), "--html-only", *draft)
        assert result.exit_code == 1
        assert "Y019" in result.stdout and "report.html.j2" in result.stdout
        assert "templates/" in result.stderr
        assert "GEHEIM" not in everything(result)
    assert not out.exists()


@needs_links
def test_a_linked_templates_folder_is_refused(ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "report.html.j2").write_text(SECRET, encoding="utf-8")
    os.symlink(elsewhere, ws / "templates")
    result = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(tmp_path / "out"), "--html-only", "--draft")
    assert result.exit_code == 1 and "Y019" in result.stdout
    assert not (tmp_path / "out").exists()


@needs_fifo
def test_a_named_pipe_among_the_templates_is_refused_without_waiting(ws: Path, tmp_path: Path) -> None:
    (ws / "templates").mkdir()
    os.mkfifo(ws / "templates" / "report.css")
    result = gbvs("report", "-w", "indicators", "-p", PERIOD, "-o", "out", "--html-only", cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "Y018" in result.stdout
    assert not (tmp_path / "out").exists()


# Sub-folders ---------------------------------------------------------------------------------


def test_a_copy_in_a_sub_folder_is_a_warning_and_counts_nowhere(ws: Path, tmp_path: Path) -> None:
    old = ws / PERIOD / "oud"
    old.mkdir()
    shutil.copy(ws / "2018-2019" / "doel-05-DEF.yaml", old / "doel-05-DEF.yaml")
    validate = run("validate", "--format", "concise", str(ws))
    assert validate.exit_code == 0
    stray = [line for line in validate.stdout.splitlines() if "oud" in line]
    assert len(stray) == 1 and "waarschuwing[Y020]" in stray[0]
    assert f"alleen bestanden direct in {PERIOD}/ tellen mee" in stray[0]
    assert run("validate", "--strict", str(ws)).exit_code == 1

    out = tmp_path / "out"
    report = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(out), "--html-only")
    assert report.exit_code == 0, everything(report)
    assert "Y020" in report.stdout
    html = report_file(out).read_text(encoding="utf-8")
    assert "oud/doel-05-DEF.yaml" not in html
    reference = tmp_path / "reference"
    shutil.rmtree(old)
    assert run("report", "-w", str(ws), "-p", PERIOD, "-o", str(reference), "--html-only").exit_code == 0
    old.mkdir()
    shutil.copy(ws / "2018-2019" / "doel-05-DEF.yaml", old / "doel-05-DEF.yaml")
    # the same report as without the copy (the date of making aside, nothing differs)
    assert html.count("doel-05-DEF.yaml") == report_file(reference).read_text(encoding="utf-8").count(
        "doel-05-DEF.yaml"
    )

    data = tmp_path / "data"
    export = run("export", "-w", str(ws), "-p", PERIOD, "-f", "csv", "-o", str(data))
    assert export.exit_code == 0, everything(export)
    for table in data.glob("*.csv"):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert row["periode"] == PERIOD, (table.name, row)
                assert "oud" not in row["bestand"], (table.name, row)


def test_a_period_folder_inside_a_period_folder_does_not_count_either(ws: Path) -> None:
    nested = ws / PERIOD / "2018-2019"
    nested.mkdir()
    shutil.copy(ws / "2018-2019" / "doel-05-DEF.yaml", nested / "doel-05-DEF.yaml")
    result = run("validate", "--format", "concise", str(ws / PERIOD))
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if "Y020" in line]


def test_a_file_named_in_a_sub_folder_is_checked_with_the_warning(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = ws / PERIOD / "oud" / "2018-2019"
    old.mkdir(parents=True)
    shutil.copy(ws / "2018-2019" / "doel-05-DEF.yaml", old / "doel-05-DEF.yaml")
    monkeypatch.chdir(ws)
    result = run("validate", "--format", "concise", f"{PERIOD}/oud/2018-2019/doel-05-DEF.yaml")
    assert codes_at(result.stdout, f"{PERIOD}/oud/2018-2019/doel-05-DEF.yaml") == ["Y020"]
    assert run("validate", "--format", "concise", "2018-2019/doel-05-DEF.yaml").stdout == ""


@needs_links
def test_new_never_writes_through_a_linked_period_folder(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "repo"), "-p", "2022").exit_code == 0
    ws = tmp_path / "repo" / "indicators"
    elsewhere = tmp_path / "elders"
    (ws / "2022").rename(elsewhere)
    os.symlink(elsewhere, ws / "2022")
    result = run("new", "-g", "5", "-d", "DEF", "-w", str(ws), "-p", "2022")
    assert result.exit_code == 2 and "koppeling" in result.stderr
    assert [p.name for p in elsewhere.iterdir()] == [".gitkeep"]


def test_status_names_what_lies_in_a_sub_folder(ws: Path) -> None:
    old = ws / PERIOD / "oud"
    old.mkdir()
    shutil.copy(ws / "2018-2019" / "doel-05-DEF.yaml", old / "doel-05-DEF.yaml")
    result = run("status", "-w", str(ws), "-p", PERIOD)
    assert "Y020" in result.stderr and "oud" not in result.stdout


@needs_links
def test_a_linked_period_folder_is_never_followed(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elders"
    (ws / PERIOD).rename(elsewhere)
    (elsewhere / "doel-05-DEF.yaml").write_text(f"# {SECRET}\n", encoding="utf-8")
    os.symlink(elsewhere, ws / PERIOD)
    monkeypatch.chdir(tmp_path)
    validate = run("validate", "--format", "concise", "indicators")
    assert codes_at(validate.stdout, f"indicators/{PERIOD}") == ["Y019"]
    assert "GEHEIM" not in everything(validate)
    status = run("status", "-w", str(ws), "-p", PERIOD)
    assert status.exit_code == 1 and "Y019" in status.stderr and "GEHEIM" not in everything(status)
    report = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(tmp_path / "out"), "--html-only", "--draft")
    assert report.exit_code == 2 and "koppeling" in report.stderr
    export = run("export", "-w", str(ws), "-p", PERIOD, "-f", "csv", "-o", str(tmp_path / "data"))
    assert export.exit_code != 0 and "GEHEIM" not in everything(export)


# Names from data -----------------------------------------------------------------------------


def test_a_short_title_that_is_a_path_writes_only_in_the_output_folder(ws: Path, tmp_path: Path) -> None:
    catalogue = DEFAULT_CATALOGUE.read_text(encoding="utf-8").replace("afkorting: GBVS", "afkorting: ../../x", 1)
    assert "../../x" in catalogue
    (ws / "catalogus.yaml").write_text(catalogue, encoding="utf-8")
    out = tmp_path / "a" / "b" / "out"
    before = {p for p in tmp_path.rglob("*")}
    result = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(out), "--html-only")
    assert result.exit_code == 0, everything(result)
    written = {p for p in tmp_path.rglob("*")} - before
    assert written, "nothing written"
    assert all(out in p.parents or p == out or p in out.parents for p in written), written
    assert all(p.name.startswith(f"x-voortgangsrapportage-{PERIOD}") for p in out.iterdir())
    assert f"x-voortgangsrapportage-{PERIOD}.html" in [p.name for p in out.iterdir()]


def test_output_names_keep_to_safe_characters() -> None:
    assert safe_name("../../x") == "x"
    assert safe_name("a/b\\c d\n") == "a-b-c-d"
    assert safe_name("..") == "rapport"
    assert safe_name("") == "rapport"
    assert safe_name("GBVS_2018-2022") == "GBVS_2018-2022"


def test_no_write_leaves_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError):
        output_file(tmp_path / "out", "../x.html")
    with pytest.raises(BuildError):
        output_file(tmp_path / "out", "sub/x.html")
    assert output_file(tmp_path / "out", "x.html") == tmp_path / "out" / "x.html"


@needs_links
def test_an_output_file_that_is_a_link_out_is_refused(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(tmp_path / "elders.html", out / f"gbvs-voortgangsrapportage-{PERIOD}.html")
    result = run("report", "-w", str(ws), "-p", PERIOD, "-o", str(out), "--html-only")
    assert result.exit_code == 2
    assert not (tmp_path / "elders.html").exists()


# Terminal ------------------------------------------------------------------------------------


def test_status_escapes_control_characters_in_data_and_file_names(ws: Path) -> None:
    (ws / PERIOD / "doel-05-DEF.yaml").write_text(
        (ws / PERIOD / "doel-05-DEF.yaml")
        .read_text(encoding="utf-8")
        .replace("departement: DEF", 'departement: "DEF\\e]0;gekaapt\\a\\u202e"'),
        encoding="utf-8",
    )
    forged = "doel-07-BZ\n13  BZ  eerstverantwoordelijk  in orde  0  0  -  x.yaml"
    shutil.copy(ws / PERIOD / "doel-07-JenV.yaml", ws / PERIOD / f"{forged}.yaml")
    result = run("status", "-w", str(ws), "-p", PERIOD)
    assert result.exit_code == 1
    text = result.stdout
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "DEF\\x1b]0;gekaapt\\x07\\u202e" in text
    assert "doel-07-BZ\\x0a13" in text
    rows = [line for line in text.splitlines() if "x.yaml" in line]
    assert len(rows) == 1 and rows[0].rstrip().endswith("x.yaml.yaml")

    as_json = run("status", "-w", str(ws), "-p", PERIOD, "--format", "json").stdout
    assert "\x1b" not in as_json and "\u202e" not in as_json
    departments = {r["departement"] for r in json.loads(as_json)["aanleveringen"]}
    assert "DEF\x1b]0;gekaapt\x07\u202e" in departments  # escaped on screen, the same data when read


@pytest.mark.parametrize("output_format", ["human", "concise", "json", "github", "gitlab"])
def test_validate_escapes_control_characters_in_file_names(ws: Path, output_format: str) -> None:
    (ws / PERIOD / "doel-\x1b]0;gekaapt\x07\u202e\x9b.yaml").write_text("periode: [\n", encoding="utf-8")
    result = run("validate", "--format", output_format, str(ws))
    assert "gekaapt" in result.stdout
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in everything(result), (output_format, raw)


def test_written_paths_are_escaped(tmp_path: Path) -> None:
    target = tmp_path / "uit\x1b[2Jvoer"
    assert run("init", str(target), "-p", "2022").exit_code == 0
    result = run("new", "-g", "5", "-d", "DEF", "-w", str(target / "indicators"))
    assert result.exit_code == 0, everything(result)
    assert "\x1b" not in everything(result)
    assert "uit\\x1b[2Jvoer" in result.stdout
