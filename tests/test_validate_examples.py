"""Acceptance: example files on disk with the exact findings `gbvs validate` must print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, WORKSPACE, run

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples' findings do not change with the day they are checked: 'today' (and so the
    letter's date without `brief.datum`, which X004 compares with) is 1 January 2030."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_gives_exact_findings(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = run("validate", ".")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.exit_code == (1 if "fout[" in expected else 0)


def test_every_finding_line_has_the_concise_format() -> None:
    pattern = r"^[^:]+\.yaml:\d+:\d+: (fout|waarschuwing)\[[A-Z]\d{3}\] \S.*$"
    for case in INVALID:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            if not line.startswith(" "):  # context lines (source, caret, tip) are indented
                assert re.match(pattern, line), (case.name, line)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_concise_format_is_the_first_line_of_each_finding(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = run("validate", "--format", "concise", ".")
    human = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    heads = [line for line in human if not line.startswith(" ")]
    grouped = sum(int(line.split()[1]) for line in human if line.startswith("    nog "))
    concise = result.stdout.splitlines()
    assert set(heads) <= set(concise) and len(concise) == len(heads) + grouped


def test_warnings_fail_the_run_only_with_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "invalid" / "percentage-out-of-range")
    assert run("validate", ".").exit_code == 0
    result = run("validate", "--strict", ".")
    assert result.exit_code == 1
    assert "fout[P003]" in result.stdout and "1 fout, 0 waarschuwingen" in result.stderr


def test_example_workspace_is_valid() -> None:
    result = run("validate", str(WORKSPACE))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "0 fouten" in result.stderr


def test_default_path_is_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(WORKSPACE.parent)
    result = run("validate")
    assert result.exit_code == 0
    files = len(list(WORKSPACE.glob("*/*.yaml")))
    assert f"{files} bestanden gecontroleerd" in result.stderr


def test_one_bad_file_among_good_ones_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = next(WORKSPACE.glob("2020-2021/*.yaml"))
    bad = EXAMPLES / "invalid" / "unknown-goal" / "doel-14-DEF.yaml"
    result = run("validate", str(good), str(bad))
    assert result.exit_code == 1
    assert "doel-14-DEF.yaml:2:7: fout[C001]" in result.stdout
    assert "2 bestanden gecontroleerd: 1 fout" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "bestaat-niet.yaml"))
    assert result.exit_code == 2
    assert "bestaat niet" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert run("validate", "--onbekend").exit_code == 2


def test_validate_never_modifies_its_input(tmp_path: Path) -> None:
    files = sorted((EXAMPLES / "invalid").rglob("*.yaml")) + sorted(WORKSPACE.rglob("*.yaml"))
    before = {p: p.read_bytes() for p in files}
    run("validate", str(EXAMPLES / "invalid"), str(WORKSPACE))
    assert {p: p.read_bytes() for p in files} == before


def test_the_report_sees_findings_across_files() -> None:
    """`collect_period` (what `gbvs report` uses) runs the cross-file checks too."""
    from gbvs_report.report.collect import collect_period
    from gbvs_report.workspace import open_workspace

    workspace, _ = open_workspace(None)
    assert workspace is not None
    case = EXAMPLES / "invalid" / "duplicate-submission"
    workspace = type(workspace)(case, workspace.catalogue, workspace.settings)
    report, findings = collect_period(workspace, "2020-2021")
    assert [d.code for d in findings] == ["X001"]
    assert len(report.files) == 2


def test_a_warning_in_the_settings_does_not_close_the_workspace(tmp_path: Path) -> None:
    from gbvs_report.workspace import open_workspace

    (tmp_path / "gbvs.yaml").write_bytes(b"\xef\xbb\xbftitel: Rapport\n")
    workspace, findings = open_workspace(tmp_path)
    assert workspace is not None and workspace.settings.title == "Rapport"
    (tmp_path / "gbvs.yaml").write_text("titel: Rapport\ntitel: Ander\n", encoding="utf-8")
    workspace, findings = open_workspace(tmp_path)
    assert workspace is None and [f.code for f in findings] == ["Y004"]


def test_one_file_named_twice_is_not_a_duplicate_submission(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(WORKSPACE.parent)
    relative = Path("indicators") / "2020-2021" / "doel-05-DEF.yaml"
    result = run("validate", str(relative), str(relative.resolve()))
    assert result.exit_code == 0, result.stdout
    assert "X001" not in result.stdout


def test_the_previous_period_is_read_when_only_the_new_file_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "invalid" / "target-changed")
    result = run("validate", "--format", "concise", "2020-2021/doel-05-DEF.yaml")
    assert result.stdout.startswith("2020-2021/doel-05-DEF.yaml:17:19: waarschuwing[X003] de streefwaarde")
    assert "1 bestand gecontroleerd: 0 fouten, 1 waarschuwing" in result.stderr
