"""One truth for each thing: one set of checks, one rule for the period, one way to refuse it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, WORKSPACE, report_file, run

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
PERIOD_COMMANDS = [
    ["report", "--html-only"],
    ["status"],
    ["export", "--format", "csv"],
    ["new", "--goal", "5", "--department", "DEF"],
]


def _workspace_of(case: Path, target: Path) -> Path:
    """The case as a workspace: files at its top go into a 2020-2021 folder, period folders stay,
    and so do the case's own settings and catalogue."""
    target.mkdir()
    for item in case.iterdir():
        if item.is_dir():
            shutil.copytree(item, target / item.name)
        elif item.name in ("gbvs.yaml", "catalogus.yaml"):
            shutil.copy(item, target / item.name)
        elif item.suffix == ".yaml":
            (target / "2020-2021").mkdir(exist_ok=True)
            shutil.copy(item, target / "2020-2021" / item.name)
    return target


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_status_counts_what_validate_finds(case: Path, tmp_path: Path) -> None:
    workspace = _workspace_of(case, tmp_path / "werkmap")
    for folder in sorted(p for p in workspace.iterdir() if p.is_dir()):
        checked = json.loads(run("validate", "--format", "json", str(folder)).stdout)
        by_file: dict[str, list[int]] = {}
        for finding in checked["diagnostics"]:
            counts = by_file.setdefault(Path(finding["file"]).name, [0, 0])
            counts[finding["severity"] == "warning"] += 1
        status = json.loads(run("status", "-w", str(workspace), "-p", folder.name, "--format", "json").stdout)
        counted = {
            Path(e["bestand"]).name: [e["fouten"], e["waarschuwingen"]] for e in status["aanleveringen"] if e["bestand"]
        }
        assert {name: counts for name, counts in counted.items() if counts != [0, 0]} == by_file, folder
        assert status["compleet"] is False or checked["summary"]["errors"] == 0


def test_status_sees_a_duplicate_submission(tmp_path: Path) -> None:
    """The cross-file layer runs in status too: two files for one goal and department."""
    workspace = _workspace_of(EXAMPLES / "invalid" / "duplicate-submission", tmp_path / "werkmap")
    status = json.loads(run("status", "-w", str(workspace), "-p", "2020-2021", "--format", "json").stdout)
    assert status["totalen"]["met_fouten"] == 1 and status["compleet"] is False


@pytest.mark.parametrize("command", PERIOD_COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_an_unknown_period_in_the_same_words(command: list[str], tmp_path: Path) -> None:
    result = (
        run(*command, "-w", str(WORKSPACE), "-p", "9999-9999", "-o", str(tmp_path / "uit"))
        if command[0] in ("report", "export")
        else run(*command, "-w", str(WORKSPACE), "-p", "9999-9999")
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "gbvs: periode 9999-9999 hoort niet bij de GBVS; kies uit: 2018-2019, 2020-2021, 2022"
    )
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize("command", PERIOD_COMMANDS, ids=lambda c: c[0])
def test_every_command_follows_the_period_in_the_settings(
    command: list[str], workspace_copy: Path, tmp_path: Path
) -> None:
    """With `periode: 2022` and an empty folder, no command quietly works on 2020-2021."""
    settings = workspace_copy / "gbvs.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "periode: 2022\n", encoding="utf-8")
    (workspace_copy / "2022").mkdir()
    extra = ["-o", str(tmp_path / "uit")] if command[0] in ("report", "export") else []
    result = run(*command, "-w", str(workspace_copy), *extra)
    if command[0] == "report":
        assert result.exit_code == 2 and "periode 2022 heeft nog geen aanleveringen" in result.stderr
    elif command[0] == "new":
        assert result.exit_code == 0 and (workspace_copy / "2022" / "doel-05-DEF.yaml").is_file()
    else:
        assert "2020-2021" not in result.stdout + result.stderr, result.stdout


def test_a_period_folder_the_catalogue_does_not_know_is_refused(workspace_copy: Path, tmp_path: Path) -> None:
    (workspace_copy / "9999-9999").mkdir()
    shutil.copy(workspace_copy / "2020-2021" / "doel-05-DEF.yaml", workspace_copy / "9999-9999")
    for command in PERIOD_COMMANDS:
        extra = ["-o", str(tmp_path / "uit")] if command[0] in ("report", "export") else []
        result = run(*command, "-w", str(workspace_copy), *extra)
        assert result.exit_code == 2 and "periode 9999-9999 hoort niet bij de GBVS" in result.stderr, command


def test_the_progress_counter_does_not_run_out() -> None:
    from gbvs_report.cli import progress_printer

    class Terminal:
        lines: list[str] = []

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> None:
            self.lines.append(text)

        def flush(self) -> None:
            pass

    terminal = Terminal()
    show = progress_printer(terminal)
    for step in range(250):
        show(f"deel {step}")
    assert "[250] deel 249" in "".join(terminal.lines)


def test_validate_finds_the_workspace_around_the_working_folder(
    workspace_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace_copy / "2020-2021")
    result = run("validate")
    files = len(list(workspace_copy.glob("*/*.yaml")))
    assert result.exit_code == 0 and f"{files} bestanden gecontroleerd" in result.stderr


def test_a_report_says_what_it_leaves_out(workspace_copy: Path, tmp_path: Path) -> None:
    (workspace_copy / "2020-2021" / "doel-13-JenV.yaml").unlink()
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "uit"), "--html-only")
    assert result.exit_code == 0
    summary = result.stderr.strip().splitlines()[-1]
    assert summary == "Het rapport over 2020-2021 is gemaakt, maar: 1 verwachte aanlevering ontbreekt (doel 13: JenV)."


def test_report_strict_refuses_on_warnings(workspace_copy: Path, tmp_path: Path) -> None:
    target = workspace_copy / "2020-2021" / "doel-05-DEF.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("peildatum: 2022-01-31", "peildatum: 2022-03-31", 1),
        encoding="utf-8",
    )
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "a"), "--html-only").exit_code == 0
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "b"), "--html-only", "--strict")
    assert result.exit_code == 1 and "waarschuwingen (--streng)" in result.stderr
    assert not (tmp_path / "b").exists()


def test_a_source_dated_after_the_letter(workspace_copy: Path, tmp_path: Path) -> None:
    """Refused in a final report (X004); named in the problems annex of a draft."""
    target = workspace_copy / "2020-2021" / "doel-05-DEF.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("datum_aanlevering: 2022-02-14", "datum_aanlevering: 2022-06-30")
    target.write_text(text.replace("peildatum: 2022-01-31", "peildatum: 2022-06-27", 1), encoding="utf-8")
    final = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "a"), "--html-only")
    assert (
        final.exit_code == 1
        and "fout[X004] de peildatum 27 juni 2022 van 'defensie-bbp' ligt na de datum van de brief (15 april 2022)"
        in final.stdout
    )
    draft = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "b"), "--html-only", "--draft")
    assert draft.exit_code == 0
    html = report_file(tmp_path / "b").read_text(encoding="utf-8")
    assert "fout X004: de peildatum 27 juni 2022" in html


def test_the_format_field_names_live_in_one_place() -> None:
    """Every alias of the submission models is a `Key`, and every `Key` is an alias."""
    from pydantic import BaseModel

    from gbvs_report.model import submission

    aliases = {
        field.alias
        for model in vars(submission).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for field in model.model_fields.values()
    }
    keys = {value for name, value in vars(submission.Key).items() if name.isupper()}
    assert aliases == keys


def test_the_readme_shows_every_exit_code_as_the_cli_defines_it() -> None:
    from gbvs_report.cli._shared import EXIT_CODES

    readme = (WORKSPACE.parent / "README.md").read_text(encoding="utf-8")
    for code, meaning in EXIT_CODES:
        assert f"| {code} | {meaning} |" in readme
