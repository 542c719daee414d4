"""`gbvs diff --format markdown` goes into a CI job summary or a merge request, where GitHub's
renderer makes links of bare addresses (https://, www., e-mail addresses) and links and
notifications of mentions (@all) and references (#1). Text from a submission must show as it is:
such words become code spans, where GitHub links and notifies nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, run
from markdown_it import MarkdownIt

from gbvs_report.commands.diff_output import md_escape

OLD = EXAMPLES / "diff" / "oud"
LINKY = [
    "https://example.org/rapport?x=1",
    "http://example.org",
    "www.example.org",
    "info@mindef.example",
    "mailto:info@mindef.example",
    "@all",
    "@minbzk/reviewers",
    "#1",
    "GH-12",
    "minbzk/gbvs-report#7",
]


def _inline(markdown: str) -> list:
    return [
        child
        for token in MarkdownIt("commonmark").parse(markdown)
        if token.type == "inline"
        for child in token.children
    ]


@pytest.mark.parametrize("word", LINKY)
def test_addresses_mentions_and_references_are_code(word: str) -> None:
    inline = _inline(f"- Zie {md_escape(f'Zie {word}, en verder.')}")
    assert [c.content for c in inline if c.type == "code_inline"] == [word]
    text = "".join(c.content for c in inline if c.type == "text")
    assert word not in text and "@" not in text and "#" not in text and "www." not in text and "://" not in text


@pytest.mark.parametrize("text", ["C# en F#5", "e-mail @ de afdeling", "2022#", "Noot 3 van 5"])
def test_ordinary_text_stays_text(text: str) -> None:
    inline = _inline(md_escape(text))
    assert {c.type for c in inline} == {"text"} and "".join(c.content for c in inline) == text


def test_a_source_with_addresses_and_mentions_in_the_summary(tmp_path: Path) -> None:
    new = tmp_path / "nieuw"
    shutil.copytree(OLD, new)
    path = new / "2020-2021" / "doel-13-DEF.yaml"
    source = (
        "Zie "
        + ", ".join(LINKY[:5])
        + "; meld het aan @all, @minbzk/reviewers of in #1, GH-12 en minbzk/gbvs-report#7."
    )
    old = "bron: KMar, voortgangsrapportage capaciteit grensbewaking (voorbeelddata)\n      - jaar: 2021"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, f'bron: "{source}"\n      - jaar: 2021'), encoding="utf-8")
    result = run("diff", str(OLD), str(new), "--format", "markdown")
    assert result.exit_code == 1, result.output
    inline = _inline(result.stdout)
    assert not {"link_open", "html_inline"} & {c.type for c in inline}
    codes = [c.content for c in inline if c.type == "code_inline"]
    for word in LINKY:
        assert word in codes, word
    shown = "".join(c.content for c in inline if c.type == "text")
    assert "@" not in shown and "www." not in shown and "://" not in shown and "#1" not in shown
