"""git never runs a program of the repository's choosing: not through `gbvs status` (which took
"gewijzigd" from `git status`, and so ran `core.fsmonitor`), not through `gbvs diff --sinds`.

Each hostile setting writes a marker file when git runs the program it names; after every
command, no marker may exist, and the commands still do their work."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import WORKSPACE, run
from test_status import _git

from gbvs_report.commands.git import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is niet geïnstalleerd")


def _script(path: Path, marker: Path) -> Path:
    path.write_text(f"#!/bin/sh\necho ran >> '{marker}'\ncat\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A committed workspace whose repository names a program at every place git may run one."""
    repo = tmp_path / "repo"
    shutil.copytree(WORKSPACE, repo / "indicators")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "ronde")
    marker = tmp_path / "GERAAKT"
    program = _script(tmp_path / "programma.sh", marker)
    hooks = repo / ".git" / "hooks"
    for hook in ("post-index-change", "post-checkout", "reference-transaction"):
        _script(hooks / hook, marker)
    (repo / ".gitattributes").write_text("*.yaml filter=kwaad diff=kwaad\n", encoding="utf-8")
    for key, value in {
        "core.fsmonitor": str(program),
        "filter.kwaad.clean": str(program),
        "filter.kwaad.smudge": str(program),
        "diff.kwaad.textconv": str(program),
        "diff.external": str(program),
        "log.showSignature": "true",
        "gpg.program": str(program),
        "core.pager": str(program),
    }.items():
        _git(repo, "config", key, value)
    target = repo / "indicators" / "2020-2021" / "doel-05-DEF.yaml"
    os.utime(target, (1_700_000_000, 1_700_000_000))  # stat-dirty: git status would run the clean filter
    return repo, marker


def test_status_runs_no_program_of_the_repository(hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, marker = hostile
    monkeypatch.chdir(repo)
    result = run("status", "--werkmap", "indicators", "--formaat", "json")
    assert not marker.exists(), "git ran a program of the repository"
    rows = [row for row in json.loads(result.stdout)["aanleveringen"] if row["bestand"]]
    assert rows and {row["gewijzigd_volgens"] for row in rows} == {"git"}  # unchanged since the commit


def test_diff_since_runs_no_program_of_the_repository(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, marker = hostile
    monkeypatch.chdir(repo)
    result = run("diff", "--sinds", "HEAD", "--werkmap", "indicators", "--formaat", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert not marker.exists()


def test_the_callers_git_environment_does_not_steer_it(
    hostile: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_DIR or GIT_CONFIG_* from the caller's environment never point git elsewhere."""
    repo, marker = hostile
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    _git(elsewhere, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(elsewhere / ".git"))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.fsmonitor")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(tmp_path / "programma.sh"))
    monkeypatch.chdir(repo)
    rows = json.loads(run("status", "--werkmap", "indicators", "--formaat", "json").stdout)["aanleveringen"]
    assert {row["gewijzigd_volgens"] for row in rows if row["bestand"]} == {"git"}
    assert not marker.exists()


def test_a_changed_file_shows_its_time_on_disk(hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, marker = hostile
    target = repo / "indicators" / "2020-2021" / "doel-05-DEF.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    rows = json.loads(run("status", "--werkmap", "indicators", "--formaat", "json").stdout)["aanleveringen"]
    sources = {Path(row["bestand"]).name: row["gewijzigd_volgens"] for row in rows if row["bestand"]}
    assert sources.pop("doel-05-DEF.yaml") == "schijf" and set(sources.values()) == {"git"}
    text = run("status", "--werkmap", "indicators").stdout
    assert "volgens" in text.splitlines()[2] and "gewijzigd: volgens git de laatste commit" in text
    assert not marker.exists()


def test_the_wrapper_runs_only_read_only_commands(tmp_path: Path) -> None:
    for command in ("status", "checkout", "diff", "config", "init"):
        with pytest.raises(ValueError):
            git(tmp_path, command)
