"""The shell steps of the CI files `gbvs init` writes, run here: every `run:` (GitHub Actions)
and `script:` (GitLab) in a copy of an init-ed repository holding the example submissions, with
this environment's `gbvs` first on PATH and a local bare repository as `origin`.

Skipped: what needs the network or root (apt-get), and `uses:` actions. The install step runs
with `python -m pip install` replaced by `test -n`, so that it checks only that a package is
named; with the placeholder left empty it must stop with its Dutch request and exit code 1.
GitHub runs a pull request whose change is valid; GitLab a merge request that breaks a
submission, so that the draft is made while the check fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WORKSPACE, run
from ruamel.yaml import YAML

BIN = Path(sys.executable).parent
CHANGED = "indicators/2020-2021/doel-05-DEF.yaml"
BROKEN = "indicators/2020-2021/doel-06-DEF.yaml"
PIP = "python -m pip install"
DUTCH_REQUEST = "Vul GBVS_PAKKET in"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="git en bash zijn nodig"
)


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "CI_"))}
    return {
        **env,
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _change(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """An init-ed repository (git made by `gbvs init`) with the example submissions on `main`,
    pushed to a bare `origin`; returns the repository, the git environment and main's commit."""
    root = tmp_path_factory.mktemp("ci")
    env = _git_env(root)
    (root / "gitconfig").write_text("", encoding="utf-8")
    repo = root / "aanleveringen"
    result = run(
        "init", str(repo), "--period", "2020-2021", "--pakket", "gbvs-report @ git+https://example.org/g@v0.2.0"
    )
    assert result.exit_code == 0, result.stderr
    assert (repo / ".git").is_dir()
    for period in ("2018-2019", "2020-2021"):
        shutil.copytree(WORKSPACE / period, repo / "indicators" / period, dirs_exist_ok=True)
    _git(repo, env, "symbolic-ref", "HEAD", "refs/heads/main")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "ronde")
    _git(root, env, "clone", "-q", "--bare", str(repo), str(root / "origin.git"))
    _git(repo, env, "remote", "add", "origin", (root / "origin.git").as_uri())
    return repo, env, _git(repo, env, "rev-parse", "HEAD")


def _branch(base: tuple[Path, dict[str, str], str], target: Path, broken: bool) -> Path:
    """A copy of the repository on a branch that changes one value (and, if `broken`, breaks a file)."""
    repo, env, _ = base
    shutil.copytree(repo, target, symlinks=True)
    _git(target, env, "checkout", "-q", "-b", "wijziging")
    _change(target / CHANGED, "waarde: 1.26", "waarde: 1.52")
    if broken:
        _change(target / BROKEN, "waarde: ", "waarde: '1,5'  # ")
    _git(target, env, "commit", "-q", "-am", "wijziging")
    return target


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # GitHub runs `bash -e {0}`; GitLab runs a job's lines in one bash with -e and pipefail
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _runnable(script: str) -> str | None:
    """The script as it can run here; None for what needs the network or root."""
    if "apt-get" in script:
        return None
    return script.replace(PIP, "test -n")


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr


# --- GitHub Actions ------------------------------------------------------------------------------


def _github_steps(repo: Path) -> list[tuple[str, dict]]:
    workflow = _load(repo / ".github" / "workflows" / "gbvs.yml")
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job["steps"] if "run" in step]


def test_github_steps_run(base: tuple[Path, dict[str, str], str], tmp_path: Path) -> None:
    workflow = _load(base[0] / ".github" / "workflows" / "gbvs.yml")
    summary = tmp_path / "summary.md"
    env = {
        **base[1],
        **{k: str(v) for k, v in workflow["env"].items()},
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "wijziging",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    expected = {
        "Aanleveringen controleren": 0,
        "Conceptrapport": 0,
        "Open data": 0,
        "Wat verandert er in het rapport?": 0,
        "gbvs installeren": 0,
    }
    ran: dict[tuple[str, str], int] = {}
    for job_id in workflow["jobs"]:
        checkout = _branch(base, tmp_path / job_id, broken=False)  # every job checks out afresh
        for step_job, step in _github_steps(checkout):
            if step_job != job_id:
                continue
            assert step.get("if") in (None, "always()", "github.event_name == 'pull_request'"), step
            script = _runnable(step["run"])
            if script is None:
                continue
            done = _shell(script, checkout, env)
            _no_traceback(done)
            ran[(job_id, step["name"])] = done.returncode
            if step["name"] in expected or not step.get("continue-on-error"):
                assert done.returncode == expected[step["name"]], (step["name"], done.stdout, done.stderr)
    assert set(ran) >= {
        ("controle", "gbvs installeren"),
        ("controle", "Aanleveringen controleren"),
        ("controle", "Stand van de ronde"),
        ("conceptrapport", "gbvs installeren"),
        ("conceptrapport", "Wat verandert er in het rapport?"),
        ("conceptrapport", "Conceptrapport"),
        ("conceptrapport", "Open data"),
    }
    build = tmp_path / "conceptrapport" / "build"
    assert any(p.name.endswith("-concept.html") for p in build.iterdir())
    assert any(p.name.endswith("-concept.pdf") for p in build.iterdir())
    assert (build / "open-data" / "indicatorwaarden.csv").is_file()
    assert (build / "open-data" / "datapackage.json").is_file()
    text = summary.read_text(encoding="utf-8")
    assert "doel-05-DEF.yaml" in text and "1,52" in text, text


def test_github_install_step_stops_with_the_dutch_request_when_unknown(base: tuple[Path, dict[str, str], str]) -> None:
    repo, env, _ = base
    install = next(step for _, step in _github_steps(repo) if PIP in step["run"])
    done = _shell(install["run"], repo, {**env, "GBVS_PAKKET": ""})
    assert done.returncode == 1
    assert DUTCH_REQUEST in done.stderr and ".github/workflows/gbvs.yml" in done.stderr
    assert "pip" not in done.stderr.replace("pip-vereiste", "")


# --- GitLab --------------------------------------------------------------------------------------


def _gitlab_jobs(config: dict) -> dict[str, dict]:
    reserved = {"default", "variables", "stages", "workflow", "include"}
    return {name: job for name, job in config.items() if name not in reserved and isinstance(job, dict)}


def _gitlab_script(config: dict, job: dict) -> str | None:
    lines = [*config.get("default", {}).get("before_script", []), *job["script"]]
    runnable = [_runnable(line) for line in lines]
    skipped = [line for line, kept in zip(lines, runnable) if kept is None]
    assert all(line.startswith("apt-get ") for line in skipped), skipped
    return "\n".join(line for line in runnable if line is not None)


def test_gitlab_jobs_run(base: tuple[Path, dict[str, str], str], tmp_path: Path) -> None:
    repo, git_env, main = base
    config = _load(repo / ".gitlab-ci.yml")
    expected = {
        "aanleveringen-controleren": 1,  # the merge request breaks a submission
        "conceptrapport": 1,  # the draft is made; the open data refuses the broken file
        "wijzigingen": 0,
    }
    results = {}
    for name, job in _gitlab_jobs(config).items():
        checkout = _branch(base, tmp_path / name, broken=True)
        env = {
            **git_env,
            **{k: str(v) for k, v in config["variables"].items()},
            **{k: str(v) for k, v in job.get("variables", {}).items()},
            "GITLAB_CI": "true",
            "CI_PROJECT_DIR": str(checkout),
            "CI_PIPELINE_SOURCE": "merge_request_event",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": main,
        }
        env["PIP_CACHE_DIR"] = str(tmp_path / "pip-cache")
        script = _gitlab_script(config, job)
        assert script
        done = _shell(script, checkout, env)
        _no_traceback(done)
        results[name] = done.returncode
        if name in expected:
            assert done.returncode == expected[name], (name, done.stdout[-2000:], done.stderr[-2000:])
    assert set(results) == {"aanleveringen-controleren", "stand-van-de-ronde", "conceptrapport", "wijzigingen"}

    quality = json.loads((tmp_path / "aanleveringen-controleren" / "gl-code-quality-report.json").read_text())
    assert any(issue["location"]["path"] == BROKEN for issue in quality)

    build = tmp_path / "conceptrapport" / "build"
    draft = next(p for p in build.iterdir() if re.search(r"-\d{4}-\d{4}-concept\.html$", p.name))
    assert "doel-06-DEF.yaml" in draft.read_text(encoding="utf-8")  # named in the problems annex
    assert any(p.name.endswith("-concept.pdf") for p in build.iterdir())

    changes = tmp_path / "wijzigingen" / "build"
    markdown = (changes / "wijzigingen.md").read_text(encoding="utf-8")
    assert "doel-05-DEF.yaml" in markdown and "1,52" in markdown
    assert "<html" in (changes / "wijzigingen.html").read_text(encoding="utf-8").lower()


def test_gitlab_install_stops_with_the_dutch_request_when_unknown(base: tuple[Path, dict[str, str], str]) -> None:
    repo, env, _ = base
    config = _load(repo / ".gitlab-ci.yml")
    done = _shell("\n".join(config["default"]["before_script"]), repo, {**env, "GBVS_PAKKET": ""})
    assert done.returncode == 1
    assert DUTCH_REQUEST in done.stderr and ".gitlab-ci.yml" in done.stderr
