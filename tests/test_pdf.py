"""The PDF read back with pypdf: A4, metadata, PDF/UA-1 tagging, bookmarks, embedded fonts,
page numbers, running headers and a table of contents whose page numbers are right; and the
same inputs give the same bytes, whatever the clock says."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, run
from pypdf import PdfReader
from test_catalogue import SEED_TITLES

from gbvs_report.pdf import fetch
from gbvs_report.pdf import layout as pdf

PERIOD = "2020-2021"
STEM = f"gbvs-voortgangsrapportage-{PERIOD}"
TITLE = "Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie over 2020 en 2021"
SHIPPED_FONTS = {
    "Noto-Sans",
    "Noto-Sans-Bold",
    "Noto-Sans-Italic",
    "Noto-Sans-Bold-Italic",
    "Noto-Sans-Symbols",
    "Noto-Sans-Symbols2",
}


@pytest.fixture(scope="module", params=["in-delen", "een-document"])
def layout(request) -> str:
    """Every test below holds for both ways of laying the PDF out: in parts, joined (as a report
    longer than a few pages is), with a part per mark (title page and letter, contents, summary,
    each pillar, annexes); and as one document (as a very short report is)."""
    return request.param


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory, layout: str) -> tuple[Path, Path]:
    """The example report, rendered twice into two folders."""
    folders = []
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        if layout == "in-delen":
            monkeypatch.setattr(pdf, "PART_SIZE", 1)
            monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)
            monkeypatch.setattr(pdf, "FOOTER_PAGES", 7)  # the footers in several passes too
        else:
            monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 10**9)
        for name in ("a", "b"):
            out = tmp_path_factory.mktemp(name)
            result = run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out))
            assert result.exit_code == 0, result.output
            assert not [line for line in result.stderr.splitlines() if line.startswith("gbvs:")], result.stderr
            folders.append(out)
    return folders[0], folders[1]


@pytest.fixture(scope="module")
def reader(renders) -> PdfReader:
    return PdfReader(renders[0] / f"{STEM}.pdf")


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [re.sub(r"[ \t]+", " ", page.extract_text()) for page in reader.pages]


def flat(text: str) -> str:
    """Text without white space, to find a title wherever the layout broke its lines."""
    return re.sub(r"\s+", "", text)


def outline(reader: PdfReader, items=None) -> list[tuple[str, int, list]]:
    """The bookmarks as (title, page number, children)."""
    result: list = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            result[-1][2].extend(outline(reader, item))
        else:
            result.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return result


def test_same_inputs_give_identical_html_and_pdf(renders) -> None:
    first, second = renders
    for suffix in (".html", ".pdf"):
        assert (first / f"{STEM}{suffix}").read_bytes() == (second / f"{STEM}{suffix}").read_bytes(), suffix


def test_pages_are_a4(reader: PdfReader) -> None:
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_document_metadata_and_language(reader: PdfReader) -> None:
    info = reader.metadata
    assert info.title == TITLE
    assert info.author == "Ministerie van Buitenlandse Zaken"
    assert info.subject.startswith(TITLE) and "GBVS" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    # The letter's date from the workspace settings, not the day the PDF was made.
    letter_date = re.search(
        r"^  datum: (\d{4})-(\d\d)-(\d\d)$", (WORKSPACE / "gbvs.yaml").read_text(encoding="utf-8"), re.M
    )
    assert info["/CreationDate"] == "D:" + "".join(letter_date.groups())


def test_pdf_is_tagged_as_pdf_ua_1(reader: PdfReader, renders) -> None:
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    roles: Counter = Counter()

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            roles[node.get("/S")] += 1
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    # Headings, tables with header cells and captions, lists and links are in the structure.
    for role in ("/Document", "/H1", "/H2", "/H3", "/Table", "/THead", "/TH", "/TD", "/Caption", "/L", "/LI", "/Link"):
        assert roles[role] > 0, role
    html = (renders[0] / f"{STEM}.html").read_text(encoding="utf-8")
    assert roles["/H3"] == html.count("<h3") >= 13  # every goal heading, and the annexes' own
    assert roles["/Table"] >= html.count("<table") > 13  # a table split over pages may count twice


def test_report_html_splits_into_parts(renders) -> None:
    html = (renders[0] / f"{STEM}.html").read_text(encoding="utf-8")
    parts = pdf.split_parts(html, size=1)
    annexes = html.count('<section class="annex"')
    assert annexes == 3  # the letter and the accountability are documents of their own; nothing is missing
    assert len(parts) == 1 + 1 + 1 + 3 + annexes  # title page, contents, summary, pillars, annexes
    assert sum('<section class="goal"' in part for part in parts) == 3
    assert all(part.rstrip().endswith("</html>") and part.count("<body") == 1 for part in parts)
    # By default the parts are bigger: the title page, the contents, the rest.
    assert len(pdf.split_parts(html)) == 3


def tree_items(node, kind: str) -> list:
    """The (key, value) pairs of a PDF name tree ("/Names") or number tree ("/Nums"), in order."""
    node = node.get_object()
    flat = node.get(kind) or []
    items = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    for kid in node.get("/Kids") or []:
        items += tree_items(kid, kind)
    return items


def test_structure_tree_leads_back_from_every_page_and_link(reader: PdfReader) -> None:
    """Joined from parts, the parent trees are renumbered without overlap: every page's marked
    content and every link annotation lead to structure elements on that page, and every link
    to another part points at a named destination that exists (as in one document)."""
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    nums = tree_items(tree["/ParentTree"], "/Nums")
    parent_tree = {int(key): value for key, value in nums}
    assert (
        len(parent_tree) == len(nums)
        and int(tree.get("/ParentTreeNextKey", max(parent_tree) + 1)) == max(parent_tree) + 1
    )
    names = tree_items(root["/Names"]["/Dests"], "/Names")
    destinations = {str(key): value.get_object() for key, value in names}
    assert [str(key) for key, _ in names] == sorted(destinations)
    page_ids = {page.indirect_reference.idnum for page in reader.pages}
    assert all(dest[0].idnum in page_ids for dest in destinations.values())
    seen_keys, links = set(), 0
    for page in reader.pages:
        if "/StructParents" in page:
            key = int(page["/StructParents"])
            seen_keys.add(key)
            for ref in parent_tree[key]:
                element = ref.get_object()
                assert "/Pg" not in element or element.raw_get("/Pg").idnum == page.indirect_reference.idnum
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            assert "/A" not in annotation or pdf.LINK_SCHEME not in str(annotation["/A"].get("/URI"))
            if "/Dest" in annotation:
                links += 1
                assert str(annotation["/Dest"]) in destinations, annotation["/Dest"]
            if "/StructParent" in annotation:
                key = int(annotation["/StructParent"])
                seen_keys.add(key)
                link = parent_tree[key].get_object()
                assert link["/S"] == "/Link"
                assert any(
                    kid.get_object().get("/Type") == "/OBJR" and kid.get_object().raw_get("/Obj").idnum == ref.idnum
                    for kid in link["/K"]
                )
    assert seen_keys == set(parent_tree)
    assert links > 40  # the contents and the summary link to other parts (figures are plain text in the PDF)
    # One Document element; every element's /P is the element it hangs under.
    (document,) = tree["/K"]
    assert document.get_object()["/S"] == "/Document"
    stack = [document]
    while stack:
        ref = stack.pop()
        for kid in ref.get_object().get("/K") or []:
            if isinstance(kid, int) or kid.get_object().get("/Type") in ("/MCR", "/OBJR"):
                continue
            assert kid.get_object().raw_get("/P").idnum == ref.idnum
            stack.append(kid)


def test_every_font_is_shipped_and_embedded(reader: PdfReader) -> None:
    used = set()
    for page in reader.pages:
        for reference in (page["/Resources"].get("/Font") or {}).values():
            font = reference.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
            used.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic", "Noto-Sans-Symbols2"} <= used <= SHIPPED_FONTS


def test_fonts_ship_with_their_licence() -> None:
    fonts = {p.name for p in (fetch.ASSETS / "fonts").iterdir()}
    assert {"OFL.txt", "fonts.css", "NotoSans-Regular.ttf", "NotoSansSymbols2-Regular.ttf"} <= fonts
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fetch.ASSETS / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    css = (fetch.ASSETS / "fonts" / "fonts.css").read_text(encoding="utf-8")
    assert set(re.findall(r"url\(([^)]+)\)", css)) == {f for f in fonts if f.endswith(".ttf")}


def test_bookmarks_are_the_sections_pillars_and_goals(reader: PdfReader, pages: list[str]) -> None:
    tree = outline(reader)
    assert [title for title, _, _ in tree][:6] == [
        "Inhoud",
        "Samenvatting",
        "Leeswijzer",
        "Pijler 1: Voorkomen",
        "Pijler 2: Verdedigen",
        "Pijler 3: Versterken",
    ]
    assert all(title.startswith("Bijlage ") for title, _, _ in tree[6:]) and len(tree) > 6
    goals = [child for title, _, children in tree if title.startswith("Pijler") for child in children]
    assert [title for title, _, _ in goals] == [f"Doel {n}: {t}" for n, t in SEED_TITLES.items()]
    for title, page, children in tree + goals:
        assert children == [] or title.startswith("Pijler"), title  # no deeper levels
        assert flat(title) in flat(pages[page - 1]), (title, page)


def test_table_of_contents_gives_the_right_pages(reader: PdfReader, pages: list[str]) -> None:
    bookmarks = {title: page for title, page, _ in outline(reader)}
    toc = dict(re.findall(r"^(.+?) ?(?:\. ?){3,}(\d+)$", pages[bookmarks["Inhoud"] - 1], re.M))
    assert len(toc) == len(bookmarks) - 1 + 13  # every bookmark but the contents itself, and the goals
    bookmarks |= {t: p for _, _, children in outline(reader) for t, p, _ in children}
    for title, page in toc.items():
        assert bookmarks[title.strip()] == int(page), title


def test_every_page_but_the_first_has_page_numbers_and_running_header(pages: list[str]) -> None:
    assert "pagina" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"pagina {number} van {len(pages)}" in text
        assert flat(TITLE) in flat(text), number


def test_running_header_names_the_current_goal(reader: PdfReader, pages: list[str]) -> None:
    goals = [child for _, _, children in outline(reader) for child in children]
    for (title, page, _), following in zip(goals, goals[1:]):
        if following[1] > page + 1:  # a page that continues this goal and starts no other
            assert flat(title) in flat(pages[page]), (title, page + 1)


def test_table_header_repeats_on_every_page_it_spans(tmp_path: Path) -> None:
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    rows = "".join(f"<tr><th scope='row'>Rij {i}</th><td>{i},5%</td></tr>" for i in range(110))
    html = (
        f"<!DOCTYPE html><html lang='nl'><head><title>t</title><style>{css}</style></head><body>"
        "<table><caption>Lange tabel</caption><thead><tr><th scope='col'>Indicatorkop</th>"
        f"<th scope='col'>Waardekop</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    )
    refused, warnings = pdf.render_pdf(html, tmp_path / "t.pdf")
    assert (refused, warnings) == ([], [])
    texts = [page.extract_text() for page in PdfReader(tmp_path / "t.pdf").pages]
    assert len(texts) >= 3
    assert all("Indicatorkop" in text and "Waardekop" in text for text in texts)
    assert "Rij 109" in texts[-1]


def test_date_comes_from_source_date_epoch(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    epoch = int(dt.datetime(2022, 4, 17, 12, tzinfo=dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    settings = workspace_copy / "gbvs.yaml"  # without a date of its own, the letter takes SOURCE_DATE_EPOCH
    settings.write_text(
        re.sub(r"^  datum: .*\n", "", settings.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8"
    )
    # A letter without a date is not finished: a final report refuses it (B004), a draft is dated so.
    assert run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(tmp_path / "o")).exit_code == 1
    assert run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(tmp_path / "o"), "--draft").exit_code == 0
    tmp_path = tmp_path / "o"
    reader = PdfReader(tmp_path / f"{STEM}-concept.pdf")
    assert reader.metadata["/CreationDate"] == "D:20220417"
    assert "17 april 2022" in reader.pages[0].extract_text()


@pytest.mark.parametrize("failure", [RuntimeError("opmaak mislukt"), KeyboardInterrupt()])
def test_failed_pdf_render_leaves_previous_outputs_intact(
    failure: BaseException, workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    from gbvs_report.commands.build import build_report
    from gbvs_report.workspace import open_workspace

    out = tmp_path / "uit"
    out.mkdir()
    previous = {f"{STEM}.html": b"<!DOCTYPE html> vorige versie", f"{STEM}.pdf": b"%PDF-1.7 vorige versie"}
    for name, content in previous.items():
        (out / name).write_bytes(content)
    workspace, _ = open_workspace(workspace_copy)

    def half_written(self, target=None, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.7\n% afgebroken")
        raise failure

    monkeypatch.setattr(Document, "write_pdf", half_written)
    with pytest.raises(type(failure)):
        build_report(workspace, PERIOD, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous  # no temporary file left either


def test_running_header_names_the_current_annex(reader: PdfReader, pages: list[str]) -> None:
    tree = outline(reader)
    annexes = [(title, page) for title, page, _ in tree if title.startswith("Bijlage ")]
    ends = [page for _, page in annexes[1:]] + [len(pages) + 1]
    continued = [(title, page) for (title, page), end in zip(annexes, ends) if end > page + 1]
    assert continued, "no annex runs over more than one page"
    for title, page in continued:
        assert flat(title) in flat(pages[page]), (title, page + 1)  # the page after the annex starts


def test_a_long_report_shows_progress_per_part(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gbvs_report.commands.build import build_report
    from gbvs_report.workspace import open_workspace

    monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)
    monkeypatch.setattr(pdf, "PART_SIZE_MIN", pdf.PART_SIZE)  # title page and letter, contents, the rest
    steps: list[str] = []
    workspace, _ = open_workspace(workspace_copy)
    build_report(workspace, PERIOD, tmp_path, progress=steps.append)
    # The three PDFs are laid out together; in one process, those without a contents first:
    # the letter, the accountability in two parts (its opening, and where the provenance of the
    # files may begin a part) and its footers, then the report's parts (title page and letter,
    # the rest, and the contents after them); then they are joined.
    start = steps.index(
        f"PDF opmaken: {STEM}.pdf, {STEM}-kamerbrief.pdf en {STEM}-verantwoording.pdf (dit duurt het langst)"
    )
    assert steps[start + 1 :] == [
        f"Word-bestand opmaken: {STEM}-kamerbrief.docx",
        "PDF opmaken: deel 1 van 6 klaar",
        "PDF opmaken: deel 2 van 6 klaar",
        "PDF opmaken: deel 3 van 6 klaar",
        "PDF: paginanummers opmaken",
        "PDF opmaken: deel 4 van 6 klaar",
        "PDF opmaken: deel 5 van 6 klaar",
        "PDF: inhoudsopgave en paginanummers opmaken",
        "PDF opmaken: deel 6 van 6 klaar",
        "PDF: de delen samenvoegen",
        "PDF: de delen samenvoegen",
        "de bestanden op hun plaats zetten",
    ]


def test_the_accountability_holds_every_line_of_its_html(renders) -> None:
    """In parts (one may begin where a file's provenance does) or as one document, the
    accountability's PDF holds every provenance line of its HTML, in order, on numbered pages."""
    from bs4 import BeautifulSoup

    html = (renders[0] / f"{STEM}-verantwoording.html").read_text(encoding="utf-8")
    lines = [flat(item.get_text()) for item in BeautifulSoup(html, "html.parser").select("ul.provenance li")]
    assert len(lines) > 100
    texts = [page.extract_text() for page in PdfReader(renders[0] / f"{STEM}-verantwoording.pdf").pages]
    text, position = flat(" ".join(texts)), 0
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, line
        position = found + len(line)
    for number, page in enumerate(texts[1:], start=2):
        assert flat(f"pagina {number} van {len(texts)}") in flat(page), number
