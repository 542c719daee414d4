"""The letter to parliament as a Word file (.docx), for the ministry's sign-off route, where
letters are edited and initialled in Word.

Made with python-docx (imported here, inside the functions) from the same `ReportView` as the
HTML and PDF letter (kamerbrief.html.j2), with the same elements in the same order and the same
page: the logo (when there is one); the side column in the right margin (a floating table:
ministry, directorate, visiting and postal address, website, "Onze referentie", "Uw referentie",
"Bijlage(n)" as a count); the return address, the addressee, "Datum" and "Betreft"; the opening,
the text (the settings' Markdown, as paragraphs, lists and emphasis) and the signatures side by
side. From page 2 on, the header repeats Datum and Onze referentie in the margin; every page
says "Pagina N van M". The document properties come from the settings (title from Betreft,
author from the organisation), never from the library.

The same view gives the same bytes: the core properties carry the letter's date (never the
clock), and the package is rewritten with a fixed time on every zip entry, in a fixed order.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from . import formatting
from .docx_markdown import markdown_into
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

    letter = view.letter
    document = Document()
    _page(document)
    _normal_style(document)
    _header_and_footer(document, view)
    if view.draft:
        _paragraph(document, "Concept. Dit is een conceptversie, niet bestemd voor verzending.", bold=True)
    if view.example_data:
        _paragraph(document, "Let op: deze brief hoort bij een rapport met voorbeelddata.", bold=True)
    if letter.logo:
        _logo(document, letter.logo)
    _side_column(document, view)
    if letter.return_address:
        _paragraph(document, letter.return_address, size=6.5, after=4)
    addressee = _paragraph(document, after=22)
    _lines(addressee, [(line, False) for line in (letter.addressee, *letter.addressee_address)])
    _date_and_subject(document, view)
    _paragraph(document, letter.opening)
    markdown_into(document, formatting.keep_together(letter.body_markdown), _clean)  # as the PDF letter breaks
    if view.letter.signatories:  # the signatures never stand alone on a page: the last paragraph comes along
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    _signatures(document, view)
    _core_properties(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), _app_properties(view))


# The page as the PDF letter has it (_letter.css): the text column between 24 and 152 mm, the
# side column in the right margin from 160 mm, 40 mm wide.
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
MARGINS = {"top": 22.0, "bottom": 24.0, "left": 24.0, "right": 58.0}
SIDE_LEFT, SIDE_WIDTH = 160.0, 40.0


def _page(document: Any) -> None:
    """A4 with the letter's margins: a different header on the first page."""
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True


def _normal_style(document: Any) -> None:
    """The body font and size, and Dutch as the language (for Word's spelling and hyphenation)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    # The PDF letter's leading and spacing (_letter.css: 10pt, line-height 1.45, 0.8em between
    # paragraphs), so that the two break their pages alike.
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = Pt(14.5)
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


def _text_width() -> int:
    from docx.shared import Mm

    return int(Mm(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]))


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


def _date_and_subject(document: Any, view: ReportView) -> None:
    """ "Datum" and "Betreft", their labels in a column of their own, as in the PDF letter."""
    from docx.shared import Mm, Pt

    label = int(Mm(24))
    rows = [(name, value) for name, value in (("Datum", view.letter.date), ("Betreft", view.letter.subject)) if value]
    table = document.add_table(rows=len(rows), cols=2)
    _fixed_layout(table, [label, _text_width() - label])
    for row, (name, value) in zip(table.rows, rows):
        row.cells[0].paragraphs[0].add_run(name).bold = True
        row.cells[1].paragraphs[0].add_run(_clean(value))
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    _paragraph(document, after=10)


def _side_column(document: Any, view: ReportView) -> None:
    """The sender and the references, in the right margin of the first page: a floating table
    anchored to the page, so that the text column keeps its width, as in the PDF letter."""
    from docx.shared import Pt

    letter, sender = view.letter, view.letter.sender
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
    if letter.your_reference:
        blocks.append([("Uw referentie", True), (letter.your_reference, False)])
    blocks.append([("Bijlage(n)", True), (str(letter.attachments), False)])
    top = MARGINS["top"] + (32 if letter.logo else 0) + (12 if view.draft or view.example_data else 0)
    cell = _floating_cell(document.add_table(rows=1, cols=1), x=SIDE_LEFT, y=top, width=SIDE_WIDTH)
    for i, block in enumerate(blocks):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(7)
        _lines(p, block, size=7.5)


def _header_and_footer(document: Any, view: ReportView) -> None:
    """From page 2 on, Datum and Onze referentie in the margin; on every page "Pagina N van M";
    CONCEPT in a draft and "Voorbeeld" with example data, in the header of every page."""
    from docx.shared import Mm, Pt, RGBColor

    section = document.sections[0]
    marks = ["CONCEPT – niet bestemd voor verzending"] if view.draft else []
    marks += ["Voorbeeld – fictieve gegevens"] if view.example_data else []
    for header in (section.first_page_header, section.header):
        if marks:
            run = header.paragraphs[0].add_run(" · ".join(marks))
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0xA3, 0x00, 0x1B)
    # In a floating table at the top of the side column, as the PDF's margin box: it floats, so
    # the repeat never pushes the text of page 2 down (a header paragraph would).
    cell = _floating_cell(
        section.header.add_table(1, 1, Mm(SIDE_WIDTH)), x=SIDE_LEFT, y=MARGINS["top"], width=SIDE_WIDTH
    )
    repeat = cell.paragraphs[0]
    repeat.paragraph_format.space_after = Pt(0)
    end = section.header.add_paragraph()  # a header ends with a paragraph; this one takes no room
    end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.line_spacing = Pt(1)
    lines = [("Datum", True), (view.letter.date, False)]
    if view.letter.reference:
        lines += [("", False), ("Onze referentie", True), (view.letter.reference, False)]
    _lines(repeat, lines, size=7.5)
    for footer in (section.first_page_footer, section.footer):
        p = footer.paragraphs[0]
        p.paragraph_format.left_indent = Mm(SIDE_LEFT - MARGINS["left"])
        p.paragraph_format.right_indent = Mm(-(SIDE_LEFT + SIDE_WIDTH - (PAGE_WIDTH - MARGINS["right"])))
        for part in ("Pagina ", ("PAGE",), " van ", ("NUMPAGES",)):
            if isinstance(part, tuple):
                _field(p, part[0], size=7.5)
            else:
                p.add_run(part).font.size = Pt(7.5)


def _floating_cell(table: Any, *, x: float, y: float, width: float) -> Any:
    """The one cell of `table`, made a table that floats at (`x`, `y`) mm from the page's
    corner, `width` mm wide: it takes no room from the text (Word and LibreOffice keep it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    _fixed_layout(table, [int(Mm(width))])
    position = OxmlElement("w:tblpPr")
    twips = 1440 / 25.4  # a twentieth of a point, per mm
    for name, value in (
        ("w:leftFromText", 0),
        ("w:rightFromText", 0),
        ("w:vertAnchor", "page"),
        ("w:horzAnchor", "page"),
        ("w:tblpX", round(x * twips)),
        ("w:tblpY", round(y * twips)),
    ):
        position.set(qn(name), str(value))
    table._tbl.tblPr.insert(0, position)
    return table.rows[0].cells[0]


def _field(paragraph: Any, instruction: str, size: float) -> None:
    """A field Word and LibreOffice fill in (PAGE, NUMPAGES), with a placeholder value."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for kind in ("begin", None, "separate", "1", "end"):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        else:
            run.add_text(kind)


def _logo(document: Any, data_url: str) -> None:
    """The ministry's logo, centred above the letter, from the view's data: URL."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    data = base64.b64decode(data_url.split(",", 1)[1])
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(14)
    p.add_run().add_picture(io.BytesIO(data), height=Mm(20))


def _signatures(document: Any, view: ReportView) -> None:
    """The signatures side by side: the office with a comma, room to sign, the name."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    signatories = view.letter.signatories
    if not signatories:
        return
    _paragraph(document, after=12).paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(signatories))
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))  # the offices and the names on one page
    width = _text_width()
    _fixed_layout(table, [width // len(signatories)] * len(signatories))
    for cell, signatory in zip(table.rows[0].cells, signatories):
        p = cell.paragraphs[0]
        p.paragraph_format.keep_together = True
        p.paragraph_format.space_after = Pt(0)
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
    properties.title = _property(view.letter.subject or view.documents.letter.title)
    properties.subject = _property(view.letter.subject)
    properties.author = _property(view.organisation)
    properties.last_modified_by = _property(view.organisation)
    properties.language = LANGUAGE
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
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


def _app_properties(view: ReportView) -> bytes:
    """docProps/app.xml of our own: the template python-docx starts from names another program
    and a page count of 1; this names the organisation and no program."""
    from xml.sax.saxutils import escape

    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Company>{escape(_clean(view.organisation))}</Company></Properties>"
    ).encode()


def _stable_zip(data: bytes, app: bytes | None = None) -> bytes:
    """The package again, with a fixed time on every entry and the entries in a fixed order
    ([Content_Types].xml first, as Word writes it, then by name); `app` replaces docProps/app.xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, app if app is not None and name == "docProps/app.xml" else source.read(name))
    return out.getvalue()
