"""SOURCE_DATE_EPOCH, the day a reproducible run takes for today (the checks' 'in the future', the
letter's date): a value that is no whole number of seconds, or lies beyond the year 9999, is
refused with one Dutch line and exit code 2 by every command that takes a day, never a
traceback nor another day taken silently."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import WORKSPACE, run

BAD = ["99999999999999", "99999999999999999999", "253402300800", "-5", "abc", "1e9", "1650000000.5", "١٢٣"]


@pytest.mark.parametrize("value", BAD)
def test_a_moment_that_is_no_usable_number_is_refused(monkeypatch, tmp_path, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for args in (
        ["validate", str(WORKSPACE)],
        ["report", "-w", str(WORKSPACE), "-o", str(tmp_path / "uit"), "--html-only"],
        ["export", "-w", str(WORKSPACE), "-o", str(tmp_path / "data")],
        ["status", "-w", str(WORKSPACE)],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        [line] = result.stderr.splitlines()
        assert line.startswith(f"gbvs: SOURCE_DATE_EPOCH='{value.encode('unicode_escape').decode()}' is geen tijdstip")
        assert "253402300799 (31 december 9999)" in line
    assert not (tmp_path / "uit").exists() and not (tmp_path / "data").exists()


def test_the_largest_moment_and_an_empty_one_are_taken(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert run("validate", str(WORKSPACE)).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert run("validate", str(WORKSPACE)).exit_code == 0


def test_commands_without_a_day_run_whatever_it_holds(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert run("explain", "P009").exit_code == 0
    assert run("schema").exit_code == 0


def test_the_whole_command_gives_the_line_not_a_traceback(tmp_path) -> None:
    command = [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-o", str(tmp_path / "uit")]
    done = subprocess.run(
        [*command, "--html-only"],
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "99999999999999", "PATH": ""},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "Value too large" not in done.stderr
    assert done.stderr.startswith("gbvs: SOURCE_DATE_EPOCH='99999999999999' is geen tijdstip")
