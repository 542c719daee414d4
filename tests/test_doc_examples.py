"""The handbooks are run: every command example in README.md and docs/ whose output is shown is
executed in a fresh copy of the place it names, and what it prints is compared with what the
handbook shows (tests/doc_examples.py says how a block is marked and what is made equal). Every
other `gbvs` command in a handbook must be one `gbvs` accepts: no unknown option, no value it
refuses, and the Dutch option names only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from doc_examples import (
    ANY_LINES,
    DOCUMENTS,
    ROOT,
    Block,
    Example,
    agrees,
    all_blocks,
    blocks,
    example,
    examples,
    gbvs_commands,
    markers_without_a_console_block,
    run,
    shown_path,
    trimmed,
)
from typer.main import get_command

from gbvs_report import clitext
from gbvs_report.cli import app
from gbvs_report.cli.options import FORMAT, FORMAT_WORDS

EXAMPLES = examples()


@pytest.mark.parametrize("shown", [pytest.param(e, id=e.block.where) for e in EXAMPLES])
def test_a_shown_output_is_what_gbvs_prints(shown: Example, tmp_path: Path) -> None:
    outcomes = run(shown, tmp_path)
    for outcome, expected in zip(outcomes, shown.exit_codes):
        where = f"{shown_path(shown.block.document)}:{outcome.command.line}: $ {outcome.command.text}"
        same = agrees(trimmed(outcome.command.shown), outcome.printed)
        assert same, f"{where}\n{outcome.difference()}"
        assert outcome.exit_code == expected, f"{where}: exitcode {outcome.exit_code}, het handboek zegt {expected}"


def test_the_handbooks_have_examples_that_run() -> None:
    places = {e.place for e in EXAMPLES}
    assert len(EXAMPLES) >= 8, [e.block.where for e in EXAMPLES]
    assert {"voorbeeld", "leeg", "docs/voorbeelden"} <= places
    assert {d.name for e in EXAMPLES for d in [e.block.document]} >= {
        "departementen.md",
        "gebruik.md",
        "coordinator.md",
    }


def test_every_marker_has_its_console_block_and_every_console_block_its_marker() -> None:
    assert markers_without_a_console_block() == []
    for block in all_blocks():
        if block.kind == "console":
            assert block.marker is not None, f"{block.where}: een console-blok zonder <!-- draait-in: ... -->"


def test_a_changed_output_fails_the_comparison(tmp_path: Path) -> None:
    """The comparison is exact: one changed word of a message, a missing or an extra line fails."""
    page = tmp_path / "handboek.md"
    page.write_text(
        "<!-- draait-in: docs/voorbeelden, exitcode 1 -->\n"
        "```console\n"
        "$ gbvs validate 2020-2021/doel-05-DEF.yaml\n"
        "2020-2021/doel-05-DEF.yaml:27:17: fout[S003] 'indicator 1, realisatie 1, waarde' moet een getal …\n"
        "```\n",
        encoding="utf-8",
    )
    shown = example(blocks(page)[0])
    outcome = run(shown, tmp_path / "run")[0]
    assert outcome.exit_code == 1
    assert outcome.printed[0].startswith("2020-2021/doel-05-DEF.yaml:27:17: fout[S003] ")
    assert agrees(outcome.printed, outcome.printed)
    assert not agrees(trimmed(shown.commands[0].shown), outcome.printed)  # the message is cut short
    changed = [outcome.printed[0].replace("moet een getal", "moet een bedrag"), *outcome.printed[1:]]
    assert not agrees(changed, outcome.printed)
    assert not agrees(outcome.printed[:-1], outcome.printed)
    assert not agrees([*outcome.printed, ""], outcome.printed + ["x"])
    assert agrees([outcome.printed[0], ANY_LINES], outcome.printed)
    assert agrees([ANY_LINES, outcome.printed[-1]], outcome.printed)
    assert not agrees([ANY_LINES, "een regel die gbvs niet print"], outcome.printed)


def test_the_place_s_path_and_the_times_are_made_equal(tmp_path: Path) -> None:
    page = tmp_path / "handboek.md"
    page.write_text(
        "<!-- draait-in: voorbeeld -->\n```console\n$ pwd; gbvs status | grep doel-05-DEF\n```\n", encoding="utf-8"
    )
    outcome = run(example(blocks(page)[0]), tmp_path / "run")[0]
    assert outcome.printed[0] == ANY_LINES
    assert "2022-04-01 09:00  schijf   indicators/2020-2021/doel-05-DEF.yaml" in outcome.printed[1]


def test_a_block_without_its_marker_or_with_an_unknown_place_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "handboek.md"
    page.write_text("```console\n$ gbvs --versie\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="zonder <!-- draait-in"):
        example(blocks(page)[0])
    page.write_text("<!-- draait-in: bestaat/niet -->\n```console\n$ gbvs --versie\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="geen map van de repository"):
        run(example(blocks(page)[0]), tmp_path / "run")


# The commands that are not run.


def read_commands() -> list[tuple[Block, list[str]]]:
    found = []
    for block in all_blocks():
        if block.kind == "console":
            lines = [line[2:] for line in block.lines if line.startswith("$ ")]
        else:
            lines = block.lines
        for line in lines:
            found += [(block, args) for args in gbvs_commands(line)]
    return found


READ = read_commands()


def usage_error(args: list[str]) -> str | None:
    """The usage error `gbvs` would give for these arguments (exit code 2), without running them."""
    command = get_command(app)
    try:
        with command.make_context("gbvs", list(args), resilient_parsing=False) as context:
            rest = [*context._protected_args, *context.args]
            if rest:
                name, sub, rest = command.resolve_command(context, rest)
                with sub.make_context(name, rest, parent=context):
                    pass
    except Exception as error:
        if getattr(error, "exit_code", None) == 2:
            return error.format_message() if hasattr(error, "format_message") else str(error)
        if getattr(error, "exit_code", 0) != 0:
            raise
    return None


def test_the_commands_of_the_handbooks_are_found() -> None:
    seen = {" ".join(args) for _, args in READ}
    assert "status" in seen
    assert any(args[:1] == ["diff"] for _, args in READ)
    assert gbvs_commands("gbvs report --concept && gbvs diff --sinds x > a.md || [ $? -eq 1 ]  # uitleg") == [
        ["report", "--concept"],
        ["diff", "--sinds", "x"],
    ]
    assert gbvs_commands("    - gbvs report --werkmap indicators") == [["report", "--werkmap", "indicators"]]
    assert gbvs_commands("echo gbvs") == []


@pytest.mark.parametrize(("block", "args"), [pytest.param(b, a, id=f"{b.where}: gbvs {' '.join(a)}") for b, a in READ])
def test_every_command_in_a_handbook_is_accepted(block: Block, args: list[str]) -> None:
    error = usage_error(args)
    assert error is None, f"{block.where}: gbvs {' '.join(args)}: {error}"


def test_a_usage_error_is_seen() -> None:
    assert usage_error(["report", "--onbekend"]) is not None
    assert usage_error(["status", "--formaat", "xml"]) is not None
    assert usage_error(["status", "--formaat", "json"]) is None


ALIAS = re.compile(r"(?<![\w-])(--[a-z][\w-]*)")


def test_the_handbooks_name_every_option_in_dutch() -> None:
    """English option names still work (hidden aliases), but a handbook names the Dutch ones, and
    `--formaat` values in Dutch where the name is a word (`tekst`, `beknopt`)."""
    english = []
    for document in DOCUMENTS:
        section = ""
        for number, line in enumerate(document.read_text(encoding="utf-8").split("\n"), 1):
            section = line if line.startswith("## ") else section
            if document.name == "README.md" and section == "## Prestaties":
                continue  # the measurements name each command as bench/ ran it (`gbvs --help`)
            where = f"{document.relative_to(ROOT)}:{number}"
            english += [
                f"{where}: {m} (gebruik {clitext.HIDDEN[m]})" for m in ALIAS.findall(line) if m in clitext.HIDDEN
            ]
            for option in FORMAT:
                for word in re.findall(rf"(?<![\w-]){re.escape(option)}[ =]([a-z]+)", line):
                    if word in FORMAT_WORDS:
                        english.append(f"{where}: {option} {word} (gebruik {FORMAT_WORDS[word]})")
    assert english == []


def test_the_collector_needs_no_repository_of_its_own(tmp_path: Path) -> None:
    """The examples run in copies: the repository's own folders stay as they are."""
    before = sorted(p.name for p in (ROOT / "docs" / "voorbeelden").rglob("*"))
    page = tmp_path / "handboek.md"
    page.write_text("<!-- draait-in: docs/voorbeelden -->\n```console\n$ rm -r 2020-2021\n```\n", encoding="utf-8")
    run(example(blocks(page)[0]), tmp_path / "run")
    assert sorted(p.name for p in (ROOT / "docs" / "voorbeelden").rglob("*")) == before
    assert shutil.which("bash")
