"""Where CI installs gbvs from: the PEP 610 record of the running gbvs (`direct_url.json`), or
`gbvs init --pakket`; unknown for what CI cannot reach, and then the CI files stop with a Dutch
request instead of a pip error."""

from __future__ import annotations

import json
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
