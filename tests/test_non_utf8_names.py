"""A file name that is not valid UTF-8 (a byte such as 0xFF, from a file copied off an old share):
every output names it with \\xNN for that byte, and stays valid UTF-8: validate in every format
(GitLab's code quality report is not left empty), the draft report, the open data and diff."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WORKSPACE, run

PERIOD = "2020-2021"
SHOWN = "doel-\\xff-01-BZ.yaml"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The example with BZ's submission for goal 1 under a name with the byte 0xFF in it."""
    copy = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, copy)
    folder = bytes(copy / PERIOD)
    os.rename(folder + b"/doel-01-BZ.yaml", folder + b"/doel-\xff-01-BZ.yaml")
    return copy


def _with_an_error(workspace: Path) -> None:
    [path] = [p for p in (workspace / PERIOD).iterdir() if "\udcff" in p.name]
    text = path.read_text(encoding="utf-8")
    assert "\nstatus: vraagt aandacht\n" in text
    path.write_text(text.replace("\nstatus: vraagt aandacht\n", "\nstatus: klaar\n", 1), encoding="utf-8")


def _gbvs(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The command as a process of its own, under C.UTF-8, its output as bytes."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}
    return subprocess.run([sys.executable, "-m", "gbvs_report", *args], capture_output=True, env=env)


@pytest.mark.parametrize("output_format", ["human", "concise", "json", "github", "gitlab"])
def test_validate_names_the_file_in_valid_utf8(workspace: Path, output_format: str) -> None:
    _with_an_error(workspace)
    done = _gbvs("validate", "--format", output_format, str(workspace))
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    out = done.stdout.decode("utf-8")  # raises on bytes that are no UTF-8
    assert "Traceback" not in done.stderr.decode("utf-8")
    if output_format in ("json", "gitlab"):
        document = json.loads(out)
        issues = document if output_format == "gitlab" else document["diagnostics"]
        [issue] = issues
        where = issue["location"]["path"] if output_format == "gitlab" else issue["file"]
        assert where.endswith(f"{PERIOD}/{SHOWN}")
    else:
        assert SHOWN in out


def test_the_draft_names_the_file_and_leaves_it_out(workspace: Path, tmp_path: Path) -> None:
    _with_an_error(workspace)
    result = run("report", "--draft", "--html-only", "-w", str(workspace), "-p", PERIOD, "-o", str(tmp_path / "uit"))
    assert result.exit_code == 0, result.output
    assert f"weggelaten uit het concept wegens fouten: {PERIOD}/{SHOWN}" in result.stderr
    html = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "uit").glob("*.html"))
    assert SHOWN in html


def test_the_open_data_and_diff_name_the_file(workspace: Path, tmp_path: Path) -> None:
    result = run("export", "-w", str(workspace), "-p", PERIOD, "-f", "csv", "-o", str(tmp_path / "data"))
    assert result.exit_code == 0, result.output
    with (tmp_path / "data" / "indicatorwaarden.csv").open(encoding="utf-8", newline="") as handle:
        files = {row["bestand"] for row in csv.DictReader(handle)}
    assert f"{PERIOD}/{SHOWN}" in files
    _with_an_error(workspace)
    done = _gbvs("diff", str(WORKSPACE), str(workspace), "--format", "json")
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    document = json.loads(done.stdout.decode("utf-8"))
    assert [Path(name).name for name in document["left_out"]["new"]] == [SHOWN]
