"""The CI files `gbvs init` writes and this repository's own: valid for GitHub Actions and
GitLab (the schemas check-jsonschema ships, so nothing is fetched), and every `gbvs` command
in them is one the CLI knows."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import ROOT, run
from ruamel.yaml import YAML

from gbvs_report import __version__
from gbvs_report.cli import app

BIN = Path(sys.executable).parent
# Options that are being added to these commands alongside this work; CI uses them already.
ANNOUNCED = {"validate": {"--format", "--strict"}, "report": {"--draft"}}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("repo")
    assert run("init", str(target)).exit_code == 0
    return target


def _github(root: Path) -> list[Path]:
    return [
        root / ".github" / "workflows" / name
        for name in ("gbvs.yml", "ci.yml")
        if (root / ".github" / "workflows" / name).exists()
    ]


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _scripts(path: Path) -> list[str]:
    """Every shell line a CI file runs."""
    data = _load(path)
    lines: list[str] = []
    if "jobs" in data:  # GitHub Actions
        for job in data["jobs"].values():
            lines += [line for step in job["steps"] if "run" in step for line in step["run"].splitlines()]
    else:  # GitLab
        for job in [data.get("default", {}), *(v for v in data.values() if isinstance(v, dict))]:
            for key in ("before_script", "script"):
                lines += job.get(key, []) if isinstance(job, dict) else []
    return lines


def _gbvs_calls(lines: list[str]) -> list[list[str]]:
    calls = []
    for line in lines:
        words = shlex.split(line)
        for i, word in enumerate(words):
            if Path(word).name == "gbvs":
                call = []
                for token in words[i + 1 :]:
                    if token in ("|", "||", "&&", ">", ";"):
                        break
                    call.append(token)
                calls.append(call)
    return calls


def _check_calls(path: Path) -> list[str]:
    group = typer.main.get_command(app)
    calls = _gbvs_calls(_scripts(path))
    assert calls, path
    for call in calls:
        command = group.commands[call[0]]  # KeyError: a command that does not exist
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        known |= ANNOUNCED.get(call[0], set())
        for token in call[1:]:
            if token.startswith("-"):
                assert token.split("=")[0] in known, (path.name, call)
    return [" ".join(call) for call in calls]


def _schema_check(schema: str, files: list[Path]) -> None:
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_written_files_are_valid_ci_configuration(written: Path) -> None:
    _schema_check("vendor.github-workflows", _github(written))
    _schema_check("vendor.gitlab-ci", [written / ".gitlab-ci.yml"])


def test_own_ci_files_are_valid_ci_configuration() -> None:
    _schema_check("vendor.github-workflows", _github(ROOT))
    _schema_check("vendor.gitlab-ci", [ROOT / ".gitlab-ci.yml"])


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    wrong = tmp_path / "gbvs.yml"
    wrong.write_text("on: push\njobs:\n  x:\n    steps: []\n", encoding="utf-8")  # no runs-on
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(wrong)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1


def test_github_workflow_validates_with_annotations_and_keeps_the_draft(written: Path) -> None:
    workflow = _load(written / ".github" / "workflows" / "gbvs.yml")
    assert set(workflow["on"]) == {"push", "pull_request"}
    commands = _check_calls(written / ".github" / "workflows" / "gbvs.yml")
    assert "validate --formaat github indicators/" in commands
    assert "report --concept --werkmap indicators --uitvoer build/" in commands
    uploads = [
        s
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert [u["with"]["path"] for u in uploads] == ["build/"]
    # the test environment's gbvs is an editable install, which CI cannot reach: left to fill in
    assert workflow["env"]["GBVS_PAKKET"] == ""
    assert f"gbvs-report=={__version__}" not in (written / ".github" / "workflows" / "gbvs.yml").read_text()


def test_github_draft_runs_after_a_failed_check_and_keeps_its_files(written: Path) -> None:
    workflow = _load(written / ".github" / "workflows" / "gbvs.yml")
    draft = workflow["jobs"]["conceptrapport"]
    assert draft["needs"] == "controle" and draft["if"] in ("${{ !cancelled() }}", "${{ always() }}")
    upload = next(s for s in draft["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"
    diff = next(s for s in draft["steps"] if "gbvs diff" in s.get("run", ""))
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert '"$GITHUB_STEP_SUMMARY" || [ $? -eq 1 ]' in diff["run"]
    for job in workflow["jobs"].values():
        install = next(s for s in job["steps"] if "pip install" in s.get("run", ""))
        assert 'if [ -z "$GBVS_PAKKET" ]' in install["run"]


def test_gitlab_draft_runs_after_a_failed_check_and_merge_requests_get_the_diff(written: Path) -> None:
    config = _load(written / ".gitlab-ci.yml")
    draft = config["conceptrapport"]
    assert draft["when"] == "always" and draft["artifacts"]["when"] == "always"
    assert [n["job"] for n in draft["needs"]] == ["aanleveringen-controleren"]
    rules = config["workflow"]["rules"]
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in rules
    changes = config["wijzigingen"]
    assert changes["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert changes["artifacts"]["paths"] == ["build/wijzigingen.md", "build/wijzigingen.html"]
    assert any("apt-get install" in line and " git" in line for line in changes["script"])
    assert 'if [ -z "$GBVS_PAKKET" ]' in config["default"]["before_script"][0]


def test_gitlab_ci_writes_the_code_quality_report_it_declares(written: Path) -> None:
    config = _load(written / ".gitlab-ci.yml")
    commands = _check_calls(written / ".gitlab-ci.yml")
    assert "validate --formaat gitlab indicators/" in commands
    report = config["aanleveringen-controleren"]["artifacts"]["reports"]["codequality"]
    # findings (exit 1) still give the report; any other exit code fails the job, never hidden
    assert any(line.endswith(f"> {report} || [ $? -eq 1 ]") for line in config["aanleveringen-controleren"]["script"])
    assert not any("|| true" in line for line in config["aanleveringen-controleren"]["script"])
    assert config["conceptrapport"]["artifacts"]["paths"] == ["build/"]
    assert any(c.startswith("report --concept") for c in commands)


def test_own_ci_checks_the_example_workspace() -> None:
    for path in [*_github(ROOT), ROOT / ".gitlab-ci.yml"]:
        commands = _check_calls(path)
        assert any(c.startswith("validate --formaat") and c.endswith("indicators/") for c in commands), path
        assert any(c.startswith("report --concept --werkmap indicators") for c in commands), path


def test_no_placeholder_is_left(written: Path) -> None:
    for path in written.rglob("*"):
        if path.is_file():
            assert "@GBVS_VERSIE@" not in path.read_text(encoding="utf-8") and "@PERIODE@" not in path.read_text(
                encoding="utf-8"
            ), path
