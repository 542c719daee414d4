"""A cache of laid-out parts, so that a re-render lays out only what changed.

An entry is one laid-out document (a part of the report, the table of contents, a run of
footers), found by a key: the SHA-256 of everything that shapes it (see `environment` and
`PartCache.key`). Every entry is one file, `<key>.deel`, in a folder named by the key's first
two characters:

    GBVS-DEEL 2\\n
    {"anchors": ..., "key": "...", "mac": "...", "pages": 12, "size": 123456, ...}\\n
    %PDF-1.7 ... (the part's PDF, `size` bytes)

The JSON line holds what the rest of the layout needs besides the PDF (the page count, the
page of each anchor, WeasyPrint's warnings and refused URLs), the key, and `mac`: an HMAC
(SHA-256) of the rest of that line and the PDF, with a secret that only this cache holds (the
file `sleutel`, made once, readable by its owner only). So an entry says for which inputs it
was laid out, and nobody who cannot read the secret can write one that passes: not another
local user, not an entry moved to another key's place, not a file copied from elsewhere.

What goes into a report comes from the cache only when the cache is private (`open_cache`):
the cache folder and each folder in it are real folders (never a link), owned by the user and
writable by nobody else, and no link leads to the cache folder on the way there (but one that
only the system manager can change, such as /home on some systems). Otherwise the cache is
not used at all, and the caller shows the one line that says why.

Every file is opened relative to a folder already checked, never following a link, never
waiting (a pipe does not block), and read only when it is a regular file of the user's, up to
a bound. An entry that does not read back whole and exactly as written (a truncated file,
garbage, a MAC that does not match, metadata of an unexpected shape) is a miss, and laid out
again. An entry is written to a temporary file in its folder and renamed into place, so that a
reader sees either no entry or a whole one, also with two runs at once. The cache is bounded:
when it holds more than its limit, the entries used longest ago (by modification time, set
again on every use) go first; eviction removes nothing but entries and stale temporary files
of its own, in its own folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..oserrors import reason
from .private import Untrusted, check_the_way, make_folders, open_private, open_root, read_regular, secret_of

MAGIC = b"GBVS-DEEL 2\n"
SUFFIX = ".deel"
LIMIT_MB = 500  # the cache's size bound; GBVS_CACHE_MB overrides it
ENTRY_MAX = 256 * 1024 * 1024  # no part is this large: a larger file is not read
STALE_TEMP_S = 3600  # a temporary file this old was left by a run that died
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.deel")
_TEMP_NAME = re.compile(r"\.tmp-[0-9a-z_]{8,32}\.deel")
_FOLDER_NAME = re.compile(r"[0-9a-f]{2}")
_META_KEYS = {"anchors", "key", "mac", "pages", "refused", "size", "warnings"}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def cache_root() -> Path:
    """`$XDG_CACHE_HOME/gbvs`, by default `~/.cache/gbvs`."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "gbvs"


def cache_limit() -> tuple[int, str | None]:
    """The cache's size bound in bytes (GBVS_CACHE_MB megabytes, by default LIMIT_MB), and a
    Dutch line when GBVS_CACHE_MB holds no usable number (the default is used then)."""
    text = os.environ.get("GBVS_CACHE_MB")
    if text is None or not text.strip():
        return LIMIT_MB * 1024 * 1024, None
    try:
        megabytes = float(text.strip().replace(",", "."))
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes < 0:
        shown = text.strip()[:40].encode("unicode_escape").decode("ascii")
        return LIMIT_MB * 1024 * 1024, (
            f"GBVS_CACHE_MB='{shown}' is geen aantal megabytes (een getal van 0 of meer); "
            f"de cache van opgemaakte delen houdt zich aan {LIMIT_MB} MB"
        )
    return min(int(megabytes * 1024 * 1024), sys.maxsize), None


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
    meta: dict  # pages, anchors, warnings, refused


@dataclass(frozen=True)
class PartCache:
    """The private cache in `root`, at most `limit` bytes, its entries signed with `secret`.
    Made by `open_cache`, which checks that the cache is private. Picklable: worker processes
    write to it."""

    root: Path
    limit: int
    secret: bytes = field(repr=False)

    @staticmethod
    def key(environment: str, kind: str, text: str) -> str:
        digest = hashlib.sha256()
        for part in (environment, kind, text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> Entry | None:
        """The entry for `key` when there is a whole one this cache wrote for that key; None
        otherwise (never a damaged, foreign or misplaced one, never a traceback)."""
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            return None
        name = f"{key}{SUFFIX}"
        try:
            with self._folder(key[:2], create=False) as folder:
                data = _read_entry(name, folder)
                entry = None if data is None else _parse(data, key, self.secret)
                if entry is None:
                    with contextlib.suppress(OSError):
                        os.unlink(name, dir_fd=folder)  # damaged: laid out again, and written anew
                    return None
                with contextlib.suppress(OSError):
                    os.utime(name, dir_fd=folder, follow_symlinks=False)  # used now: evicted last
                return entry
        except (OSError, Untrusted):
            return None

    def put(self, key: str, pdf: bytes, meta: dict) -> None:
        """Store an entry atomically; a cache that cannot be written is no reason to fail."""
        if not re.fullmatch(r"[0-9a-f]{64}", key) or len(pdf) > ENTRY_MAX:
            return
        described = {
            "anchors": meta["anchors"],
            "key": key,
            "pages": meta["pages"],
            "refused": meta["refused"],
            "size": len(pdf),
            "warnings": meta["warnings"],
        }
        described["mac"] = _mac(self.secret, described, pdf)
        header = json.dumps(described, sort_keys=True, ensure_ascii=True).encode() + b"\n"
        temp = f".tmp-{secrets.token_hex(8)}{SUFFIX}"
        with contextlib.suppress(OSError, Untrusted), self._folder(key[:2], create=True) as folder:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
            fd = os.open(temp, flags, 0o600, dir_fd=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(MAGIC + header + pdf)
                os.rename(temp, f"{key}{SUFFIX}", src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp, dir_fd=folder)
                raise

    def evict(self) -> int:
        """Remove the entries used longest ago until the cache is within its limit, and
        temporary files left by runs that died; the number of bytes removed. Only files of the
        cache's own kind, in its own folders, are ever removed."""
        entries: list[tuple[float, str, str, int]] = []
        total, removed, now = 0, 0, time.time()
        try:
            with open_root(self.root) as root:
                names = [name for name in os.listdir(root) if _FOLDER_NAME.fullmatch(name)]
        except (OSError, Untrusted):
            return 0
        for name in sorted(names):
            with contextlib.suppress(OSError, Untrusted), self._folder(name, create=False) as folder:
                for file in os.listdir(folder):
                    try:
                        info = os.stat(file, dir_fd=folder, follow_symlinks=False)
                    except OSError:
                        continue  # removed meanwhile, by another run
                    if not stat.S_ISREG(info.st_mode):
                        continue
                    if _TEMP_NAME.fullmatch(file):
                        if now - info.st_mtime > STALE_TEMP_S:
                            with contextlib.suppress(OSError):
                                os.unlink(file, dir_fd=folder)
                        continue
                    if _ENTRY_NAME.fullmatch(file) and file.startswith(name):
                        entries.append((info.st_mtime, name, file, info.st_size))
                        total += info.st_size
        for _, name, file, size in sorted(entries):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError, Untrusted), self._folder(name, create=False) as folder:
                os.unlink(file, dir_fd=folder)
                removed += size
            total -= size
        return removed

    @contextlib.contextmanager
    def _folder(self, name: str, *, create: bool) -> Iterator[int]:
        """The cache's folder `name`, opened and checked (a private folder of the user's)."""
        with open_root(self.root) as root:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=root)
            with open_private(name, root) as folder:
                yield folder


def open_cache(root: Path | None = None, limit: int | None = None) -> tuple[PartCache | None, list[str]]:
    """The cache of laid-out parts in `root` (by default `cache_root()`), made when it is not
    there yet, and the Dutch lines to show: why it is not used (it is then None), or that
    GBVS_CACHE_MB holds no usable number."""
    notes: list[str] = []
    if limit is None:
        limit, note = cache_limit()
        notes += [note] if note else []
    root = cache_root() if root is None else root
    try:
        check_the_way(root)
        make_folders(root)
        with open_root(root) as folder:
            secret = secret_of(folder)
    except Untrusted as exc:
        return None, [*notes, f"de cache van opgemaakte delen wordt niet gebruikt: {exc}"]
    except OSError as exc:
        where = exc.filename or root
        return None, [*notes, f"de cache van opgemaakte delen wordt niet gebruikt: {where}: {reason(exc)}"]
    return PartCache(root, limit, secret), notes


def _read_entry(name: str, folder: int) -> bytes | None:
    try:
        return read_regular(name, folder, ENTRY_MAX)
    except FileNotFoundError:
        return None


def _mac(secret: bytes, meta: dict, pdf: bytes) -> str:
    """The HMAC of the metadata (but the MAC itself; the key among it) and the PDF."""
    described = json.dumps({k: v for k, v in meta.items() if k != "mac"}, sort_keys=True, ensure_ascii=True)
    return hmac.new(secret, described.encode() + b"\n" + pdf, hashlib.sha256).hexdigest()


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _parse(data: bytes, key: str, secret: bytes) -> Entry | None:
    """The entry in `data` when it is whole, signed with `secret`, for `key`, and of the shape
    the layout expects; None for anything else."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        meta = json.loads(data[len(MAGIC) : end])
    except (ValueError, RecursionError):
        return None
    pdf = data[end + 1 :]
    if not isinstance(meta, dict) or set(meta) != _META_KEYS or not isinstance(meta["mac"], str):
        return None
    if meta["key"] != key or meta["size"] != len(pdf) or type(meta["size"]) is not int:
        return None
    if not hmac.compare_digest(meta["mac"], _mac(secret, meta, pdf)):
        return None
    pages, anchors = meta["pages"], meta["anchors"]
    if (
        type(pages) is not int
        or pages < 1
        or not isinstance(anchors, dict)
        or not all(type(page) is int and 0 <= page < pages for page in anchors.values())
        or not all(_texts(meta[name]) for name in ("warnings", "refused"))
        or not pdf.startswith(b"%PDF-")
    ):
        return None
    return Entry(pdf, {"pages": pages, "anchors": anchors, "warnings": meta["warnings"], "refused": meta["refused"]})
