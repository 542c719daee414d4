"""The letter to parliament as a Word file (.docx), for the ministry's sign-off route, where
letters are edited and initialled in Word.

Made with python-docx (imported here, inside the functions) from the same `ReportView` as the
HTML and PDF letter (kamerbrief.html.j2): the Kamerstuk heading, then a borderless table with
the addressee on the left and the sender column on the right (ministry, directorate, visiting
and postal address, website, "Onze referentie", "Bijlage(n)"), "Datum" and "Betreft", the
opening sentence, the text (the settings' Markdown, as paragraphs, lists and emphasis), and
the signatures side by side.

The same view gives the same bytes: the core properties carry the letter's date (never the
clock), and the package is rewritten with a fixed time on every zip entry, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .view import ReportView

FONT = "Arial"  # a font every Word has; LibreOffice uses the metric-compatible Liberation Sans
LANGUAGE = "nl-NL"
# Word's own epoch of the zip format: 1980-01-01 is the earliest time a zip entry can carry.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text as XML allows it: control characters (which lxml refuses) left out."""
    return _CONTROL.sub("", text)


def letter_docx(view: ReportView) -> bytes:
    """The letter of `view` as the bytes of a .docx file, the same bytes for the same view."""
    from docx import Document
    from docx.shared import Pt

    letter = view.letter
    document = Document()
    width = _page(document)
    _normal_style(document)
    _header(document, view)
    if view.example_data:
        _paragraph(document, "Let op: deze brief hoort bij een rapport met voorbeelddata.", bold=True)
    _heading(document, view)
    _letterhead(document, view, width)
    _date_and_subject(document, view, width)
    _paragraph(document, letter.opening)
    _markdown_into(document, letter.body_markdown)
    _signatures(document, view, width)
    if letter.signatories:
        document.paragraphs[-1].paragraph_format.space_after = Pt(0)
    _core_properties(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _page(document: Any) -> int:
    """A4 with the letter's margins; returns the width of the text."""
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.0)
    return int(section.page_width - section.left_margin - section.right_margin)


def _normal_style(document: Any) -> None:
    """The body font and size, and Dutch as the language (for Word's spelling and hyphenation)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    run_properties = normal.element.get_or_add_rPr()
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    run_properties.append(language)


def _paragraph(
    document: Any, text: str = "", *, bold: bool = False, size: float | None = None, after: float | None = None
) -> Any:
    from docx.shared import Pt

    p = document.add_paragraph()
    if text:
        run = p.add_run(_clean(text))
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def _header(document: Any, view: ReportView) -> None:
    """On every page: CONCEPT in a draft, "Voorbeeld" when the report rests on example data."""
    from docx.shared import RGBColor

    marks = ["CONCEPT – niet bestemd voor verzending"] if view.draft else []
    marks += ["Voorbeeld – fictieve gegevens"] if view.example_data else []
    if marks:
        run = document.sections[0].header.paragraphs[0].add_run(" · ".join(marks))
        run.bold = True
        run.font.color.rgb = RGBColor(0xA3, 0x00, 0x1B)


def _heading(document: Any, view: ReportView) -> None:
    """The Kamerstuk heading: dossier number and title, the number in the dossier, `BRIEF VAN ...`."""
    from docx.shared import Pt

    letter = view.letter
    if letter.dossier_number:
        p = _paragraph(document, after=0)
        p.add_run(_clean(f"{letter.dossier_number}  {letter.dossier_title}")).bold = True
    if letter.paper_number:
        _paragraph(document, f"Nr. {letter.paper_number}", after=0)
    heading = _paragraph(document, letter.heading or "BRIEF AAN DE TWEEDE KAMER", bold=True, size=11, after=18)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.keep_with_next = True


def _letterhead(document: Any, view: ReportView, width: int) -> None:
    """The addressee on the left; on the right the sender column, "Onze referentie" and "Bijlage(n)"."""
    from docx.shared import Cm, Pt

    letter, sender = view.letter, view.letter.sender
    side = int(Cm(5.2))
    table = document.add_table(rows=1, cols=2)
    _fixed_layout(table, [width - side, side])
    left, right = table.rows[0].cells
    _lines(left.paragraphs[0], [(line, False) for line in (letter.addressee, *letter.addressee_address)])
    blocks: list[list[tuple[str, bool]]] = [
        [(sender.ministry, True), *([(sender.directorate, False)] if sender.directorate else [])]
    ]
    if sender.visiting_address:
        blocks.append([("Bezoekadres", True), *((line, False) for line in sender.visiting_address)])
    if sender.postal_address:
        blocks.append([("Postadres", True), *((line, False) for line in sender.postal_address)])
    if sender.website:
        blocks.append([(sender.website, False)])
    if letter.reference:
        blocks.append([("Onze referentie", True), (letter.reference, False)])
    blocks.append([("Bijlage(n)", True), (letter.attachment, False)])
    for i, block in enumerate(blocks):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        p.paragraph_format.space_after = Pt(8)
        _lines(p, block, size=7.5)


def _lines(p: Any, lines: list[tuple[str, bool]], size: float | None = None) -> None:
    """Lines in one paragraph, each (text, bold), with line breaks between them."""
    from docx.shared import Pt

    for i, (text, bold) in enumerate(lines):
        if i:
            p.add_run().add_break()
        run = p.add_run(_clean(text))
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)


def _date_and_subject(document: Any, view: ReportView, width: int) -> None:
    from docx.shared import Cm

    label = int(Cm(2.4))
    rows = [(name, value) for name, value in (("Datum", view.letter.date), ("Betreft", view.letter.subject)) if value]
    table = document.add_table(rows=len(rows), cols=2)
    _fixed_layout(table, [label, width - label])
    for row, (name, value) in zip(table.rows, rows):
        row.cells[0].paragraphs[0].add_run(name).bold = True
        row.cells[1].paragraphs[0].add_run(_clean(value))
    _paragraph(document, after=6)


def _signatures(document: Any, view: ReportView, width: int) -> None:
    """The signatures side by side: the office with a comma, room to sign, the name."""
    signatories = view.letter.signatories
    if not signatories:
        return
    _paragraph(document, after=12)
    table = document.add_table(rows=1, cols=len(signatories))
    _fixed_layout(table, [width // len(signatories)] * len(signatories))
    for cell, signatory in zip(table.rows[0].cells, signatories):
        p = cell.paragraphs[0]
        p.paragraph_format.keep_together = True
        p.add_run(_clean(signatory.office) + ",")
        if signatory.name:
            for _ in range(3):  # room for the signature
                p.add_run().add_break()
            p.add_run(_clean(signatory.name))


def _property(text: str) -> str:
    """A document property: at most 255 characters (a longer one, from a catalogue's title say,
    ends in '…'; the settings' own fields are checked in `gbvs validate`)."""
    text = _clean(text)
    return text if len(text) <= 255 else text[:254] + "…"


def _core_properties(document: Any, view: ReportView) -> None:
    """Title, author and language; every date is the letter's, never the clock."""
    properties = document.core_properties
    date = dt.datetime.fromisoformat(view.report_date_iso).replace(tzinfo=dt.UTC)
    properties.title = _property(view.documents.letter.title)
    properties.subject = _property(view.letter.subject)
    properties.author = _property(view.organisation)
    properties.last_modified_by = _property(view.organisation)
    properties.language = LANGUAGE
    properties.revision = 1
    properties.created = date
    properties.modified = date
    properties.last_printed = date


def write_letter_docx(view: ReportView, target: Path) -> None:
    target.write_bytes(letter_docx(view))


def _fixed_layout(table: Any, widths: list[int]) -> None:
    """Column widths Word and LibreOffice both keep: a fixed layout, a grid, a width per cell;
    no borders (the table only places text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _markdown_into(document: Any, text: str) -> None:
    """The settings' Markdown as Word paragraphs: paragraphs, headings, bullet and numbered
    lists, emphasis, code and links (their text, then the address in brackets). No raw HTML,
    no images: the same subset as the HTML letter."""
    from docx.shared import Cm

    tokens = MarkdownIt("commonmark", {"html": False}).disable("image").parse(text or "")
    lists: list[str] = []  # the open lists: "List Bullet" or "List Number"
    item_style: str | None = None  # the style of a list item's first paragraph
    quote = 0
    paragraph = None
    heading = False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_style = lists[-1]
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("paragraph_open", "heading_open"):
            paragraph = document.add_paragraph(style=item_style)
            item_style = None
            heading = kind == "heading_open"
            if heading:
                paragraph.paragraph_format.keep_with_next = True
            if quote or (lists and paragraph.style.name == "Normal"):
                paragraph.paragraph_format.left_indent = Cm(0.8 * (quote + len(lists)))
        elif kind == "inline" and paragraph is not None:
            _inline(paragraph, token.children or [], heading=heading)
        elif kind in ("fence", "code_block"):
            document.add_paragraph(_clean(token.content.rstrip("\n")))


def _inline(paragraph: Any, children: list[Any], *, heading: bool) -> None:
    bold = italic = code = 0
    link = ""
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            if link:
                paragraph.add_run(f" ({_clean(link)})")
            link = ""
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline"):
            run = paragraph.add_run(_clean(child.content))
            run.bold = bool(bold) or heading or None
            run.italic = bool(italic) or None
            if kind == "code_inline" or code:
                run.font.name = "Courier New"


def _stable_zip(data: bytes) -> bytes:
    """The package again, with a fixed time on every entry and the entries in a fixed order
    ([Content_Types].xml first, as Word writes it, then by name)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name))
    return out.getvalue()
