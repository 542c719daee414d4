"""`gbvs diff --sinds REV` reads the old revision with git, file by file and within bounds: a
file larger than gbvs reads is never read into memory (a located finding: it is left out of the
old report, named by revision and path), a name this file system cannot hold is a message, and a
broken gbvs.yaml in the old revision is named by revision and path, never by a temporary file."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

OLD = EXAMPLES / "diff" / "oud"
SUB = "2020-2021"


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@x"
    done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, env=env, check=True)
    return done.stdout.decode()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "aanleveringen"
    shutil.copytree(OLD, repo / "indicators", copy_function=shutil.copy)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "eerste concept")
    return repo


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (600 * 1024**2, 600 * 1024**2))


def gbvs(repo: Path, *args: str, limit: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "gbvs_report", "diff", "--sinds", "HEAD", "-w", str(repo / "indicators"), *args]
    return subprocess.run(command, capture_output=True, text=True, preexec_fn=_limited if limit else None, timeout=300)


def test_a_huge_file_in_the_old_revision_is_never_read(repository: Path) -> None:
    """300 MB in the old revision, under a limit of 600 MB of address space for the whole run
    (it needs some 50 MB): reading the file whole, and a copy, would not fit."""
    huge = repository / "indicators" / SUB / "doel-05-DEF.yaml"
    original = huge.read_bytes()
    with huge.open("r+b") as handle:
        handle.truncate(300 * 1024 * 1024)  # the file, then 300 MB of zero bytes
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "groot")
    huge.write_bytes(original)
    done = gbvs(repository, "--format", "json", limit=True)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    document = json.loads(done.stdout)
    sha = git(repository, "rev-parse", "HEAD").strip()[:10]
    assert document["left_out"]["old"] == [f"{sha}:indicators/{SUB}/doel-05-DEF.yaml"]
    assert "submission_added" in [c["kind"] for c in document["changes"]]


def test_a_name_too_long_for_the_file_system_is_a_message(repository: Path) -> None:
    blob = git(repository, "hash-object", "-w", "--stdin", data=b"doel: 5\n").strip()
    name = f"indicators/{SUB}/" + "x" * 300 + ".yaml"
    git(repository, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
    git(repository, "commit", "-q", "-m", "lange naam")
    git(repository, "reset", "-q", "--hard", "HEAD~1")  # the working tree without it
    git(repository, "update-ref", "refs/heads/lang", "HEAD@{1}")
    command = [sys.executable, "-m", "gbvs_report", "diff", "--sinds", "lang", "-w", str(repository / "indicators")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "OSError" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("gbvs: revisie lang bevat een bestand dat hier niet kan worden gemaakt: indicators/")
    assert line.endswith("…: de naam is te lang voor het bestandssysteem")


def test_a_broken_settings_file_in_the_old_revision_is_named_by_revision_and_path(repository: Path) -> None:
    settings = repository / "indicators" / "gbvs.yaml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good + "onbekend: 1\n", encoding="utf-8")
    git(repository, "commit", "-q", "-am", "kapotte instellingen")
    settings.write_text(good, encoding="utf-8")
    done = gbvs(repository)
    assert done.returncode == 2, done.stderr
    sha = git(repository, "rev-parse", "HEAD").strip()[:10]
    line = len(good.splitlines()) + 1
    assert done.stderr == (
        f"gbvs: de werkmap in revisie HEAD ({sha}) kan niet worden gelezen: "
        f"{sha}:indicators/gbvs.yaml:{line}:1: fout[S001] onbekende sleutel 'onbekend'.\n"
    ), done.stderr
