"""A cache of laid-out parts, so that a re-render lays out only what changed.

An entry is one laid-out document (a part of the report, the table of contents, a run of
footers), found by a key: the SHA-256 of everything that shapes it (see `environment` and
`PartCache.key`). Every entry is one file, `<key>.deel`:

    GBVS-DEEL 1\\n
    {"anchors": ..., "pages": 12, "sha256": "...", "size": 123456, ...}\\n
    %PDF-1.7 ... (the part's PDF, `size` bytes)

The JSON line holds what the rest of the layout needs besides the PDF (the page count, the
page of each anchor, WeasyPrint's warnings and refused URLs) and a checksum of that line and
the PDF bytes.
An entry is written to a temporary file in the cache folder and renamed into place, so that
a reader sees either no entry or a whole one, also with two runs at once; an entry that does
not read back whole (a truncated file, garbage, a checksum that does not match) is a miss,
and laid out again. The cache is bounded: when it holds more than its limit, the entries
used longest ago (by modification time, set again on every use) go first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"GBVS-DEEL 1\n"
SUFFIX = ".deel"
LIMIT_MB = 500  # the cache's size bound; GBVS_CACHE_MB overrides it
STALE_TEMP_S = 3600  # a temporary file this old was left by a run that died


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/gbvs`, by default `~/.cache/gbvs`."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "gbvs"


def cache_limit() -> int:
    """The cache's size bound in bytes."""
    try:
        return int(float(os.environ.get("GBVS_CACHE_MB", LIMIT_MB)) * 1024 * 1024)
    except ValueError:
        return LIMIT_MB * 1024 * 1024


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _libraries() -> list[str]:
    """The text libraries WeasyPrint lays out with (Pango, HarfBuzz, fontconfig), as the files
    they load from, which name their versions: another version may break lines elsewhere."""
    import ctypes

    names = ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1")
    for name in names:
        with contextlib.suppress(OSError):
            ctypes.CDLL(name)
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    found = set()
    for path in re.findall(r"(/\S+\.so[.\d]*)$", maps, re.M):
        if any(Path(path).name.startswith(name.split(".so")[0] + ".so") for name in names):
            with contextlib.suppress(OSError):
                found.add(f"{os.path.realpath(path)}:{os.stat(path).st_size}")
    return sorted(found)


def environment(fonts_css: Path, options: dict) -> str:
    """The digest of everything outside a part's own HTML that shapes its layout: the versions
    of gbvs, WeasyPrint and what it writes PDF with, the text libraries, fonts.css and the
    font files, and the PDF options."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import package_version

    versions = {"gbvs": package_version()}
    for package in ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = ""
    fonts = {p.name: _digest(p) for p in sorted(fonts_css.parent.iterdir()) if p.suffix in (".ttf", ".otf", ".woff2")}
    described = {
        "format": MAGIC.decode().strip(),
        "versions": versions,
        "libraries": _libraries(),
        "fonts.css": _digest(fonts_css),
        "fonts": fonts,
        "options": options,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    pdf: bytes
    meta: dict


@dataclass(frozen=True)
class PartCache:
    """The cache in `root`, at most `limit` bytes. Picklable: worker processes write to it."""

    root: Path
    limit: int

    @staticmethod
    def key(environment: str, kind: str, text: str) -> str:
        digest = hashlib.sha256()
        for field in (environment, kind, text):
            data = field.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> Entry | None:
        """The entry for `key` when there is a whole one; None otherwise (never a damaged one)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        entry = _parse(data)
        if entry is None or entry.meta.get("key") != key:
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: laid out again, and written anew
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: evicted last
        return entry

    def put(self, key: str, pdf: bytes, meta: dict) -> None:
        """Store an entry atomically; a cache that cannot be written is no reason to fail."""
        meta = {**meta, "key": key, "size": len(pdf)}
        meta["sha256"] = _checksum(meta, pdf)
        header = json.dumps(meta, sort_keys=True, ensure_ascii=True).encode() + b"\n"
        path = self.path(key)
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + header + pdf)
            os.replace(temp, path)
        except OSError:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    def evict(self) -> int:
        """Remove the entries used longest ago until the cache is within its limit, and
        temporary files left by runs that died; the number of bytes removed."""
        entries, total, removed, now = [], 0, 0, time.time()
        try:
            folders = [d for d in self.root.iterdir() if d.is_dir()]
        except OSError:
            return 0
        for folder in folders:
            with contextlib.suppress(OSError):
                for path in folder.iterdir():
                    try:
                        stat = path.stat()
                    except OSError:
                        continue  # removed meanwhile, by another run
                    if path.name.startswith(".tmp-"):
                        if now - stat.st_mtime > STALE_TEMP_S:
                            with contextlib.suppress(OSError):
                                path.unlink()
                        continue
                    if path.suffix == SUFFIX:
                        entries.append((stat.st_mtime, path.name, path, stat.st_size))
                        total += stat.st_size
        for _, _, path, size in sorted(entries):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                removed += size
            total -= size
        return removed


def _checksum(meta: dict, pdf: bytes) -> str:
    """The SHA-256 of the metadata (but the checksum itself) and the PDF: neither may change."""
    described = json.dumps({k: v for k, v in meta.items() if k != "sha256"}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(described.encode() + b"\n" + pdf).hexdigest()


def _parse(data: bytes) -> Entry | None:
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        meta = json.loads(data[len(MAGIC) : end])
    except ValueError:
        return None
    pdf = data[end + 1 :]
    if (
        not isinstance(meta, dict)
        or meta.get("size") != len(pdf)
        or meta.get("sha256") != _checksum(meta, pdf)
        or not isinstance(meta.get("pages"), int)
        or not isinstance(meta.get("anchors"), dict)
    ):
        return None
    return Entry(pdf, meta)
