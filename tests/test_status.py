"""`gbvs status`: the coordinator's overview of a reporting round, and its exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, WORKSPACE, run
from ruamel.yaml import YAML

from gbvs_report.model.catalogue import DEFAULT_CATALOGUE

STATUS = EXAMPLES / "status"
MOMENT = 1_700_000_000  # 2023-11-14 22:13 UTC


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def round_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Path:
    """The example round, outside any git repository, every file last changed at MOMENT."""
    shutil.copytree(STATUS / "werkmap", tmp_path / "werkmap")
    for path in (tmp_path / "werkmap").rglob("*.yaml"):
        os.utime(path, (MOMENT, MOMENT))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "werkmap"


def test_status_table_is_exact(round_folder: Path) -> None:
    result = run("status", "-w", "werkmap", "-p", "2020-2021")
    assert result.exit_code == 1
    assert result.stdout == (STATUS / "expected.txt").read_text(encoding="utf-8")


def test_status_json(round_folder: Path) -> None:
    result = run("status", "-w", "werkmap", "-p", "2020-2021", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["periode"] == "2020-2021" and data["compleet"] is False
    assert data["totalen"] == {
        "verwacht": 33,
        "in_orde": 2,
        "met_waarschuwingen": 0,
        "onvolledig": 1,
        "met_fouten": 0,
        "ontbreekt": 30,
        "niet_verwacht": 3,
    }
    rows = {(r["doel"], r["departement"]): r for r in data["aanleveringen"]}
    assert rows[(5, "DEF")] == {
        "doel": 5,
        "departement": "DEF",
        "rol": "eerstverantwoordelijk",
        "stand": "in orde",
        "fouten": 0,
        "waarschuwingen": 0,
        "niet_ingevuld": 0,
        "bestand": "werkmap/2020-2021/doel-05-DEF.yaml",
        "gewijzigd": "2023-11-14T22:13:20+00:00",
        "gewijzigd_volgens": "schijf",
        "datum_aanlevering": "2022-02-14",
    }
    assert rows[(5, "BZ")]["stand"] == "onvolledig" and rows[(5, "BZ")]["niet_ingevuld"] == 6
    assert rows[(13, "DEF")]["stand"] == "ontbreekt" and rows[(13, "DEF")]["bestand"] is None
    assert rows[(3, "EZK")]["rol"] == "niet verwacht" and rows[(3, "EZK")]["stand"] == "fouten"
    assert rows[(None, "?")]["bestand"].endswith("kapot.yaml")
    assert "33 verwacht" in result.stderr


def _single_goal_workspace(target: Path) -> Path:
    """A workspace whose catalogue expects one submission only: goal 5 from DEF."""
    yaml = YAML()
    catalogue = yaml.load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    pillar = catalogue["pijlers"][1]
    goal = next(g for g in pillar["doelen"] if g["nummer"] == 5)
    goal["bijdragend"] = []
    pillar["doelen"] = [goal]
    catalogue["pijlers"] = [pillar]
    (target / "2020-2021").mkdir(parents=True)
    with (target / "catalogus.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(catalogue, handle)
    shutil.copy(WORKSPACE / "2020-2021" / "doel-05-DEF.yaml", target / "2020-2021")
    return target


def test_complete_round_exits_zero_and_an_error_makes_it_one(tmp_path: Path) -> None:
    ws = _single_goal_workspace(tmp_path / "ws")
    result = run("status", "-w", str(ws))
    assert result.exit_code == 0, result.stdout
    assert "1 verwacht: 1 in orde" in result.stdout
    submission = ws / "2020-2021" / "doel-05-DEF.yaml"
    submission.write_text(submission.read_text(encoding="utf-8").replace("1.26", "'1,26'"), encoding="utf-8")
    result = run("status", "-w", str(ws))
    assert result.exit_code == 1 and "1 met fouten" in result.stdout


def test_an_opened_period_without_files_lists_everything_as_missing(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "-p", "2022").exit_code == 0
    result = run("status", "-w", str(tmp_path / "indicators"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["periode"] == "2022"
    assert {r["stand"] for r in data["aanleveringen"]} == {"ontbreekt"}


def test_status_finds_the_workspace_around_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("init", str(tmp_path), "-p", "2022").exit_code == 0
    monkeypatch.chdir(tmp_path / "indicators" / "2022")
    assert "periode 2022" in run("status").stdout


def test_unknown_period_and_format_are_usage_errors() -> None:
    assert run("status", "-w", str(WORKSPACE), "-p", "2030-2031").exit_code == 2
    result = run("status", "-w", str(WORKSPACE), "--format", "xml")
    assert result.exit_code == 2 and "kies uit 'tekst', 'json'" in result.stderr


def _git(cwd: Path, *args: str, **env: str) -> None:
    identity = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **identity, **env})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is niet geïnstalleerd")
def test_last_change_comes_from_git_unless_the_file_changed_since(tmp_path: Path, utc: None) -> None:
    ws = _single_goal_workspace(tmp_path / "ws")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "aanlevering", GIT_COMMITTER_DATE="2024-03-01T10:00:00+01:00")
    submission = ws / "2020-2021" / "doel-05-DEF.yaml"
    os.utime(submission, (MOMENT, MOMENT))  # a fresh clone: the modification time says nothing
    row = json.loads(run("status", "-w", str(ws), "--format", "json").stdout)["aanleveringen"][0]
    assert row["gewijzigd"] == "2024-03-01T10:00:00+01:00" and row["gewijzigd_volgens"] == "git"
    submission.write_text(submission.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(submission, (MOMENT, MOMENT))
    row = json.loads(run("status", "-w", str(ws), "--format", "json").stdout)["aanleveringen"][0]
    assert row["gewijzigd"] == "2023-11-14T22:13:20+00:00" and row["gewijzigd_volgens"] == "schijf"
