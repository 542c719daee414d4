"""Where CI installs gbvs from: the PEP 610 record of the running gbvs (`direct_url.json`), or
`gbvs init --pakket`; unknown for what CI cannot reach, and then the CI files stop with a Dutch
request instead of a pip error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run
from ruamel.yaml import YAML

from gbvs_report.commands import install_source
from gbvs_report.commands.install_source import (
    InstallSource,
    PackageSpecError,
    checked_spec,
    resolve,
    source_from_direct_url,
)

COMMIT = "4f2b9c0d1e3a5b7c9d0e1f2a3b4c5d6e7f809112"


def _record(**fields: object) -> str:
    return json.dumps(fields)


def test_vcs_install_gives_the_url_at_its_commit() -> None:
    text = _record(
        url="https://example.org/minbzk/gbvs-report.git",
        vcs_info={"vcs": "git", "commit_id": COMMIT, "requested_revision": "v0.2.0"},
    )
    source = source_from_direct_url(text)
    assert source.spec == f"gbvs-report @ git+https://example.org/minbzk/gbvs-report.git@{COMMIT}"
    assert COMMIT[:12] in source.reason


def test_vcs_install_keeps_its_subdirectory() -> None:
    text = _record(
        url="https://example.org/mono.git", subdirectory="tools/gbvs", vcs_info={"vcs": "git", "commit_id": COMMIT}
    )
    assert (
        source_from_direct_url(text).spec
        == f"gbvs-report @ git+https://example.org/mono.git@{COMMIT}#subdirectory=tools/gbvs"
    )


def test_ssh_vcs_url_is_kept() -> None:
    text = _record(url="ssh://git@example.org/minbzk/gbvs-report.git", vcs_info={"vcs": "git", "commit_id": COMMIT})
    assert (
        source_from_direct_url(text).spec == f"gbvs-report @ git+ssh://git@example.org/minbzk/gbvs-report.git@{COMMIT}"
    )


def test_wheel_install_gives_its_url_with_the_hash() -> None:
    url = "https://example.org/dist/gbvs_report-0.2.0-py3-none-any.whl"
    text = _record(
        url=url, archive_info={"hashes": {"sha256": "ab" * 32, "md5": "cd" * 16}, "hash": "md5=" + "cd" * 16}
    )
    assert source_from_direct_url(text).spec == f"gbvs-report @ {url}#sha256={'ab' * 32}"


def test_sdist_install_with_only_the_legacy_hash() -> None:
    url = "https://example.org/dist/gbvs_report-0.2.0.tar.gz"
    text = _record(url=url, archive_info={"hash": "sha256=" + "ef" * 32})
    assert source_from_direct_url(text).spec == f"gbvs-report @ {url}#sha256={'ef' * 32}"


def test_archive_without_hash() -> None:
    url = "https://example.org/dist/gbvs_report-0.2.0-py3-none-any.whl"
    assert source_from_direct_url(_record(url=url, archive_info={})).spec == f"gbvs-report @ {url}"


@pytest.mark.parametrize(
    "text",
    [
        _record(url="file:///home/coordinator/gbvs-report", dir_info={"editable": True}),  # pip install -e .
        _record(url="file:///home/coordinator/gbvs-report", dir_info={}),  # pip install .
        _record(url="file:///tmp/gbvs_report-0.2.0-py3-none-any.whl", archive_info={}),  # a wheel on disk
        _record(
            url="file:///home/coordinator/gbvs-report", vcs_info={"vcs": "git", "commit_id": COMMIT}
        ),  # a local clone
        _record(url="https://user:geheim@example.org/gbvs-report.git", vcs_info={"vcs": "git", "commit_id": COMMIT}),
        _record(url="https://example.org/gbvs-report.git", vcs_info={"vcs": "git"}),  # no commit
        _record(url="https://example.org/gbvs-report.git", vcs_info={"vcs": "git", "commit_id": "x; rm -rf /"}),
        _record(vcs_info={"vcs": "git", "commit_id": COMMIT}),  # no url
        "{niet json",
        "[]",
        None,  # no direct_url.json: installed from an index, which one is not recorded
    ],
)
def test_what_ci_cannot_reach_is_unknown(text: str | None) -> None:
    source = source_from_direct_url(text)
    assert source.spec is None
    assert source.reason and "geheim" not in source.reason


def test_the_running_gbvs_is_read_from_its_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fake:
        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return _record(url="https://example.org/g.git", vcs_info={"vcs": "git", "commit_id": COMMIT})

    monkeypatch.setattr(install_source.metadata, "distribution", lambda name: Fake())
    assert resolve(None).spec == f"gbvs-report @ git+https://example.org/g.git@{COMMIT}"
    assert resolve("gbvs-report==0.2.0") == InstallSource("gbvs-report==0.2.0", "--pakket")


def test_not_installed_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise install_source.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(install_source.metadata, "distribution", missing)
    assert resolve(None).spec is None


@pytest.mark.parametrize(
    "spec", ["", "  ", "--index-url=https://evil.example/", "-e .", "a\nb", "a\u2028b", "a\u202eb", "x${{ secrets.T }}"]
)
def test_a_package_option_that_cannot_go_into_ci_is_refused(spec: str) -> None:
    with pytest.raises(PackageSpecError):
        checked_spec(spec)


def _pakket(root: Path) -> tuple[object, object]:
    github = YAML(typ="safe").load((root / ".github" / "workflows" / "gbvs.yml").read_text(encoding="utf-8"))
    gitlab = YAML(typ="safe").load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    return github["env"]["GBVS_PAKKET"], gitlab["variables"]["GBVS_PAKKET"]


def test_init_writes_the_package_option_into_both_templates(tmp_path: Path) -> None:
    spec = 'gbvs-report @ git+https://example.org/gbvs-report@v0.2.0 ; python_version >= "3.11"'
    result = run("init", str(tmp_path / "r"), "--pakket", spec)
    assert result.exit_code == 0, result.stderr
    assert _pakket(tmp_path / "r") == (spec, spec)
    assert "CI installeert gbvs uit --pakket" in result.stderr and "Vul GBVS_PAKKET" not in result.stderr


@pytest.mark.parametrize(
    "spec",
    [
        "gbvs-report @ https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl#sha256=" + "ab" * 32,
        "gbvs-report: 'x' \\ \"y\" # z",  # YAML's own characters stay data
        "gbvs-rapport==0.2.0",
    ],
)
def test_the_package_option_is_written_as_data(tmp_path: Path, spec: str) -> None:
    assert run("init", str(tmp_path / "r"), "--pakket", spec).exit_code == 0
    assert _pakket(tmp_path / "r") == (spec, spec)


def test_init_writes_the_commit_it_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = InstallSource(f"gbvs-report @ git+https://example.org/g.git@{COMMIT}", "de commit")
    monkeypatch.setattr(install_source, "installed_source", lambda: source)
    result = run("init", str(tmp_path / "r"))
    assert result.exit_code == 0, result.stderr
    assert _pakket(tmp_path / "r") == (source.spec, source.spec)


def test_init_says_what_to_fill_in_when_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install_source, "installed_source", lambda: InstallSource(None, "onbekend"))
    result = run("init", str(tmp_path / "r"))
    assert result.exit_code == 0
    assert _pakket(tmp_path / "r") == ("", "")
    assert "Vul GBVS_PAKKET in" in result.stderr and "--pakket" in result.stderr
    assert "Vul GBVS_PAKKET" not in result.stdout


def test_init_refuses_a_bad_package_option_before_writing(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "r"), "--pakket", "--extra-index-url=https://evil.example/")
    assert result.exit_code == 2 and "pip-optie" in result.stderr
    assert not (tmp_path / "r").exists()


# Credentials never go into a CI file, nor onto the screen.

TOKEN = "glpat-Zq8r4Vx2mTt9LkW1aBcD"
SECRETS = (
    TOKEN,
    "ghp_4fJk9LmN2pQrS7tUvWxYz0123456789AbCd",
    "ghs_Pq7RsT2uVw9Xy",
    "geheim-wachtwoord",
    "AKIAIOSFODNN7EXAMPLE",
)
WITH_CREDENTIALS = [
    f"gbvs-report @ https://gitlab.example/api/v4/projects/7/packages/pypi/files/ab/gbvs_report-0.2.0-py3-none-any.whl?private_token={TOKEN}",
    f"gbvs-report @ https://gitlab.example/g/gbvs_report-0.2.0-py3-none-any.whl?sha256=ab&access_token={TOKEN}",
    "git+https://deploy:geheim-wachtwoord@gitlab.example/gbvs-report.git@v0.2.0",
    f"git+https://oauth2:{TOKEN}@gitlab.example/gbvs-report.git@v0.2.0",
    "git+https://x-access-token:ghs_Pq7RsT2uVw9Xy@github.com/minbzk/gbvs-report.git@v0.2.0",
    "git+https://ghp_4fJk9LmN2pQrS7tUvWxYz0123456789AbCd@github.com/minbzk/gbvs-report.git@v0.2.0",
    f"gbvs-report @ https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl#token={TOKEN}",
    f"gbvs-report @ https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl#{TOKEN}",
    "gbvs-report @ https://s3.example/b/gbvs_report-0.2.0-py3-none-any.whl?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=0a1b2c",
    f"gbvs-report @ https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl?header=PRIVATE-TOKEN:{TOKEN}",
    f"gbvs-report @ https://pypi.example/{TOKEN}/gbvs_report-0.2.0-py3-none-any.whl",
    f"gbvs-report==0.2.0 --header 'PRIVATE-TOKEN: {TOKEN}'",
    "--index-url=https://coordinator:geheim-wachtwoord@pypi.example/simple",
    "https://coordinator:geheim-wachtwoord@example.org/d/gbvs_report-0.2.0-py3-none-any.whl",
    f"gbvs-report @ git+https://gitlab.example/g.git@v0.2.0 ; extra == '{TOKEN}'",
]


@pytest.mark.parametrize("spec", WITH_CREDENTIALS)
def test_init_never_writes_nor_shows_a_credential(tmp_path: Path, spec: str) -> None:
    result = run("init", str(tmp_path / "r"), "--pakket", spec)
    assert result.exit_code == 2, result.output
    assert "toegangsgegeven" in result.stderr and "CI-variabele" in result.stderr
    assert not any(secret in result.stdout + result.stderr for secret in SECRETS)
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "spec",
    [
        "git+https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.example/minbzk/gbvs-report.git@v0.2.0",
        "git+ssh://git@github.com/minbzk/gbvs-report.git@v0.2.0",
        "gbvs-report @ git+https://example.org/mono.git@v0.2.0#subdirectory=tools/gbvs",
        "git+https://example.org/gbvs-report.git@v0.2.0#egg=gbvs-report",
        "gbvs-report @ https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl#sha256=" + "ab" * 32,
    ],
)
def test_a_package_option_without_credentials_is_written(tmp_path: Path, spec: str) -> None:
    result = run("init", str(tmp_path / "r"), "--pakket", spec)
    assert result.exit_code == 0, result.stderr
    assert _pakket(tmp_path / "r") == (spec, spec)


@pytest.mark.parametrize(
    "url",
    [
        f"https://gitlab.example/api/v4/projects/7/packages/pypi/files/ab/gbvs_report-0.2.0-py3-none-any.whl?private_token={TOKEN}",
        f"https://example.org/d/gbvs_report-0.2.0-py3-none-any.whl#token={TOKEN}",
        f"https://oauth2:{TOKEN}@gitlab.example/d/gbvs_report-0.2.0-py3-none-any.whl",
    ],
)
def test_an_install_from_an_address_with_a_credential_is_never_written(tmp_path: Path, url: str) -> None:
    """The running gbvs as pip recorded it (direct_url.json, a distribution first on the path):
    installed from an address with a token, which must go neither into CI nor onto the screen."""
    site = tmp_path / "site"
    record = site / "gbvs_report-0.2.0.dist-info"
    record.mkdir(parents=True)
    (record / "METADATA").write_text("Metadata-Version: 2.1\nName: gbvs-report\nVersion: 0.2.0\n", encoding="utf-8")
    (record / "direct_url.json").write_text(json.dumps({"url": url, "archive_info": {}}), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-m", "gbvs_report", "init", str(tmp_path / "r")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "toegangsgegeven" in done.stderr and "Vul GBVS_PAKKET in" in done.stderr
    assert not any(secret in done.stdout + done.stderr for secret in SECRETS)
    assert _pakket(tmp_path / "r") == ("", "")
    for path in (tmp_path / "r").rglob("*"):
        if path.is_file():
            assert TOKEN not in path.read_text(encoding="utf-8", errors="replace"), path
