"""What WeasyPrint may fetch while it lays the report out: the report's own assets (the shipped
fonts) and inline `data:` URLs, nothing else: no other files, no network, no redirects. The
HTML's text comes from submissions and is untrusted. The fonts ship with the package, so that
the PDF looks the same on every machine."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
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


def asset_fetcher(root: Path = ASSETS) -> Any:
    """A fresh WeasyPrint URL fetcher that serves only `root` and `data:` URLs."""
    return _fetcher_class()(root)
