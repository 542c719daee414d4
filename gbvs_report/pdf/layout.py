"""PDF layout: lay the report's HTML out as a tagged A4 PDF (PDF/UA-1) with WeasyPrint.

WeasyPrint is imported here and only here, inside the functions: `gbvs --help` and
`gbvs validate` must not pay for it. The HTML's text comes from submissions and is untrusted,
so WeasyPrint gets a URL fetcher that serves the report's own assets (the shipped fonts) and
inline `data:` URLs, and refuses everything else: no other files, no network, no redirects.
The fonts ship with the package, so that the PDF looks the same on every machine.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ASSETS = Path(__file__).parent.parent / "assets"
FONTS_CSS = ASSETS / "fonts" / "fonts.css"
PDF_VARIANT = "pdf/ua-1"
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2", ".css": "text/css"}


class RefusedURL(ValueError):
    """A resource the report did not put there itself."""


def asset_path(url: str, root: Path = ASSETS) -> Path | None:
    """The file a `file:` URL names when it lies inside `root` (symlinks resolved), else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path)).resolve()
    base = root.resolve()
    return path if base in path.parents and path.is_file() else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves `data:` URLs and files inside the assets folder; records every request."""

        def __init__(self, root: Path = ASSETS) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.root = root
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = asset_path(url, self.root)
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"niet toegestaan: {url}")
            self.served.append(url)
            media_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": media_type or "application/octet-stream"}
            )

    return AssetFetcher


def asset_fetcher(root: Path = ASSETS):
    """A fresh WeasyPrint URL fetcher that serves only `root` and `data:` URLs."""
    return _fetcher_class()(root)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# A long report is laid out in parts (title page and letter, contents, then groups of the
# summary, pillars and annexes; the templates mark where one may begin), each written to its own PDF and then joined
# (gbvs_report/pdf/join.py). WeasyPrint keeps every page of a document in memory until it has
# written it, so one document for a long report needs gigabytes; parts keep that bounded.
BEGIN_MARK, PART_MARK = "<!-- gbvs:begin -->", "<!-- gbvs:deel -->"
PART_SIZE = 200_000  # characters of HTML per part at least, where the marks allow: about 50 pages
# Parts cost a little for each (the footer pass, the join); up to this size (some 80 pages) one
# document is faster and its memory small.
ONE_DOCUMENT_SIZE = 300_000
TOC_MARK = '<nav class="toc"'
LINK_SCHEME = "gbvs-deel:"  # a link to an anchor in another part, until the parts are joined
# Page numbers and the contents' page numbers are known only when every part is laid out:
# the parts leave the footer out, a last pass lays out the footers alone (pdfjoin stamps them
# on), and the table of contents, laid out after the other parts, gets its page numbers as
# `data-pagina` attributes.
# WeasyPrint's `stylesheets` are user style sheets: they win over the report's own only with
# !important.
PART_CSS = """@page { @bottom-right { content: none !important; } }
.toc a::after { content: leader(".") attr(data-pagina) !important; }"""
FOOTER_CSS = """@page { @top-left { content: none !important; } @top-right { content: none !important; }
  @bottom-right { content: string(voet) !important; } }
.voet { break-before: page !important; string-set: voet attr(data-voet) !important; }"""
# The footer as report.css words it for a report laid out as one document; the title page has none.
FOOTER_TEXT = "pagina {page} van {pages}"
FOOTER_PAGES = 250  # footers laid out at a time, to keep their memory small too


def split_parts(html: str, size: int | None = None) -> list[str]:
    """The report's HTML as documents of their own, each starting on a new page: the title
    page and letter, the table of contents, then the rest in parts of some PART_SIZE
    characters (`size`). HTML without the marks stays one part."""
    size = PART_SIZE if size is None else size
    if BEGIN_MARK not in html or PART_MARK not in html:
        return [html]
    opening = html[: html.index(BEGIN_MARK)]
    front, *chunks = html.split(PART_MARK)
    groups: list[str] = []
    for chunk in chunks:  # consecutive chunks together, so that no part is very small
        if groups and len(groups[-1]) < size and TOC_MARK not in groups[-1] + chunk:
            groups[-1] += chunk
        else:
            groups.append(chunk)
    closing = "</main></body></html>"
    parts = [front + closing] + [opening + "<main>" + group + closing for group in groups[:-1]]
    return parts + [opening + "<main>" + groups[-1]] if groups else parts


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _link_across(html: str, own: set[str], elsewhere: set[str]) -> str:
    """Links to anchors in other parts become `gbvs-deel:` links, which pdfjoin turns back."""
    return re.sub(
        r'href="#([^"]+)"',
        lambda m: f'href="{LINK_SCHEME}{m[1]}"' if m[1] not in own and m[1] in elsewhere else m[0],
        html,
    )


def _number_contents(html: str, numbers: dict[str, int]) -> str:
    """The page number of each entry in the table of contents, as `data-pagina`."""

    def entry(match: re.Match) -> str:
        target = match[2]
        return f'{match[1]} data-pagina="{numbers.get(target, 0)}"'

    head, toc, tail = _partition(html, TOC_MARK, "</nav>")
    return head + re.sub(r'(<a href="(?:#|' + LINK_SCHEME + r')([^"]+)")', entry, toc) + tail


def _partition(text: str, start: str, end: str) -> tuple[str, str, str]:
    begin = text.find(start)
    if begin < 0:
        return text, "", ""
    stop = text.find(end, begin)
    stop = len(text) if stop < 0 else stop
    return text[:begin], text[begin:stop], text[stop:]


def render_pdf(html: str, target: Path, fetcher=None, progress=lambda step: None) -> tuple[list[str], list[str]]:
    """Write `html` as a PDF to `target`.

    Returns the URLs that were asked for and refused, and WeasyPrint's warnings (a stylesheet
    it could not understand, say): neither is expected, so the caller reports both."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .join import join_parts

    fetcher = fetcher or asset_fetcher()
    logger, collect = logging.getLogger("weasyprint"), _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    # Layout makes millions of short-lived objects; keep the garbage collector from scanning
    # everything loaded before (submissions, templates, modules) over and over meanwhile.
    # Collect first, or garbage from the HTML stage would be frozen, and kept, with it.
    gc.collect()
    gc.freeze()
    try:
        fonts = FontConfiguration()
        stylesheets = [CSS(filename=str(FONTS_CSS), url_fetcher=fetcher, font_config=fonts)]
        part_css = [*stylesheets, CSS(string=PART_CSS, font_config=fonts)]

        def layout(text: str, css):
            document = HTML(string=text, base_url="about:blank", url_fetcher=fetcher).render(
                font_config=fonts, stylesheets=css, pdf_variant=PDF_VARIANT
            )
            _drop_attachments(document)
            return document

        def write(document, path: Path) -> None:
            document.write_pdf(path, pdf_variant=PDF_VARIANT, custom_metadata=False)

        parts = split_parts(html)
        if len(parts) == 1 or len(html) <= ONE_DOCUMENT_SIZE:  # also HTML without the marks
            document = layout(html, stylesheets)
            write(document, target)
            return fetcher.refused, _warnings(collect, fetcher)
        ids = [_ids(part) for part in parts]
        everywhere = set().union(*ids)
        with tempfile.TemporaryDirectory(prefix="gbvs-pdf-") as folder:
            files = [Path(folder) / f"deel-{i:04d}.pdf" for i in range(len(parts))]
            # The table of contents last, when the other parts show where its entries fall.
            toc = next((i for i, part in enumerate(parts) if TOC_MARK in part), None)
            order = [i for i in range(len(parts)) if i != toc] + ([] if toc is None else [toc])
            before, after = {}, {}  # anchor: page index before the contents, or counted from its end
            counts = [0] * len(parts)
            for step, i in enumerate(order, start=1):
                progress(f"PDF opmaken: deel {step} van {len(parts)}" + (" (inhoudsopgave)" if i == toc else ""))
                text = _link_across(parts[i], ids[i], everywhere - ids[i])
                if i == toc:
                    document = _layout_contents(text, sum(counts[:toc]), before, after, lambda t: layout(t, part_css))
                elif toc is None or i < toc:
                    document = layout(text, part_css)
                    before |= _anchor_pages(document, start=sum(counts[:i]))
                else:
                    document = layout(text, part_css)
                    after |= _anchor_pages(document, start=sum(counts[toc + 1 : i]))
                counts[i] = len(document.pages)
                write(document, files[i])
                del document
            progress("PDF: paginanummers opmaken")
            total = sum(counts)
            head = html[: html.index("<body")]
            footer_css = [*stylesheets, CSS(string=FOOTER_CSS, font_config=fonts)]
            footers = []
            for first in range(1, total + 1, FOOTER_PAGES):
                numbers = range(first, min(first + FOOTER_PAGES, total + 1))
                text = "".join(
                    f'<div class="voet" data-voet="{FOOTER_TEXT.format(page=n, pages=total) if n > 1 else ""}"></div>'
                    for n in numbers
                )
                document = layout(f"{head}<body>{text}</body></html>", footer_css)
                if len(document.pages) != len(numbers):
                    raise RuntimeError(f"voetteksten: {len(document.pages)} pagina's, verwacht {len(numbers)}")
                footers.append(Path(folder) / f"voet-{first:05d}.pdf")
                write(document, footers[-1])
                del document
            progress("PDF: de delen samenvoegen")
            join_parts(files, footers, target, link_scheme=LINK_SCHEME)
    finally:
        gc.unfreeze()
        logger.removeHandler(collect)
        logger.propagate = propagate
    return fetcher.refused, _warnings(collect, fetcher)


def _warnings(collect: _Collect, fetcher) -> list[str]:
    return [m for m in collect.messages if not any(url in m for url in fetcher.refused)]


def _anchor_pages(document, start: int = 0) -> dict[str, int]:
    """The index of the page each anchor is on, from `start`: the first page of an element
    that runs over several pages, which has the anchor on each."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=start):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def _layout_contents(text: str, start: int, before: dict[str, int], after: dict[str, int], layout):
    """Lay out the table of contents, which begins after `start` pages, with the right page
    numbers: those after it depend on how many pages it has itself, which the numbers do not
    change. Guess, lay out, and lay out once more with what the layout says if the guess was off."""
    targets = re.findall(r'<a href="(?:#|' + LINK_SCHEME + r')([^"]+)"', _partition(text, TOC_MARK, "</nav>")[1])

    def numbers(own_pages: int, own: dict[str, int]) -> dict[str, int]:
        pages = {name: index + 1 for name, index in before.items()}
        pages |= {name: start + index + 1 for name, index in own.items()}
        pages |= {name: start + own_pages + index + 1 for name, index in after.items()}
        return {name: pages[name] for name in targets if name in pages}

    guess = numbers(1 + text.count("<li") // 40, {})  # some 40 entries a page
    for _ in range(4):
        document = layout(_number_contents(text, guess))
        actual = numbers(len(document.pages), _anchor_pages(document))
        if actual == guess:
            return document
        guess = actual
    raise RuntimeError("de inhoudsopgave krijgt geen vaste paginanummers")


def _drop_attachments(document) -> None:
    """A report embeds no files, whatever its HTML says (`<a rel=attachment>`, `<link rel=attachment>`)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
