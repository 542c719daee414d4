"""pre-commit runs `gbvs validate` as a hook: the configuration `gbvs init` writes, and this
repository's `.pre-commit-hooks.yaml` through `pre-commit try-repo`. Both use hooks that need
no installation (language: system), so that nothing is fetched. The hook finds the
submissions of every rhythm: a period of two years, the GBVS's last period of one year, and a
catalogue whose every period is one year."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, WORKSPACE, run

BIN = Path(sys.executable).parent
GOOD = WORKSPACE / "2020-2021" / "doel-05-DEF.yaml"
TARGET = "indicators/2020-2021/doel-05-DEF.yaml"
YEARLY = EXAMPLES / "invalid" / "three-decimals"  # a catalogue of one goal, every period one year
# (what `gbvs init` is given, the good submission, where it goes, a value to break, its finding)
RHYTHMS = {
    "twee-jaar": (["--period", "2020-2021"], GOOD, TARGET, "waarde: 1.26", "42:17: fout[S003]"),
    "laatste-jaar-gbvs": (
        ["--period", "2022"],
        GOOD,
        "indicators/2022/doel-05-DEF.yaml",
        "waarde: 1.26",
        "42:17: fout[S003]",
    ),
    "jaarlijks": (
        ["--catalogus", str(YEARLY / "catalogus.yaml"), "--period", "2020"],
        YEARLY / "2020" / "doel-01-IenW.yaml",
        "indicators/2020/doel-01-IenW.yaml",
        "waarde: 13.9",
        "20:17: fout[S003]",
    ),
}

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


def _init(tmp_path: Path, options: list[str], good: Path, target: str) -> Path:
    """A submissions repository from `gbvs init`, under git, with one good submission staged."""
    repository = tmp_path / "aanleveringen"
    result = run("init", str(repository), *options)
    assert result.exit_code == 0, result.output
    period = Path(target).parent.name  # the submission says the period of its folder
    text = re.sub(r"^periode: .*$", f"periode: {period}", good.read_text(encoding="utf-8"), count=1, flags=re.M)
    (repository / target).write_text(text, encoding="utf-8")
    env = _env(tmp_path)
    assert _sh(repository, env, "git", "init", "-q").returncode == 0
    assert _sh(repository, env, "git", "add", "-A").returncode == 0
    return repository


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _init(tmp_path, ["--period", "2020-2021"], GOOD, TARGET)


def _break(repo: Path, target: str = TARGET, value: str = "waarde: 1.26") -> None:
    path = repo / target
    broken = value.replace("waarde: ", "waarde: '").replace(".", ",") + "'"
    path.write_text(path.read_text(encoding="utf-8").replace(value, broken), encoding="utf-8")


def test_pre_commit_tools_are_there() -> None:
    assert (BIN / "gbvs").exists() and (BIN / "pre-commit").exists()


@pytest.mark.parametrize("rhythm", RHYTHMS)
def test_written_config_passes_a_good_file_and_fails_a_bad_one(rhythm: str, tmp_path: Path) -> None:
    options, good_file, target, value, finding = RHYTHMS[rhythm]
    repository = _init(tmp_path, options, good_file, target)
    env = _env(tmp_path)
    good = _sh(repository, env, str(BIN / "pre-commit"), "run", "--files", target)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    _break(repository, target, value)
    bad = _sh(repository, env, str(BIN / "pre-commit"), "run", "--files", target)
    assert bad.returncode == 1, bad.stdout
    assert f"{target}:{finding}" in bad.stdout
    every = _sh(repository, env, str(BIN / "pre-commit"), "run", "--all-files")  # as on a first run
    assert every.returncode == 1 and f"{target}:{finding}" in every.stdout


def test_the_pattern_takes_every_period_of_every_catalogue_and_nothing_else() -> None:
    from gbvs_report.commands.scaffold import submission_pattern
    from gbvs_report.model.catalogue import shipped_catalogues
    from gbvs_report.workspace import load_catalogue

    pattern = re.compile(submission_pattern())
    catalogues = [*shipped_catalogues().values(), YEARLY / "catalogus.yaml"]
    for path in catalogues:
        catalogue, _ = load_catalogue(path)
        assert catalogue is not None
        for period in catalogue.periods:
            assert pattern.search(f"indicators/{period}/doel-01-BZ.yaml"), (path.name, period)
            assert pattern.search(f"indicators/{period}/doel-01-BZ.yml"), (path.name, period)
            assert not pattern.search(f"indicators/{period}/oud/doel-01-BZ.yaml")  # Y020: not a submission
    assert not pattern.search("indicators/gbvs.yaml") and not pattern.search("indicators/catalogus.yaml")
    assert not pattern.search("notities/2022/a.yaml") and not pattern.search("indicators/2022/notities.txt")
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    folder = submission_pattern().removeprefix("^indicators/")
    assert manifest.count(f"files: (^|/){folder}") == manifest.count("files:")


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


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="geen git-checkout van gbvs-report")
def test_fmt_hook_through_try_repo(repo: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    try_repo = [str(BIN / "pre-commit"), "try-repo", str(ROOT), "gbvs-fmt-system", "--files", TARGET]
    first = _sh(repo, env, *try_repo)  # the example writes nulmeting as {waarde: ..., jaar: ...}
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout, first.stdout
    assert "    nulmeting:\n      waarde: 1.08\n" in (repo / TARGET).read_text(encoding="utf-8")
    assert _sh(repo, env, "git", "add", "-A").returncode == 0
    second = _sh(repo, env, *try_repo)
    assert second.returncode == 0, second.stdout
    _break(repo)
    broken = (repo / TARGET).read_bytes()
    bad = _sh(repo, env, *try_repo)
    assert bad.returncode == 1 and "niet herschreven: 1 fout in het bestand" in bad.stdout
    assert (repo / TARGET).read_bytes() == broken
