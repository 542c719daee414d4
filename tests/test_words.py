"""The tool's own Dutch, for three catalogues: the GBVS (the example round), the
Veiligheidsstrategie (its example workspace) and a one-goal catalogue with a yearly rhythm
(tests/examples/een-doel). Each sentence that was once broken has a test here that would catch
it again, for all three: an article before a title, a count in digits with the wrong number, an
indicator's capital mid-sentence, a period that reads as part of the strategy's name, department
codes in running text, words about the tool or its folders, a hyphen for an en dash, an
abbreviation missing from the annex, a summary without words."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, ROOT, WORKSPACE

from gbvs_report.report.collect import collect_report
from gbvs_report.report.html import render_documents
from gbvs_report.report.view_texts import NUMBER_WORDS
from gbvs_report.workspace import open_workspace

CATALOGUES = {
    "gbvs": (WORKSPACE, "2020-2021"),
    "vs": (ROOT / "voorbeelden" / "vs-2023-2029", "2023-2024"),
    "een-doel": (EXAMPLES / "een-doel", "2022"),
}


@dataclass
class Rendered:
    name: str
    report: BeautifulSoup
    letter: BeautifulSoup
    accountability: BeautifulSoup
    workspace: object
    period: str

    def text(self, soup: BeautifulSoup, *, own_only: bool = False) -> str:
        """The visible text; with `own_only`, without what departments wrote (narratives,
        remarks, sources, milestone descriptions): the tool's own words and the catalogue's."""
        soup = BeautifulSoup(str(soup), "html.parser")
        for element in soup(["style", "script", "svg"]):
            element.decompose()
        if own_only:
            for element in soup.select(
                ".narrative, .comment, .sources, .milestones, .letter-body > :not(.letter-opening), "
                ".abbreviations, ul.sources, .key-messages"
            ):
                element.decompose()
        return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


@pytest.fixture(scope="module", params=list(CATALOGUES))
def rendered(request: pytest.FixtureRequest) -> Rendered:
    root, period = CATALOGUES[request.param]
    workspace, findings = open_workspace(root)
    assert workspace is not None, findings
    report, _ = collect_report(workspace, period)
    documents = {d.kind: d for d in render_documents(report, workspace.template_dir)}
    return Rendered(
        request.param,
        BeautifulSoup(documents["report"].html, "html.parser"),
        BeautifulSoup(documents["letter"].html, "html.parser"),
        BeautifulSoup(documents["accountability"].html, "html.parser"),
        workspace,
        period,
    )


def _goal_words(rendered: Rendered) -> tuple[str, str]:
    levels = rendered.workspace.catalogue.levels  # type: ignore[attr-defined]
    return levels.goal.singular, levels.goal.plural


def test_no_article_before_the_strategy_title(rendered: Rendered) -> None:
    """Once: "De Wereldwijd voor een veilig Nederland — … (GBVS) loopt van …"."""
    guide = rendered.text(rendered.report.select_one("#leeswijzer"))
    title = rendered.workspace.catalogue.strategy.title  # type: ignore[attr-defined]
    first_word = title.split()[0]
    assert not re.search(rf"\b[Dd]e {re.escape(first_word)}\b", guide.replace("De strategie", "")), guide
    assert guide.startswith("Leeswijzer De strategie "), guide


def test_counts_agree_and_are_words_up_to_twenty(rendered: Rendered) -> None:
    """Once: "Status van de 1 ambities", and "13 doelen" in the report but "dertien" in the letter."""
    singular, plural = _goal_words(rendered)
    levels = rendered.workspace.catalogue.levels  # type: ignore[attr-defined]
    for soup in (rendered.report, rendered.letter):
        text = rendered.text(soup, own_only=True)
        for noun in (plural, levels.group.plural):
            assert not re.search(rf"\b(1|één) {re.escape(noun)}\b", text, re.IGNORECASE), text
            digits = re.findall(rf"\b(\d+) {re.escape(noun)}\b", text)
            assert all(int(d) > 20 for d in digits), (noun, digits)
    goals = len(rendered.workspace.catalogue.goals)  # type: ignore[attr-defined]
    guide = rendered.text(rendered.report.select_one("#leeswijzer"))
    expected = f"{NUMBER_WORDS[goals]} {singular if goals == 1 else plural}"
    assert expected in guide, guide


def test_no_indicator_name_mid_sentence_and_no_repeated_caption(rendered: Rendered) -> None:
    """Once: "Figuur 1 toont het verloop van Officiële ontwikkelingshulp …", in 9 of 11 captions."""
    text = rendered.text(rendered.report, own_only=True)
    assert "toont het verloop van" not in text
    names = {spec.name for goal in rendered.workspace.catalogue.goals.values() for spec in goal.indicators}  # type: ignore[attr-defined]
    for name in names:
        if name[:1].isupper() and not name.split()[0].isupper():
            assert not re.search(rf"\b(van|de|het|op|en) {re.escape(name)}", text), name
    captions = [c.get_text(" ", strip=True) for c in rendered.report.select("figcaption")]
    assert all(re.match(r"Figuur \d+\. ", c) for c in captions), captions


def test_the_period_is_never_part_of_the_strategys_name(rendered: Rendered) -> None:
    """Once: "voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie 2020-2021"
    in the letter, the title and Bijlage(n)."""
    first, _, last = rendered.period.partition("-")
    years = f"{first} en {last}" if last else first
    for soup in (rendered.report, rendered.letter, rendered.accountability):
        text = rendered.text(soup, own_only=True)
        for period in {rendered.period, rendered.period.replace("-", "–")}:
            assert not re.search(rf"[Ss]trategie {re.escape(period)}\b", text), text
    title = rendered.report.title.get_text() if rendered.report.title else ""
    assert title.endswith(f" over {years}"), title
    opening = rendered.text(rendered.letter.select_one(".letter-opening"))
    assert f"de voortgangsrapportage over {years} van de " in opening, opening


def test_the_gbvs_letter_names_its_report_as_it_is() -> None:
    root, period = CATALOGUES["gbvs"]
    workspace, _ = open_workspace(root)
    assert workspace is not None
    report, _ = collect_report(workspace, period)
    letter = next(d for d in render_documents(report) if d.kind == "letter")
    text = re.sub(r"\s+", " ", BeautifulSoup(letter.print_html, "html.parser").get_text(" "))
    assert (
        "de voortgangsrapportage over 2020 en 2021 van de Geïntegreerde Buitenland- en Veiligheidsstrategie "
        "2018–2022." in text
    )
    assert (
        "Deze rapportage volgt op de tussenrapportage over de GBVS van 17 april 2020 (Kamerstuk 33 694, nr. 57)."
        in text
    )


def test_departments_by_name_never_by_code_in_the_tools_sentences(rendered: Rendered) -> None:
    """Once: "(NAVO-definitie) (DEF)", "Geen aanlevering ontvangen van: DEF"."""
    codes = set(rendered.workspace.catalogue.department_names)  # type: ignore[attr-defined]
    spots = rendered.report.select(
        ".missing, .departments, .dept, .submission h4, .summary-table td, figcaption, .received td, "
        ".missing-list td, .milestones li > strong + *, .target-changes li"
    )
    assert spots
    for spot in spots:
        words = set(re.findall(r"[A-Za-z]+", spot.get_text(" ")))
        assert not words & codes, spot.get_text(" ", strip=True)


def test_no_words_about_the_tool_or_its_folders(rendered: Rendered) -> None:
    """Once: "Deze werkmap bevat geen eerdere rapportageperiode" in a document for parliament."""
    for soup in (rendered.report, rendered.letter):
        text = rendered.text(soup).lower()
        for word in ("werkmap", "gbvs report", "gbvs validate", "yaml", "--draft", "programmatuur", "map "):
            assert word not in text, word


def test_en_dash_in_every_range_of_years(rendered: Rendered) -> None:
    """Once: "2020–2021" and "2020-2021" for the same period."""
    for soup in (rendered.report, rendered.letter):
        text = rendered.text(soup, own_only=True)
        assert not re.findall(r"\b(?:19|20)\d\d-(?:19|20)\d\d\b", text)


def test_every_abbreviation_the_report_uses_is_in_the_annex(rendered: Rendered) -> None:
    """Once: the annex left out GBVS and DAC. Every all-capital word of the report (two capitals
    or more: NAVO, JenV, KMar) is listed in the annex."""
    listed = {w for dt in rendered.report.select(".abbreviations dt") for w in dt.get_text(" ", strip=True).split()}
    soup = BeautifulSoup(str(rendered.report), "html.parser")
    for element in soup.select(".abbreviations, style, script, .concept-mark, svg, .title-meta"):
        element.decompose()
    text = soup.get_text(" ")
    defined = set(re.findall(r"\(([A-Z][\w-]*)\)", text))  # "Multidisciplinair Interventieteam (MIT)"
    used = set()
    for found in re.findall(r"(?<![\w-])[A-Z][\w']*[A-Z][\w']*(?:-\d+)?", text):
        word = found.removesuffix("'s")
        if any(c.isdigit() for c in word) and not re.fullmatch(r"[A-Z]+-\d+", word):
            continue  # a code with digits (a flight, a resolution), not an abbreviation
        capitals = sum(c.isupper() for c in word)
        if capitals * 2 >= sum(c.isalpha() for c in word):  # NAVO, JenV, KMar; not EncroChat
            used.add(word)
    assert used - listed - defined == set(), sorted(used - listed - defined)


def test_the_summary_counts_in_words_and_carries_the_key_messages(rendered: Rendered) -> None:
    """Once: the Samenvatting was only a status table."""
    summary = rendered.report.select_one("#samenvatting")
    text = rendered.text(summary, own_only=True)
    singular, plural = _goal_words(rendered)
    statuses = ("afgerond", "op schema", "aandacht", "vertraagd", "geen aanlevering")
    assert re.search(
        rf"(\b({'|'.join(NUMBER_WORDS[1:])}) {plural}\b|{singular.capitalize()} \d+ ).*({'|'.join(statuses)})",
        text,
        re.IGNORECASE,
    ), text
    messages = list(rendered.workspace.settings.key_messages)  # type: ignore[attr-defined]
    shown = [li.get_text(" ", strip=True) for li in summary.select(".key-messages li")]
    assert shown == messages


def test_letter_has_no_kamerstuk_heading_and_attachments_as_a_count(rendered: Rendered) -> None:
    text = rendered.text(rendered.letter)
    assert "BRIEF VAN" not in text and not re.search(r"\bNr\. \d", text)
    references = rendered.letter.select_one(".letter-references")
    assert references is not None
    labels = [dt.get_text(strip=True) for dt in references.select("dt")]
    assert labels[-1] == "Bijlage(n)"
    assert references.select("dd")[-1].get_text(strip=True) == "1"


def test_one_goal_sentences() -> None:
    """The one-goal, yearly catalogue in exact words."""
    root, period = CATALOGUES["een-doel"]
    workspace, _ = open_workspace(root)
    assert workspace is not None
    report, _ = collect_report(workspace, period)
    html = next(d for d in render_documents(report) if d.kind == "report").html
    text = re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))
    assert (
        "De strategie Klimaatveiligheidsstrategie 2021–2023 (KVS) loopt van 2021 tot en met 2023 en kent één opgave in één thema."
        in text
    )
    assert "Over de voortgang wordt elk jaar gerapporteerd. Dit rapport gaat over 2022." in text
    assert "Deze rapportage beschrijft de voortgang van de KVS in 2022, op basis van" in text
    assert "Opgave 1 is op schema." in text
    assert "Geen aanlevering ontvangen van Infrastructuur en Waterstaat." in text


def test_words_with_a_diaeresis_are_kept_from_hyphenation() -> None:
    """Once: "Ge-ïntegreerde" at a line end. Each such word of the running text (never of a tag,
    a style sheet, the title, a chart, a link or a heading) gets a span the style sheet does
    not hyphenate."""
    from gbvs_report.report.formatting import unhyphenated_trema

    html = (
        '<title>Geïntegreerde</title><style>.x { content: "ë" }</style><p title="coördinatie">De '
        "Geïntegreerde &amp; coördinatie</p><svg><desc>Officiële</desc></svg>"
        '<h2 id="x">Geïntegreerde</h2><p><a href="#x">coördinatie</a> geïntegreerd</p>'
    )
    assert unhyphenated_trema(html) == (
        '<title>Geïntegreerde</title><style>.x { content: "ë" }</style><p title="coördinatie">De '
        '<span class="trema">Geïntegreerde</span> &amp; <span class="trema">coördinatie</span></p>'
        "<svg><desc>Officiële</desc></svg>"
        '<h2 id="x">Geïntegreerde</h2><p><a href="#x">coördinatie</a> <span class="trema">geïntegreerd</span></p>'
    )
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    assert re.search(r"\.trema \{ hyphens: manual;", css)
