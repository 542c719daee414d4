"""Invisible characters (P009) whether written as themselves or as an escape (`"\\u202e"` in a
double-quoted string, which YAML turns into the character), and never passed on raw: `gbvs diff`
shows them as a visible mark in its HTML and escaped in its JSON, Markdown and terminal text.
The findings themselves: tests/examples/invalid/invisible-escaped/expected.txt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import EXAMPLES, run

OLD = EXAMPLES / "diff" / "oud"
RAW = ("\u202e", "\u061c", "\U000e0041", "\u2063")


def _with_invisible(tmp_path: Path) -> Path:
    """oud/ with DEF's outlook for goal 13 holding a reversal (as an escape), an Arabic letter
    mark, a tag character (as an escape) and an invisible separator (as themselves)."""
    copy = tmp_path / "nieuw"
    shutil.copytree(OLD, copy)
    path = copy / "2020-2021" / "doel-13-DEF.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  vooruitblik: |")
    end = text.index("indicatoren:")
    outlook = '  vooruitblik: "Met het herstel \\u202egnisiwrev \u061cvan het reisverkeer\\U000E0041 is\u2063 alles anders."\n'
    path.write_text(text[:start] + outlook + text[end:], encoding="utf-8")
    return copy


def test_an_escaped_invisible_character_is_a_finding(tmp_path: Path) -> None:
    new = _with_invisible(tmp_path)
    result = run("validate", "--format", "concise", str(new / "2020-2021" / "doel-13-DEF.yaml"))
    [line] = [line for line in result.stdout.splitlines() if "[P009]" in line]  # besides: the reversed word's P011
    assert line.endswith(
        "waarschuwing[P009] de tekst bevat onzichtbare tekens: U+202E (omkering rechts-naar-links), "
        "U+061C (Arabische lettermarkering), U+E0041 (tagteken met verborgen tekst), "
        "U+2063 (onzichtbaar scheidingsteken)"
    )


def test_diff_html_shows_invisible_characters_as_marks(tmp_path: Path) -> None:
    html = run("diff", str(OLD), str(_with_invisible(tmp_path)), "--format", "html").stdout
    assert not any(c in html for c in RAW)
    text = BeautifulSoup(html, "html.parser").get_text()
    for mark in ("[U+202E]gnisiwrev", "[U+061C]van", "reisverkeer[U+E0041]", "is[U+2063]"):
        assert mark in text, mark


def test_diff_json_escapes_invisible_characters_and_keeps_the_data(tmp_path: Path) -> None:
    out = run("diff", str(OLD), str(_with_invisible(tmp_path)), "--format", "json").stdout
    assert not any(c in out for c in RAW)
    [change] = [c for c in json.loads(out)["changes"] if c["kind"] == "narrative"]
    assert change["new"]["value"].startswith("Met het herstel \u202egnisiwrev \u061cvan het reisverkeer\U000e0041 is")


def test_diff_markdown_and_terminal_escape_invisible_characters(tmp_path: Path) -> None:
    new = _with_invisible(tmp_path)
    for output_format in ("markdown", "human"):
        out = run("diff", str(OLD), str(new), "--format", output_format).stdout
        assert not any(c in out for c in RAW), output_format
