"""Stage 5b, PDF: lay the report's HTML out as an A4 PDF with WeasyPrint.

WeasyPrint is imported here and only here, inside the function: `gbvs --help` and
`gbvs validate` must not pay for it. The HTML is untrusted in the sense that its text comes
from submissions, so WeasyPrint gets a URL fetcher that fetches nothing but inline `data:`
URLs the report itself wrote: no files, no network, no redirects.
"""

from __future__ import annotations

import logging
from pathlib import Path


class RefusedURL(ValueError):
    """A resource the report did not put there itself."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, target: Path) -> tuple[list[str], list[str]]:
    """Write `html` as a PDF to `target`.

    Returns the URLs that were asked for and refused, and WeasyPrint's warnings (a stylesheet
    it could not understand, say): neither is expected, so the caller reports both."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    refused: list[str] = []

    class ReportOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                refused.append(url)
                raise RefusedURL(f"niet toegestaan: {url}")
            return super().fetch(url, headers)

    logger, collect = logging.getLogger("weasyprint"), _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        document = HTML(string=html, base_url="about:blank", url_fetcher=ReportOnlyFetcher())
        document.write_pdf(target, pdf_variant="pdf/ua-1", custom_metadata=False)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    warnings = [m for m in collect.messages if not any(url in m for url in refused)]
    return refused, warnings
