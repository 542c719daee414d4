"""Spelling (P011): a misspelt word in a narrative, remark or milestone description gets a
warning at its line and column with the dictionary's suggestion; the workspace's word list
holds names and terms; the sentences the tool writes itself are spelt right for every
catalogue; without the dictionary, validation says once that it did not check, and everything
else works."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, ROOT, WORKSPACE, run

from gbvs_report.report.collect import collect_report
from gbvs_report.report.html import render_documents
from gbvs_report.rules import spelling
from gbvs_report.rules.spelling import Speller, WordCache, load_dictionary, words_to_check
from gbvs_report.workspace import open_workspace

needs_dictionary = pytest.mark.skipif(
    load_dictionary() is None,
    reason="het woordenboek van het Nederlands (hunspell-nl via pyenchant) ontbreekt: make installeert het",
)
# Words the tool writes that the word list of Dutch does not know: reviewed, each one right.
ALLOWED = {
    "GBVS",
    "KVS",
    "VS",
    "Rijkshuisstijl",
    "bni",
    "bbp",
}


@pytest.fixture
def misspelt(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    shutil.copytree(WORKSPACE, workspace)
    path = workspace / "2020-2021" / "doel-05-DEF.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  vooruitblik: |\n"
    assert marker in text
    path.write_text(
        text.replace(marker, marker + "    De ontwikkelingsamenwerking en Wassenaarse afspraken blijven nodig.\n", 1),
        encoding="utf-8",
    )
    return workspace


@needs_dictionary
def test_a_misspelt_word_gets_a_located_warning_with_the_right_suggestion(misspelt: Path) -> None:
    result = run("validate", "--format", "concise", str(misspelt))
    assert result.exit_code == 0, result.output
    path = misspelt / "2020-2021" / "doel-05-DEF.yaml"
    line = next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "ontwikkelingsa" in text
    )
    [found] = [x for x in result.stdout.splitlines() if "ontwikkelingsamenwerking" in x]
    assert f"doel-05-DEF.yaml:{line}:8: waarschuwing[P011] onbekend woord 'ontwikkelingsamenwerking'" in found
    assert "bedoelt u 'ontwikkelingssamenwerking'" in found


@needs_dictionary
def test_the_word_list_holds_names_and_terms(misspelt: Path) -> None:
    (misspelt / "woordenlijst.txt").write_text(
        (WORKSPACE / "woordenlijst.txt").read_text(encoding="utf-8") + "ontwikkelingsamenwerking\n", encoding="utf-8"
    )
    result = run("validate", "--format", "concise", str(misspelt))
    assert "P011" not in result.stdout


@needs_dictionary
def test_the_examples_are_spelt_right() -> None:
    for workspace in (WORKSPACE, ROOT / "voorbeelden" / "vs-2023-2029", EXAMPLES / "een-doel"):
        result = run("validate", "--format", "concise", str(workspace))
        assert "P011" not in result.stdout, result.stdout


def test_what_is_checked() -> None:
    text = (
        "De NAVO en JenV, *Forward Presence* in Litouwen, COVID-19, `code`, https://example.org/pad, "
        "veiligheids-, migratie- en BHOS-prioriteiten, € 315,3 mln. JIT's. De website isdatechtzo.nl "
        "en rijksoverheid.nl/onderwerpen."
    )
    found = list(words_to_check(text))
    assert [word for word, _ in found] == [
        "De",
        "en",
        "in",
        "Litouwen",
        "en",
        "BHOS-prioriteiten",
        "mln.",
        "De",
        "website",
        "en",
    ]
    assert dict(found)["BHOS-prioriteiten"] == ["prioriteiten"]


def test_without_the_dictionary_it_says_so_once_and_everything_else_works(
    misspelt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spelling, "load_dictionary", lambda: None)
    monkeypatch.setattr(spelling, "dictionary_key", lambda: "")  # no cache of an earlier run either
    spelling.not_checked()
    (misspelt / "2020-2021" / "doel-06-DEF.yaml").write_text(
        (misspelt / "2020-2021" / "doel-06-DEF.yaml").read_text(encoding="utf-8").replace("waarde: 231", "waarde: 'x'"),
        encoding="utf-8",
    )
    result = run("validate", "--format", "concise", str(misspelt))
    assert result.exit_code == 1  # the broken value is still found
    assert "fout[S003]" in result.stdout and "P011" not in result.stdout
    notes = [line for line in result.stderr.splitlines() if "spelling is niet gecontroleerd" in line]
    assert len(notes) == 1 and "hunspell-nl" in notes[0]


def test_the_cache_is_private_bounded_and_survives_damage(tmp_path: Path) -> None:
    path = tmp_path / "gbvs" / "spelling-x.json"
    cache = WordCache(path, {"goed"}, {"fout": ["goed"]}, changed=True)
    cache.save()
    assert path.stat().st_mode & 0o077 == 0
    assert WordCache.load(path).unknown == {"fout": ["goed"]}
    path.write_text("{kapot", encoding="utf-8")
    assert WordCache.load(path).known == set()
    path.unlink()
    path.symlink_to(tmp_path / "elders.json")
    (tmp_path / "elders.json").write_text('{"formaat": 1, "bekend": ["x"]}', encoding="utf-8")
    assert WordCache.load(path).known == set()  # never through a link


@needs_dictionary
@pytest.mark.parametrize(
    "root,period",
    [
        (WORKSPACE, "2020-2021"),
        (ROOT / "voorbeelden" / "vs-2023-2029", "2023-2024"),
        (EXAMPLES / "een-doel", "2022"),
    ],
)
def test_the_tools_own_sentences_are_spelt_right(root: Path, period: str) -> None:
    workspace, findings = open_workspace(root)
    assert workspace is not None, findings
    report, _ = collect_report(workspace, period)
    speller = Speller(frozenset(ALLOWED))
    for document in render_documents(report, draft=True):
        soup = BeautifulSoup(document.html, "html.parser")
        for element in soup.select(
            "style, script, svg, .narrative, .comment, .sources, .milestones, .abbreviations, .letter-body, "
            ".letter-sender, .letter-addressee, .letter-signatures, .letter-return, .title-meta, .inputs, "
            ".provenance, .versions, .key-messages, .missing-list th, .summary-table a, .toc, .goal-intro, "
            ".pillar-intro, .goal h3, .pillar-title, .indicators th, figcaption, .target-changes, .status-changes, "
            ".problem-findings, .letter-subject, title, .organisation, h1, .strategy, .goal-source, .scale, "
            ".provenance-file, .received caption, .summary-table th"
        ):
            element.decompose()
        text = re.sub(r"\s+", " ", soup.get_text(" "))
        wrong = {
            word: suggested
            for word, parts in words_to_check(text)
            for piece in (parts or [word])
            if (suggested := speller.suggestions(piece)) is not None
        }
        assert wrong == {}, (document.kind, wrong)
