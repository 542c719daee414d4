"""One language on the command line: every long option has a Dutch name that help shows; the
English names stay accepted as hidden aliases, so that scripts keep working; format values have
Dutch names with the English ones accepted; Tab completes the Dutch names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, run
from typer.main import get_command

from gbvs_report import clitext
from gbvs_report.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]
ENGLISH = sorted(clitext.HIDDEN)
DUTCH = {
    "validate": ["--formaat", "--streng"],
    "report": [
        "--periode",
        "--uitvoer",
        "--werkmap",
        "--alleen-html",
        "--concept",
        "--streng",
        "--taken",
        "--zonder-cache",
    ],
    "diff": ["--sinds", "--periode", "--werkmap", "--formaat"],
    "init": ["--periode", "--catalogus", "--pakket"],
    "new": ["--doel", "--departement", "--periode", "--werkmap"],
    "status": ["--periode", "--werkmap", "--formaat"],
    "export": ["--formaat", "--periode", "--uitvoer", "--werkmap"],
    "schema": ["--uitvoer", "--werkmap"],
}


def _long_options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text.split("Opties:", 1)[-1]))


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: " ".join(c) or "gbvs")
def test_help_shows_the_dutch_names_and_no_english_ones(command: list[str]) -> None:
    text = run(*command, "--hulp").stdout
    shown = _long_options(text)
    assert shown, text
    assert not shown & set(ENGLISH), shown & set(ENGLISH)
    assert set(DUTCH.get(command[0], []) if command else ["--versie"]) <= shown
    assert "--hulp" in shown


def test_every_english_name_stands_for_a_dutch_one_of_the_same_option() -> None:
    assert {"--period", "--workspace", "--output", "--format", "--draft", "--goal", "--department"} <= set(ENGLISH)
    for command in get_command(app).commands.values():  # type: ignore[attr-defined]
        for param in command.params:
            for name in param.opts:
                if name in clitext.HIDDEN:
                    assert clitext.HIDDEN[name] in param.opts, (command.name, name)
            shown = [n for n in param.opts if n.startswith("--") and n not in clitext.HIDDEN]
            assert len(shown) <= 1 and (shown or not param.opts[0].startswith("-")), (command.name, param.opts)


def test_the_english_names_still_work(workspace_copy: Path, tmp_path: Path) -> None:
    english = run("status", "--workspace", str(workspace_copy), "--period", "2020-2021", "--format", "json")
    dutch = run("status", "--werkmap", str(workspace_copy), "--periode", "2020-2021", "--formaat", "json")
    assert english.exit_code == dutch.exit_code == 0 and english.stdout == dutch.stdout  # the round is complete
    report = run(
        "report", "--workspace", str(workspace_copy), "--output", str(tmp_path / "uit"), "--html-only", "--draft",
        "--no-cache", "--jobs", "1", "--strict", "--period", "2020-2021",
    )  # fmt: skip
    assert report.exit_code == 0, report.stderr
    assert any(p.name.endswith("-concept.html") for p in (tmp_path / "uit").iterdir())
    new = run("new", "--goal", "5", "--department", "BZ", "--workspace", str(workspace_copy), "--period", "2022")
    assert new.exit_code == 0 and (workspace_copy / "2022" / "doel-05-BZ.yaml").is_file()
    assert run("--version").stdout == run("--versie").stdout and run("--help").stdout == run("--hulp").stdout


@pytest.mark.parametrize(
    ("command", "dutch", "english"),
    [
        (["validate", str(WORKSPACE)], "tekst", "human"),
        (["validate", str(WORKSPACE)], "beknopt", "concise"),
        (["status", "--werkmap", str(WORKSPACE)], "tekst", "text"),
        (["diff", str(WORKSPACE), str(WORKSPACE), "--periode", "2020-2021"], "tekst", "human"),
    ],
)
def test_format_values_in_dutch_and_english(command: list[str], dutch: str, english: str) -> None:
    first, second = run(*command, "--formaat", dutch), run(*command, "--formaat", english)
    assert first.exit_code == second.exit_code and first.exit_code in (0, 1)
    assert first.stdout == second.stdout and first.stderr == second.stderr


def test_a_wrong_format_lists_the_dutch_names_from_the_registry() -> None:
    from gbvs_report.commands.diff_output import RENDERERS
    from gbvs_report.commands.reporters import REPORTERS

    validate = run("validate", "--formaat", "xml").stderr
    assert "kies uit 'tekst', 'beknopt', 'json', 'github', 'gitlab'." in validate and len(REPORTERS) == 5
    diff = run("diff", "--formaat", "xml").stderr
    assert "kies uit 'tekst', 'markdown', 'json', 'html'." in diff and len(RENDERERS) == 4
    assert "tekst|markdown|json|html" in run("diff", "--hulp").stdout


def test_a_new_format_in_a_registry_is_offered_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from gbvs_report.commands import reporters

    monkeypatch.setitem(reporters.REPORTERS, "sarif", reporters.as_json)
    assert run("validate", "--formaat", "sarif", str(WORKSPACE)).exit_code == 0


def test_a_mistyped_option_suggests_the_dutch_name() -> None:
    assert "Bedoelde u --periode?" in run("status", "--perod", "2020").stderr
    assert "Bedoelde u --werkmap?" in run("status", "--werkmp", "x").stderr


def test_scripts_of_the_repository_use_the_dutch_names() -> None:
    """The Makefile, the repository's CI and the CI that `gbvs init` writes speak Dutch."""
    files = [
        ROOT / "Makefile",
        ROOT / ".gitlab-ci.yml",
        *sorted((ROOT / ".github").rglob("*.yml")),
        ROOT / ".pre-commit-hooks.yaml",
        *sorted((ROOT / "gbvs_report" / "skeleton").iterdir()),
    ]
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bgbvs (validate|report|export|status|diff|new|init|schema)\b", line):
                assert not set(re.findall(r"--[a-z-]+", line)) & set(ENGLISH), (path.name, line)


def test_status_json_is_the_same_whatever_the_names(workspace_copy: Path) -> None:
    data = json.loads(run("status", "-w", str(workspace_copy), "-f", "json").stdout)
    assert data["periode"] == "2020-2021"
