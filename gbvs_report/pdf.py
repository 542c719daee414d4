"""Stage 5b, PDF: lay the report's HTML out as a tagged A4 PDF (PDF/UA-1) with WeasyPrint.

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
from pathlib import Path
from urllib.parse import unquote, urlsplit

ASSETS = Path(__file__).parent / "assets"
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
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type or "application/octet-stream"})

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


def render_pdf(html: str, target: Path, fetcher=None) -> tuple[list[str], list[str]]:
    """Write `html` as a PDF to `target`.

    Returns the URLs that were asked for and refused, and WeasyPrint's warnings (a stylesheet
    it could not understand, say): neither is expected, so the caller reports both."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

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
        stylesheet = CSS(filename=str(FONTS_CSS), url_fetcher=fetcher, font_config=fonts)
        document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
        _drop_attachments(document)
        document.write_pdf(target, pdf_variant=PDF_VARIANT, custom_metadata=False)
    finally:
        gc.unfreeze()
        logger.removeHandler(collect)
        logger.propagate = propagate
    warnings = [m for m in collect.messages if not any(url in m for url in fetcher.refused)]
    return fetcher.refused, warnings


def _drop_attachments(document) -> None:
    """A report embeds no files, whatever its HTML says (`<a rel=attachment>`, `<link rel=attachment>`)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
