"""Typesetting, read back from the PDF with pdfplumber: every character of every page inside
the page's margins (final and draft, laid out as one document and in parts), the draft's
running header equal to the final's on every page, "Voorbeeld" on every page of an example,
figures numbered in order and named in the text, and a word longer than the column wraps
instead of being cut off.

The example workspace gets a 200-letter word in a narrative and a 200-character address as a
source, the two things that used to run past the margin or vanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from conftest import WORKSPACE, run

from gbvs_report.pdf import layout as pdf

PERIOD = "2020-2021"
STEM = f"gbvs-voortgangsrapportage-{PERIOD}"
MM = 72 / 25.4
# A4 and the margins of report.css's @page: 22mm top, 20mm right, 22mm bottom, 22mm left.
WIDTH, HEIGHT = 210 * MM, 297 * MM
TOP, RIGHT, BOTTOM, LEFT = 22 * MM, 20 * MM, 22 * MM, 22 * MM
SLACK = 0.5  # points: rounding in the PDF's text positions
LONG_WORD = "Veiligheidsstrategie" * 10  # 200 letters, no place to break but anywhere
LONG_URL = "https://www.rijksoverheid.nl/documenten/" + "abcdefghij" * 16  # 200 characters
EXAMPLE_MARK = "Voorbeeld – fictieve gegevens"


def _workspace(root: Path) -> Path:
    workspace = root / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    target = workspace / PERIOD / "doel-01-BZ.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("  resultaten: |\n", f"  resultaten: |\n    Een lang woord: {LONG_WORD}.\n\n", 1)
    text = text.replace("bron: BZ, raming ODA-prestatie 2021 (voorbeelddata)", f"bron: {LONG_URL}", 1)
    assert LONG_WORD in text and LONG_URL in text
    target.write_text(text, encoding="utf-8")
    return workspace


@pytest.fixture(scope="module", params=["een-document", "in-delen"])
def documents(request, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The final report and the draft of the same workspace, laid out as one document (as the
    example is) and in parts (as a long report is)."""
    root = tmp_path_factory.mktemp("zetwerk")
    workspace = _workspace(root)
    found = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        if request.param == "in-delen":
            monkeypatch.setattr(pdf, "PART_SIZE", 1)
            monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)
        for kind, args, name in (("final", [], f"{STEM}.pdf"), ("draft", ["--draft"], f"{STEM}-concept.pdf")):
            out = root / kind
            result = run("report", "-w", str(workspace), "-p", PERIOD, "-o", str(out), *args)
            assert result.exit_code == 0, result.output
            assert "PDF-opmaak" not in result.stderr, result.stderr  # WeasyPrint had no complaint
            found[kind] = out / name
    return found


def _pages(path: Path) -> list:
    with pdfplumber.open(path) as document:
        return [
            {
                "chars": page.chars,
                "rects": page.rects,
                "header": _line(c for c in page.chars if c["bottom"] < TOP),
                "body": page.crop((0, TOP, WIDTH, HEIGHT - BOTTOM)).extract_text() or "",
            }
            for page in document.pages
        ]


def _line(chars) -> str:
    return "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))


@pytest.fixture(scope="module")
def pages(documents: dict[str, Path]) -> dict[str, list]:
    return {kind: _pages(path) for kind, path in documents.items()}


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_every_character_of_every_page_is_inside_the_margins(pages: dict[str, list], kind: str) -> None:
    for number, page in enumerate(pages[kind], start=1):
        outside = [
            c["text"]
            for c in page["chars"]
            if c["x0"] < LEFT - SLACK
            or c["x1"] > WIDTH - RIGHT + SLACK
            or c["top"] < 8 * MM
            or c["bottom"] > HEIGHT - 8 * MM
        ]
        assert not outside, f"pagina {number}: {''.join(outside)[:80]!r} buiten de marges"
        # Table backgrounds and rules end at the margin too.
        wide = [r for r in page["rects"] if r["x0"] < LEFT - SLACK or r["x1"] > WIDTH - RIGHT + SLACK]
        assert not wide, f"pagina {number}: een vlak loopt tot {max(r['x1'] for r in wide) / MM:.1f} mm"


def test_the_drafts_running_header_is_the_finals_on_every_page(pages: dict[str, list]) -> None:
    final, draft = pages["final"], pages["draft"]
    assert len(draft) >= len(final)  # the draft adds its problems annex
    for number, (one, other) in enumerate(zip(final, draft), start=1):
        assert one["header"] == other["header"], f"pagina {number}"
    # And the header names the part that begins on the page: the summary's first page says so.
    summary = next(i for i, p in enumerate(final) if p["body"].lstrip().startswith("Samenvatting"))
    assert final[summary]["header"].endswith("Samenvatting")


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_an_example_says_so_on_every_page(pages: dict[str, list], kind: str) -> None:
    for number, page in enumerate(pages[kind], start=1):
        footer = _line(c for c in page["chars"] if c["top"] > HEIGHT - BOTTOM)
        assert footer.count(EXAMPLE_MARK) == 1, f"pagina {number}: {footer!r}"
        if kind == "draft":
            assert footer.count("CONCEPT") == 1, f"pagina {number}: {footer!r}"


def test_figures_are_numbered_in_order_and_named_in_the_text(pages: dict[str, list]) -> None:
    text = re.sub(r"\s+", " ", " ".join(p["body"] for p in pages["final"]))
    captions = [int(n) for n in re.findall(r"(?<!bij )Figuur (\d+)\. ", text)]
    assert captions == list(range(1, len(captions) + 1)) and len(captions) >= 10
    assert "toont het verloop van" not in text  # no sentence repeated under every chart
    for n in captions:
        assert re.search(rf"[Zz]ie figuur {n}\b", text), n


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_a_long_word_and_a_long_address_wrap_and_keep_every_letter(pages: dict[str, list], kind: str) -> None:
    # Lines broken anywhere (and hyphenated where Dutch allows it): take the breaks out again.
    text = re.sub(r"[\s\-\u00ad\u2010]", "", "".join(p["body"] for p in pages[kind]))
    assert LONG_WORD in text
    assert re.sub(r"-", "", LONG_URL) in text


HEADING = re.compile(
    r"^(Doel \d+: |Status: |Resultaten$|Vooruitblik$|Indicatoren doel \d+$|Mijlpalen doel \d+$|"
    r"Figuur \d+ toont |Pijler \d+: |Bijlage \d+: )"
)


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_no_heading_alone_at_the_foot_of_a_page(pages: dict[str, list], kind: str) -> None:
    for number, page in enumerate(pages[kind][:-1], start=1):  # the last page ends the annex it holds
        lines = [line for line in page["body"].splitlines() if line.strip() and ". . ." not in line]  # not the contents
        if lines and not re.search(r"(?:\. ?){3,}\d+$", lines[-1]):  # an entry in the table of contents
            assert not HEADING.match(lines[-1].strip()), f"pagina {number} eindigt met {lines[-1]!r}"


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_no_page_without_text_of_its_own(pages: dict[str, list], kind: str) -> None:
    """Once: page 2 was blank but for its running header and "pagina 2 van 33"."""
    for number, page in enumerate(pages[kind], start=1):
        assert page["body"].strip(), f"pagina {number} is leeg op kop en voet na"


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_no_word_is_hyphenated_at_a_diaeresis(pages: dict[str, list], kind: str) -> None:
    """Once: "Ge-ïntegreerde" at a line end; Dutch drops the diaeresis there, hyphenation cannot."""
    for number, page in enumerate(pages[kind], start=1):
        assert not re.search(r"\w[-\u2010]\n[äëïöüÄËÏÖÜ]", page["body"]), f"pagina {number}"


def test_names_in_the_summary_table_are_not_hyphenated(pages: dict[str, list]) -> None:
    """Once: "Voorko-men", "Verde-digen" in the summary table."""
    page = next(p["body"] for p in pages["final"] if "Status per doel" in p["body"])
    table = page[page.index("Status per doel") :]
    for name in ("Voorkomen", "Verdedigen", "Versterken"):
        assert re.search(rf"^{name}\b", table, re.M), name
    # WeasyPrint writes the hyphen it adds as U+2010; a hyphen of the text itself (non-proliferatie) may end a line
    assert not re.search(r"\w\u2010\n", table), "een woordafbreking in de statustabel"


@pytest.mark.parametrize("kind", ["final", "draft"])
def test_no_annex_heading_apart_from_what_it_introduces(pages: dict[str, list], kind: str) -> None:
    """Once: the draft's "Problemen" heading at a page's foot, its findings on the next page."""
    for number, page in enumerate(pages[kind][:-1], start=1):  # the last page ends the annex it holds
        lines = [line for line in page["body"].splitlines() if line.strip() and ". . ." not in line]  # not the contents
        if lines and re.match(r"Bijlage \d+: ", lines[-1]):
            raise AssertionError(f"pagina {number}: {lines[-1]!r} onderaan, zonder inhoud")
        if len(lines) >= 2 and re.match(r"Bijlage \d+: ", lines[-2]):
            raise AssertionError(f"pagina {number}: {lines[-2]!r} met één regel onderaan")
