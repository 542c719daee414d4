"""Five commands, one answer: `gbvs validate`, `status`, `export`, `diff` and `report` (final
and draft) agree, through the command line, on which files make up a period and on the errors
in each file.

For every invalid example, for a letter dated before a source (X004) and for a period of `.yml`
files, each command is asked in its own words:

* validate: the JSON findings, per file, and how many files it checked;
* status: the JSON rows (file, errors);
* export: the findings it refuses with (or, when it writes, no error at all);
* report: the findings a final report refuses with; in a draft, the input files the
  accountability lists (left out or not) and the errors the problems annex names per file;
* diff: against an empty state of the period, the submissions that are added and those left out.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, WORKSPACE, finish_letter, report_file, run

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
SETTINGS = "organisatie: Ministerie van Buitenlandse Zaken\n"
HEAD = re.compile(r"^(?P<file>\S[^:]*):\d+:\d+: (?P<kind>fout|waarschuwing)\[[A-Z]\d{3}\] ")
AGAIN = re.compile(r"^    nog (\d+) keer, op regel")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today (and so the letter's date without `brief.datum`) is 1 January 2030 for every command."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")


def _workspace_of(case: Path, target: Path) -> Path:
    """The case as a workspace with settings of its own: its catalogue at the top, its other files
    at the top go into a 2020-2021 folder, period folders stay."""
    target.mkdir()
    (target / "gbvs.yaml").write_text(SETTINGS, encoding="utf-8")
    finish_letter(target)  # a final report refuses an unfinished letter; this test is about the files
    for item in case.iterdir():
        if item.is_dir():
            shutil.copytree(item, target / item.name, symlinks=True)
        elif item.name in ("catalogus.yaml", "gbvs.yaml"):  # a case's own catalogue and settings are the workspace's
            shutil.copy(item, target / item.name)
        elif item.name != "expected.txt":
            (target / "2020-2021").mkdir(exist_ok=True)
            shutil.copy(item, target / "2020-2021" / item.name)
    return target


def _errors_in_text(text: str) -> Counter[str]:
    """Errors per file in the human output (`bestand:regel:kolom: fout[CODE] ...`, with `nog N
    keer` for equal findings shown once)."""
    errors: Counter[str] = Counter()
    last = None
    for line in text.splitlines():
        head = HEAD.match(line)
        if head:
            last = head["file"] if head["kind"] == "fout" else None
            if last is not None and last != "gbvs.yaml":
                errors[last] += 1
        elif (again := AGAIN.match(line)) and last is not None and last != "gbvs.yaml":
            errors[last] += int(again[1])
    return errors


def _answers(workspace: Path, period: str, tmp_path: Path) -> dict[str, object]:
    """What each command says about the period, in common terms."""
    answers: dict[str, object] = {}
    checked = json.loads(run("validate", "--formaat", "json", period).stdout)
    answers["validate: files"] = checked["summary"]["files"]
    answers["validate: errors"] = Counter(
        d["file"] for d in checked["diagnostics"] if d["severity"] == "error" and d["file"] != "gbvs.yaml"
    )

    status = json.loads(run("status", "--werkmap", ".", "--periode", period, "--formaat", "json").stdout)
    rows = [row for row in status["aanleveringen"] if row["bestand"]]
    answers["status: files"] = {row["bestand"] for row in rows}
    answers["status: errors"] = Counter({row["bestand"]: row["fouten"] for row in rows if row["fouten"]})

    export = run("export", "--werkmap", ".", "--periode", period, "--formaat", "csv", "--uitvoer", str(tmp_path / "od"))
    answers["export: errors"] = _errors_in_text(export.stdout)
    answers["export: refused"] = export.exit_code == 1

    final = run("report", "--werkmap", ".", "--periode", period, "--alleen-html", "--uitvoer", str(tmp_path / "a"))
    answers["report: errors"] = _errors_in_text(final.stdout)
    answers["report: refused"] = final.exit_code == 1

    draft = run(
        "report", "--werkmap", ".", "--periode", period, "--alleen-html", "--concept", "--uitvoer", str(tmp_path / "b")
    )
    assert draft.exit_code == 0, draft.stdout + draft.stderr
    accountability = next((tmp_path / "b").glob("*-verantwoording-concept.html"))
    soup = BeautifulSoup(accountability.read_text(encoding="utf-8"), "html.parser")
    inputs = {
        item.select_one(".file").get_text(): "weggelaten" in item.get_text()
        for item in soup.select("ol.inputs li")
        if item.select_one(".file").get_text().startswith(f"{period}/")
    }
    answers["draft: files"] = set(inputs)
    answers["draft: left out"] = {name for name, left_out in inputs.items() if left_out}
    soup = BeautifulSoup(report_file(tmp_path / "b").read_text(encoding="utf-8"), "html.parser")
    annex: Counter[str] = Counter()
    for heading in soup.select(".problem-file"):
        findings = heading.find_next_sibling("ul").select("li")
        annex[heading.get_text()] += sum(": fout " in li.get_text() for li in findings)
    answers["draft: errors"] = Counter({name: n for name, n in annex.items() if name.startswith(f"{period}/") and n})

    empty = tmp_path / "leeg"
    (empty / period).mkdir(parents=True)
    shutil.copy(workspace / "gbvs.yaml", empty / "gbvs.yaml")
    diff = json.loads(run("diff", str(empty), ".", "--periode", period, "--formaat", "json").stdout)
    added = {c["new"]["file"] for c in diff["changes"] if c["kind"] == "submission_added"}
    answers["diff: files"] = added | set(diff["left_out"]["new"])
    answers["diff: left out"] = set(diff["left_out"]["new"])
    return answers


def _assert_agreement(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.chdir(workspace)
    every = []
    for folder in sorted(p for p in workspace.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}(-\d{4})?", p.name)):
        a = _answers(workspace, folder.name, tmp_path / folder.name)
        files = a["status: files"]
        errors = a["validate: errors"]
        where = f"{workspace.name}/{folder.name}"
        # which files count
        assert a["validate: files"] == len(files), where
        assert a["draft: files"] == files, where
        assert a["diff: files"] == files, where
        # the errors in each file
        assert a["status: errors"] == errors, where
        assert a["draft: errors"] == errors, where
        assert a["draft: left out"] == a["diff: left out"] == set(errors), where
        assert a["report: refused"] == a["export: refused"] == bool(errors), where
        if errors:
            assert a["report: errors"] == a["export: errors"] == errors, where
        every.append(a)
    return every


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_the_commands_agree_on_every_invalid_example(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _workspace_of(case, tmp_path / "werkmap")
    assert _assert_agreement(workspace, tmp_path, monkeypatch)


def test_the_commands_agree_on_a_letter_dated_before_a_source(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_copy / "gbvs.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^  datum: .*$", "  datum: 2021-12-01", text), encoding="utf-8")
    answers = _assert_agreement(workspace_copy, tmp_path, monkeypatch)
    latest = answers[-1]  # 2020-2021: the sources of January 2022 came after the letter
    assert latest["report: refused"] and sum(latest["validate: errors"].values()) == 11
    messages = run("validate", "--formaat", "beknopt", "2020-2021").stdout
    assert "fout[X004] de peildatum 31 januari 2022 van 'kmar-extra-marechaussees' ligt na de datum van de brief " in (
        messages
    )
    assert "(1 december 2021)" in messages


def test_the_commands_agree_on_a_period_of_yml_files(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (workspace_copy / "2020-2021").glob("*.yaml"):
        path.rename(path.with_suffix(".yml"))
    answers = _assert_agreement(workspace_copy, tmp_path, monkeypatch)
    latest = answers[-1]
    assert len(latest["status: files"]) == len(list(WORKSPACE.glob("2020-2021/*.yaml")))
    assert all(name.endswith(".yml") for name in latest["draft: files"])
    result = run("report", "--werkmap", ".", "--alleen-html", "--uitvoer", str(tmp_path / "c"))
    assert result.exit_code == 0, result.stderr
