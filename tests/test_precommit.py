"""pre-commit runs `gbvs validate` as a hook: the configuration `gbvs init` writes, and this
repository's `.pre-commit-hooks.yaml` through `pre-commit try-repo`. Both use hooks that need
no installation (language: system), so that nothing is fetched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, run

BIN = Path(sys.executable).parent
GOOD = WORKSPACE / "2020-2021" / "doel-05-DEF.yaml"
TARGET = "indicators/2020-2021/doel-05-DEF.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is niet geïnstalleerd")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }


def _sh(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A submissions repository from `gbvs init`, under git, with one good submission staged."""
    target = tmp_path / "aanleveringen"
    assert run("init", str(target), "--period", "2020-2021").exit_code == 0
    shutil.copy(GOOD, target / TARGET)
    env = _env(tmp_path)
    assert _sh(target, env, "git", "init", "-q").returncode == 0
    assert _sh(target, env, "git", "add", "-A").returncode == 0
    return target


def _break(repo: Path) -> None:
    path = repo / TARGET
    path.write_text(path.read_text(encoding="utf-8").replace("waarde: 1.26", "waarde: '1,26'"), encoding="utf-8")


def test_pre_commit_tools_are_there() -> None:
    assert (BIN / "gbvs").exists() and (BIN / "pre-commit").exists()


def test_written_config_passes_a_good_file_and_fails_a_bad_one(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    good = _sh(repo, env, str(BIN / "pre-commit"), "run", "--files", TARGET)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    _break(repo)
    bad = _sh(repo, env, str(BIN / "pre-commit"), "run", "--files", TARGET)
    assert bad.returncode == 1
    assert f"{TARGET}:42:17: fout[S003]" in bad.stdout


def test_written_config_leaves_other_yaml_alone(repo: Path, tmp_path: Path) -> None:
    other = repo / "notities.yaml"
    other.write_text("dit: [is geen aanlevering\n", encoding="utf-8")
    env = _env(tmp_path)
    result = _sh(repo, env, str(BIN / "pre-commit"), "run", "--files", "notities.yaml")
    assert result.returncode == 0 and "no files to check" in result.stdout


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="geen git-checkout van gbvs-report")
def test_hook_manifest_through_try_repo(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    manifest = _sh(ROOT, env, str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout
    try_repo = [str(BIN / "pre-commit"), "try-repo", str(ROOT), "gbvs-validate-system", "--files", TARGET]
    good = _sh(repo, env, *try_repo)
    assert good.returncode == 0, good.stdout + good.stderr
    _break(repo)
    bad = _sh(repo, env, *try_repo)
    assert bad.returncode == 1 and "fout[S003]" in bad.stdout
