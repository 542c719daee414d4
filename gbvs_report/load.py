"""Load: read a YAML file into plain data and keep the way back to line and column.

A clean file costs one fast parse: libyaml (ruamel.yaml.clib) composes the node tree, which
carries every node's line and column, and the builder in `yaml_nodes.py` turns those nodes
into plain Python data, noting the line and column of every value on the way, so that a
finding is located at any later stage without reading or parsing the file again.

Hostile files are refused before anything can blow up: a size limit on the bytes, and a
cheap look at the text decides whether a second, event-level scan is needed (only when the
text could hold anchors, aliases, tags or deep nesting). libyaml's composer recurses in C
and crashes the interpreter on very deep nesting, so nothing deep ever reaches it.
Every way a file can fail to load becomes a located `Diagnostic`, never an exception.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from .codes import Y001, Y002, Y005, Y010, Y011, Y012, Y014, Y015, Y018, Y019
from .diagnostics import Diagnostic, Rule, diagnostic
from .oserrors import reason
from .yaml_errors import reader_error, syntax_errors
from .yaml_nodes import MAX_DEPTH, TAG, TOO_DEEP, TOO_DEEP_HINT, Builder, Composer, Parser, PathPart, Positions

__all__ = [
    "MAX_DEPTH",
    "Document",
    "NotAFile",
    "PathPart",
    "boundary_finding",
    "load_document",
    "locate",
    "open_regular",
    "parse_bytes",
    "read_bytes",
]

MAX_BYTES = 1_000_000
"""A submission is a few kilobytes; a megabyte is far beyond any honest file."""
_COMPOSE_SAFE = 2000
"""libyaml's composer recurses in C and crashes the process somewhere near 30 000 levels; a
text that could nest deeper than this goes through the (non-recursive) event scan first."""
_MAX_REFUSALS = 20
# Anchors and tags stand where a node starts: at the start of a line, or after an indicator
# (: - ? [ { ,). A text without such a place holds none, and without an anchor no alias can
# resolve (an alias to nothing is a syntax error). Markdown's '**' therefore costs nothing.
_SUSPECT = re.compile(r"(?:^|[:?\[{,-])[ \t]*[&!]", re.M)


@dataclass
class Document:
    """A loaded YAML file: its plain data, the position of every value, and what loading found.

    The positions are recorded while the data is built from libyaml's node tree, so that a
    finding is located, at any later stage, without reading or parsing the file again.
    """

    path: Path
    text: str
    data: Any
    positions: Positions = field(default_factory=dict, repr=False)
    """1-based (line, column) of every value, by its path in the data."""
    key_positions: Positions = field(default_factory=dict, repr=False)
    """1-based (line, column) of the key of every value in a mapping, by the value's path."""
    findings: list[Diagnostic] = field(default_factory=list)
    reported: set[tuple[PathPart, ...]] = field(default_factory=set)
    """Paths whose value loading already reported (an impossible date): later stages skip them."""
    display_name: str | None = None

    @property
    def display(self) -> str:
        return self.display_name or str(self.path)

    def locate(self, path: tuple[PathPart, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        When the path cannot be followed to the end (a missing key), the position of the
        deepest value that exists is returned: the mapping where the key should be.
        """
        return locate(self.positions, self.key_positions, path, key=key)


def locate(
    positions: dict[tuple[PathPart, ...], tuple[int, int]],
    key_positions: dict[tuple[PathPart, ...], tuple[int, int]],
    path: tuple[PathPart, ...],
    *,
    key: bool = False,
) -> tuple[int, int]:
    """The position of `path` in recorded positions (see `Document.locate`)."""
    if key and path in key_positions:
        return key_positions[path]
    for end in range(len(path), -1, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    return (1, 1)


def load_document(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one YAML file; return the document, or None with the findings why not.

    A document comes back with the findings that did not stop loading (a duplicate key, an
    impossible date, a BOM); they are also kept in `Document.findings`.
    """
    name = display or str(path)
    raw, findings = read_bytes(path, name)
    if raw is None:
        return None, findings
    return parse_bytes(raw, path, name)


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


def parse_bytes(raw: bytes, path: Path, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Decode (UTF-8, a BOM noted) and parse the bytes of a file."""
    early: list[Diagnostic] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        early.append(
            diagnostic(
                Y010,
                "het bestand begint met een BOM (byte order mark)",
                name,
                1,
                1,
                hint="Sla het bestand op als UTF-8 zonder BOM.",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            diagnostic(
                Y002,
                f"byte 0x{raw[exc.start]:02x} is geen geldige UTF-8-tekst",
                name,
                line,
                column,
                hint="Sla het bestand op als UTF-8 (zonder BOM).",
            )
        ]
    doc, findings = parse_text(text, path, name)
    if doc is not None:
        doc.findings[:0] = early
    return doc, early + findings


def parse_text(text: str, path: Path, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text into a `Document`; refuse what is unsafe or not plain data."""
    try:
        if _needs_scan(text):
            refused = _scan(text, name)
            if refused:
                return None, refused
        root = Composer(text).get_single_node()
    except MarkedYAMLError as exc:
        return None, syntax_errors(exc, name, text)
    except YAMLError as exc:  # the reader refuses control characters
        return None, [reader_error(exc, name, text)]
    if root is None:
        return None, [
            diagnostic(
                Y005,
                "het bestand is leeg",
                name,
                1,
                1,
                hint="Vul het bestand aan; `gbvs schema` toont welke velden er horen.",
            )
        ]
    builder = Builder(name)
    data = builder.build(root, ())
    if builder.too_deep:
        return None, list(builder.findings)
    doc = Document(path, text, data, builder.positions, builder.key_positions, builder.findings, builder.reported, name)
    return doc, list(builder.findings)


def _needs_scan(text: str) -> bool:
    """Could the text hold an anchor, alias or tag, or nest too deep to compose safely?

    A cheap upper bound: block nesting can only deepen by moving right on a line, at most one
    level per indicator or space; flow nesting at most once per bracket.
    """
    if ("&" in text or "!" in text) and _SUSPECT.search(text):
        return True
    room = _COMPOSE_SAFE - 2 - text.count("[") - text.count("{")
    if room < 0:
        return True
    return _deep_prefix(room // 2 + 1).search("\n" + text) is not None


@functools.cache
def _deep_prefix(length: int) -> re.Pattern[str]:
    """A line that starts with at least `length` characters of indentation and block indicators."""
    return re.compile(rf"\n[ \t?:-]{{{length}}}")


def _scan(text: str, name: str) -> list[Diagnostic]:
    """Walk libyaml's events (which does not recurse) and refuse anchors, aliases, tags and
    deep nesting, each at its own position."""
    parser = Parser(text)
    found: list[Diagnostic] = []
    depth = 0
    while parser.check_event() and len(found) < _MAX_REFUSALS:
        event = parser.get_event()
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, AliasEvent):
            found.append(
                diagnostic(
                    Y011,
                    f"verwijzing '*{event.anchor}' is niet toegestaan",
                    name,
                    line,
                    column,
                    hint="Schrijf de waarde voluit in plaats van naar een anker te verwijzen.",
                )
            )
            continue
        if isinstance(event, NodeEvent) and event.anchor is not None:
            found.append(
                diagnostic(
                    Y011,
                    f"anker '&{event.anchor}' is niet toegestaan",
                    name,
                    line,
                    column,
                    hint="Verwijder het anker en schrijf waarden voluit.",
                )
            )
        explicit = getattr(event, "tag", None) if isinstance(event, NodeEvent) else None
        if explicit is not None:
            tag = "!!" + explicit[len(TAG) :] if explicit.startswith(TAG) else explicit
            found.append(
                diagnostic(
                    Y012,
                    f"expliciete tag '{tag}' is niet toegestaan",
                    name,
                    line,
                    column,
                    hint="Verwijder de tag; zet tekst zo nodig tussen aanhalingstekens.",
                )
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                found.append(diagnostic(Y015, TOO_DEEP, name, line, column, hint=TOO_DEEP_HINT))
                break
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return found
