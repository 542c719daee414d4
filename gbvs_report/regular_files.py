"""Reading a file of the workspace: only a regular file, never a link (not even to a file
inside the workspace), a folder, a named pipe, a device or a socket, never waiting on one, and
never more than a submission can honestly be. Every refusal is a located finding."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .codes import Y001, Y014, Y018, Y019
from .diagnostics import Diagnostic, Rule, diagnostic
from .oserrors import reason

MAX_BYTES = 1_000_000
"""A submission is a few kilobytes; a megabyte is far beyond any honest file."""


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # the last part of the path is never a link that is followed
    | getattr(os, "O_NONBLOCK", 0)  # a named pipe never makes the open wait for a writer
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotAFile(OSError):
    """The path is a link or not a regular file; `rule` and `kind` say which, in Dutch."""

    def __init__(self, rule: Rule, kind: str) -> None:
        super().__init__(kind)
        self.rule = rule
        self.kind = kind


def _kind(mode: int) -> str | None:
    """What a file is, in Dutch, when it is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "een koppeling (symbolische link)"
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    return "geen gewoon bestand"


def _refusal(mode: int) -> NotAFile | None:
    kind = _kind(mode)
    if kind is None:
        return None
    return NotAFile(Y019 if stat.S_ISLNK(mode) else Y018, kind)


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading in binary: never a link (not even to a file inside the
    workspace), never a folder, pipe, device or socket, and never waiting on one.

    Raises `NotAFile` for what is not a regular file, `OSError` for what cannot be opened.
    """
    refused = _refusal(os.lstat(path).st_mode)
    if refused is not None:
        raise refused
    fd = os.open(path, _OPEN_FLAGS)
    try:
        refused = _refusal(os.fstat(fd).st_mode)  # replaced between the look and the open
        if refused is not None:
            raise refused
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def boundary_finding(path: Path, name: str) -> Diagnostic | None:
    """The finding for a path that is a link or not a regular file; None for a regular file or
    a path that does not exist (opening it says why)."""
    try:
        refused = _refusal(os.lstat(path).st_mode)
    except OSError:
        return None
    return _not_a_file(refused, name) if refused is not None else None


def _not_a_file(refused: NotAFile, name: str) -> Diagnostic:
    if refused.rule is Y019:
        return diagnostic(
            Y019,
            "het bestand is een koppeling (symbolische link); gbvs volgt geen koppelingen",
            name,
            hint="Zet het bestand zelf op deze plaats in de werkmap, niet een koppeling ernaar.",
        )
    return diagnostic(
        Y018,
        f"dit is geen gewoon bestand maar {refused.kind}; het wordt niet geopend",
        name,
        hint="Een aanlevering, instellingen, catalogus of sjabloon is een gewoon tekstbestand; "
        "verwijder of hernoem wat hier staat.",
    )


def read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file, or None with the finding why not (a link, not a regular
    file, unreadable, or too large)."""
    try:
        with open_regular(path) as handle:
            raw = handle.read(MAX_BYTES + 1)
    except NotAFile as refused:
        return None, [_not_a_file(refused, name)]
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link put there after the look
            return None, [_not_a_file(NotAFile(Y019, "een koppeling"), name)]
        return None, [diagnostic(Y001, f"bestand kan niet worden gelezen: {reason(exc)}", name)]
    if len(raw) > MAX_BYTES:
        return None, [
            diagnostic(
                Y014,
                f"het bestand is groter dan {MAX_BYTES // 1000} kB",
                name,
                1,
                1,
                hint="Een aanlevering is een paar kilobyte; is dit het goede bestand?",
            )
        ]
    return raw, []
