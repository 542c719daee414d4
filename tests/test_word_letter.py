"""The Word letter against the PDF letter: converted with LibreOffice it has as many pages, the
same elements in the same order, "Pagina N van M" on every page, Datum and Onze referentie
repeated from page 2 on, no gap before "Datum", and document properties from the settings.
Skipped, with a message, where LibreOffice is not installed (`make test` installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import WORKSPACE, run
from pypdf import PdfReader

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    OFFICE is None,
    reason="LibreOffice (Debian-pakket libreoffice-writer-nogui) ontbreekt: de Word-brief is niet omgezet",
)
PARAGRAPH = (
    "Het kabinet heeft in de rapportageperiode de inzet op dit doel voortgezet en versterkt, samen met de "
    "betrokken departementen en internationale partners, zoals in de bijlage per doel wordt beschreven."
)


def _letters(workspace: Path, out: Path) -> tuple[Path, Path]:
    """The PDF letter and the Word letter converted to PDF by LibreOffice."""
    result = run("report", "-w", str(workspace), "-p", "2020-2021", "-o", str(out))
    assert result.exit_code == 0, result.output
    docx = next(out.glob("*-kamerbrief.docx"))
    profile = out / "lo-profiel"
    subprocess.run(
        [str(OFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(out / "lo"), str(docx)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return next(out.glob("*-kamerbrief.pdf")), out / "lo" / f"{docx.stem}.pdf"


def _pages(path: Path) -> list[str]:
    """Each page's text on one line, words hyphenated at a line end joined again."""
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]
    return [re.sub(r"(\w)[\u2010\u00ad-] (\w)", r"\1\2", page) for page in pages]


@needs_office
@pytest.mark.parametrize("paragraphs", [0, 14])
def test_the_word_letter_has_the_pdf_letters_pages_and_order(
    workspace_copy: Path, tmp_path: Path, paragraphs: int
) -> None:
    if paragraphs:  # a long letter: more pages, as many in both
        settings = workspace_copy / "gbvs.yaml"
        text = "".join(f"    {PARAGRAPH}\n\n" for _ in range(paragraphs))
        source = settings.read_text(encoding="utf-8")
        settings.write_text(source.replace("  tekst: |\n", f"  tekst: |\n{text}", 1), encoding="utf-8")
    pdf, word = _letters(workspace_copy, tmp_path)
    pdf_pages, word_pages = _pages(pdf), _pages(word)
    assert len(word_pages) == len(pdf_pages)
    assert len(pdf_pages) > 1 if paragraphs else len(pdf_pages) == 1
    for pages in (pdf_pages, word_pages):
        for number, page in enumerate(pages, start=1):
            assert f"Pagina {number} van {len(pages)}" in page
        for page in pages[1:]:  # from page 2 on: Datum and Onze referentie in the margin
            assert "Datum" in page and "15 april 2022" in page and "DVB-2022.123456" in page
        # the signatures never stand alone on a page: the letter's last sentence comes along
        assert "De Minister van Buitenlandse" in pages[-1] and "in 2022 afloopt." in pages[-1]
        whole = " ".join(pages)
        markers = [
            "Retouradres Postbus 20061",
            "Aan de Voorzitter",
            "Datum",
            "Betreft",
            "Hierbij ontvangt u",
            "Kamerstuk 33 694, nr. 12",
            "De Minister van Buitenlandse",
        ]
        places = [whole.find(marker) for marker in markers]
        assert -1 not in places and places == sorted(places), list(zip(markers, places))
        assert "BRIEF VAN" not in whole


def test_no_gap_before_datum_and_properties_from_the_settings(tmp_path: Path) -> None:
    import docx

    result = run("report", "-w", str(WORKSPACE), "-p", "2020-2021", "-o", str(tmp_path), "--html-only")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(next(tmp_path.glob("*-kamerbrief.docx"))))
    body = document.element.body
    # The side column floats in the margin (a table anchored to the page), so nothing stands
    # between the addressee and "Datum" but the addressee itself.
    floating = [t for t in document.tables if t._tbl.tblPr.find(docx.oxml.ns.qn("w:tblpPr")) is not None]
    assert len(floating) == 1 and "Onze referentie" in floating[0].rows[0].cells[0].text
    texts = [p.text for p in document.paragraphs]
    addressee = next(i for i, t in enumerate(texts) if t.startswith("Aan de Voorzitter"))
    date_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Datum")
    assert list(body).index(date_table._tbl) == list(body).index(document.paragraphs[addressee]._p) + 1
    properties = document.core_properties
    assert properties.title == "Voortgangsrapportage GBVS over 2020 en 2021"
    assert properties.author == "Ministerie van Buitenlandse Zaken"
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Pagina" in footer
