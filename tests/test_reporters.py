"""The output formats: the documented JSON, GitHub annotations, GitLab code quality, and the
human format's source line, caret, grouping, colour and escaping of untrusted text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, run

from gbvs_report.codes import RULES, rules_version
from gbvs_report.commands.reporters import Run, human
from gbvs_report.diagnostics import Diagnostic, Severity, diagnostic

WRONG_TYPE = EXAMPLES / "invalid" / "wrong-type"
TWO_LAYERS = EXAMPLES / "invalid" / "bom-and-error"


def test_json_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(WRONG_TYPE)
    result = run("validate", "--format", "json", ".")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["rules"] == rules_version()
    assert document["catalogue"] == ["gbvs-2018-2022 versie 2018.1"]
    assert document["summary"] == {"files": 1, "errors": 2, "warnings": 0}
    first, second = document["diagnostics"]
    assert first == {
        "code": "S003",
        "severity": "error",
        "title": RULES["S003"].title,
        "message": "'doel' moet een geheel getal zijn, maar is 'vijf'",
        "file": "doel-05-DEF.yaml",
        "line": 2,
        "column": 7,
        "path": ["doel"],
        "hint": "",
        "suggestion": "",
    }
    assert second["path"] == ["indicatoren", 0, "realisaties", 0, "waarde"]
    assert (second["line"], second["column"]) == (20, 17)
    assert result.stderr == ""


def test_json_severity_of_warnings_and_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TWO_LAYERS)
    plain = json.loads(run("validate", "--format", "json", ".").stdout)
    assert [d["severity"] for d in plain["diagnostics"]] == ["warning", "error"]
    strict = json.loads(run("validate", "--format", "json", "--strict", ".").stdout)
    assert [d["severity"] for d in strict["diagnostics"]] == ["error", "error"]
    assert strict["strict"] is True and strict["summary"]["errors"] == 2


def test_github_annotations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TWO_LAYERS)
    lines = run("validate", "--format", "github", ".").stdout.splitlines()
    assert lines[0] == (
        "::warning file=doel-05-DEF.yaml,line=1,col=1,title=Y010 Bestand begint met een BOM::"
        "het bestand begint met een BOM (byte order mark) "
        "(tip: Sla het bestand op als UTF-8 zonder BOM.)"
    )
    assert lines[1].startswith("::error file=doel-05-DEF.yaml,line=8,col=9,title=S004 Waarde niet toegestaan::")
    assert "%2C" not in lines[1].split("::")[2]  # commas are escaped in properties only


def test_gitlab_code_quality(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "invalid")
    issues = json.loads(run("validate", "--format", "gitlab", ".").stdout)
    assert len(issues) > 20
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    first = issues[0]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["location"]["path"].endswith(".yaml") and first["location"]["lines"]["begin"] >= 1
    assert {i["severity"] for i in issues} == {"major", "minor"}


def _finding(path: Path, line: int, column: int, message: str = "m", code: str = "S001") -> Diagnostic:
    return diagnostic(RULES[code], message, str(path), line, column)


def test_human_format_shows_the_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nbé: \t[x]\n", encoding="utf-8")
    out = human(Run([_finding(path, 2, 6, "kapot")], 1))
    assert out.splitlines() == [f"{path}:2:6: fout[S001] kapot", "  2 | bé: \t[x]", "    |     \t^"]


def test_human_format_groups_equal_findings(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nb: 2\nc: 3\n", encoding="utf-8")
    out = human(Run([_finding(path, line, 1, "zelfde") for line in (3, 1, 2)], 1)).splitlines()
    assert out[0] == f"{path}:1:1: fout[S001] zelfde"
    assert out[3] == "    nog 2 keer, op regel 2 en 3"
    assert len(out) == 4


def test_colour_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    findings = [_finding(path, 1, 1)]
    assert "\x1b[" not in human(Run(findings, 1))
    assert "\x1b[1;31mfout\x1b[0m" in human(Run(findings, 1), colour=True)


def test_untrusted_text_cannot_reach_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('periode: 2020-2021\n"\\e[31mrood\\u202e": 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for output_format in ("human", "concise", "github"):
        out = run("validate", "--format", output_format, "f.yaml").stdout
        assert "\x1b" not in out and "\u202e" not in out
        assert "\\x1b[31mrood\\u202e" in out


def test_severity_words() -> None:
    assert (Severity.ERROR.dutch, Severity.WARNING.dutch) == ("fout", "waarschuwing")


OUTPUT_DOC = Path(__file__).resolve().parent.parent / "docs" / "referentie" / "uitvoer.md"


def test_the_documented_json_example_has_the_real_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    text = OUTPUT_DOC.read_text(encoding="utf-8")
    # The example is run by tests/test_doc_examples.py; here its fields are those of another case.
    shown = text.split("```console\n$ gbvs validate --formaat json", 1)[1].split("\n", 1)[1]
    example = json.loads(shown.split("```", 1)[0])
    monkeypatch.chdir(WRONG_TYPE)
    real = json.loads(run("validate", "--format", "json", ".").stdout)
    assert set(example) == set(real)
    assert set(example["diagnostics"][0]) == set(real["diagnostics"][0])
    assert set(example["summary"]) == set(real["summary"])
    assert re.fullmatch(r"[0-9a-f]{12}", example["rules"]) and len(rules_version()) == 12
