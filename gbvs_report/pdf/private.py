"""A folder of the user's alone, and the files in it, reached without ever following a link.

The cache of laid-out parts (cache.py) trusts what it reads only from such a folder: every folder
on the way there is no link (but one in / that only the system manager can change, such as /home
on some systems), and the folder itself and each folder opened in it is a real folder, owned by
the user and writable by nobody else. Each is opened without following a link and checked on the
open descriptor, and everything in it is opened relative to that descriptor, so nothing can be
swapped between the check and the use. A file is read only when it is a regular file of the
user's, without waiting (a pipe does not block) and up to a bound.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

SECRET = "sleutel"  # a private folder's own secret
SECRET_SIZE = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Untrusted(Exception):
    """The cache is not private; the message says why, in Dutch."""


def check_the_way(root: Path) -> None:
    """No link leads to `root`, and `root` is none, but a link in / that only the system manager
    can change (/home or /var on some systems)."""
    if not _NOFOLLOW or not hasattr(os, "geteuid"):
        raise Untrusted("op dit systeem kan gbvs niet nagaan dat de map alleen van u is")
    if not root.is_absolute():
        raise Untrusted(f"{root} is geen absoluut pad")
    way = [*reversed(root.parents[:-1]), root]  # without "/" itself
    for step in way:
        try:
            info = os.lstat(step)
        except FileNotFoundError:
            return  # made by make_folders
        if stat.S_ISLNK(info.st_mode) and not (step.parent == Path(step.anchor) and info.st_uid == 0 and step != root):
            raise Untrusted(
                f"{step} is een koppeling (symbolische link); gbvs gebruikt alleen een cache die het zonder "
                "koppelingen bereikt (zet XDG_CACHE_HOME op de map zelf)"
            )


def make_folders(root: Path) -> None:
    """The folders up to `root` that are not there yet, each for the user alone (whatever the
    umask: XDG asks 0700 for the cache folder)."""
    missing = []
    for step in [root, *root.parents]:
        if os.path.lexists(step):
            break
        missing.append(step)
    for step in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(step, 0o700)


@contextlib.contextmanager
def open_root(root: Path) -> Iterator[int]:
    with open_private(str(root), None) as folder:
        yield folder


@contextlib.contextmanager
def open_private(name: str, parent: int | None) -> Iterator[int]:
    """A folder opened without following a link, when it is the user's alone."""
    try:
        fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except OSError as exc:
        shown = name if parent is None else f"de map {name} erin"
        if exc.errno == errno.ELOOP:
            raise Untrusted(f"{shown} is een koppeling (symbolische link)") from None
        raise
    try:
        info = os.fstat(fd)
        shown = name if parent is None else f"de map {name} erin"
        if not stat.S_ISDIR(info.st_mode):
            raise Untrusted(f"{shown} is geen map")
        if info.st_uid != os.geteuid():
            raise Untrusted(f"{shown} is van een andere gebruiker (nummer {info.st_uid})")
        if info.st_mode & 0o022:
            raise Untrusted(
                f"ook anderen kunnen in {shown} schrijven (rechten {stat.S_IMODE(info.st_mode):o}); "
                f"maak hem privé met: chmod go-w {shown}, of verwijder hem"
            )
        yield fd
    finally:
        os.close(fd)


def secret_of(root: int) -> bytes:
    """The cache's secret: read when it is there and whole, else made anew (a new secret makes
    every entry signed with the old one a miss)."""
    try:
        data = read_regular(SECRET, root, SECRET_SIZE, private=True)
    except FileNotFoundError:
        data = None
    if data is not None and len(data) == SECRET_SIZE:
        return data
    made = secrets.token_bytes(SECRET_SIZE)
    temp = f".tmp-{secrets.token_hex(8)}.sleutel"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=root)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(made)
        if data is None:
            try:
                os.link(temp, SECRET, src_dir_fd=root, dst_dir_fd=root, follow_symlinks=False)
            except FileExistsError:  # another run made it meanwhile: use that one
                return secret_of(root)
        else:
            os.rename(temp, SECRET, src_dir_fd=root, dst_dir_fd=root)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=root)
    return made


def read_regular(name: str, folder: int, limit: int, *, private: bool = False) -> bytes | None:
    """The bytes of the regular file `name` in `folder` when it is the user's and at most
    `limit` bytes; None for anything else (a link, a pipe, a device, a larger file). Never
    follows a link, never waits."""
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=folder)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_size > limit
            or (private and info.st_mode & 0o077)
        ):
            return None
        chunks, size = [], 0
        while size <= info.st_size:
            chunk = os.read(fd, min(info.st_size + 1 - size, 1 << 20) or 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size == info.st_size else None  # changed while read: not whole
    finally:
        os.close(fd)
