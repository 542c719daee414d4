"""Load: read a YAML file into plain data and keep the way back to line and column.

A clean file costs one fast parse: libyaml (ruamel.yaml.clib) composes the node tree, which
carries every node's line and column, and the builder in `yaml_nodes.py` turns those nodes
into plain Python data, noting the line and column of every value on the way, so that a
finding is located at any later stage without reading or parsing the file again.

Hostile files are refused before anything can blow up: a size limit on the bytes (and only a
regular file is read, `regular_files.py`), and a cheap look at the text decides whether a
second, event-level scan is needed (only when the text could hold anchors, aliases, tags or
deep nesting). libyaml's composer recurses in C and crashes the interpreter on very deep
nesting, so nothing deep ever reaches it. After a syntax error the broken lines are set aside
and the rest is read (`yaml_recovery.py`), so that one mistake hides no other.
Every way a file can fail to load becomes a located `Diagnostic`, never an exception.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from .codes import Y002, Y005, Y010, Y011, Y012, Y015
from .diagnostics import Diagnostic, diagnostic
from .dutch import words
from .regular_files import MAX_BYTES, NotAFile, boundary_finding, open_regular, read_bytes
from .yaml_errors import reader_error, syntax_error, syntax_errors
from .yaml_nodes import MAX_DEPTH, TAG, TOO_DEEP, TOO_DEEP_HINT, Builder, Composer, Parser, PathPart, Positions
from .yaml_recovery import Recovery, recover

__all__ = [
    "MAX_BYTES",
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
    "value_at",
]

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
    set_aside: dict[int, int] = field(default_factory=dict)
    """After a syntax error: each line (1-based) that was set aside to read the rest of the file,
    with the line of the syntax error it was set aside for. Such a document is not the file's
    content, only what the rest of the file says; it never becomes a submission."""
    three_decimals: dict[tuple[PathPart, ...], str] = field(default_factory=dict, repr=False)
    """Numbers written with exactly three decimals (`12.650`), as written: maybe a Dutch thousand."""
    comma_joined: set[tuple[PathPart, ...]] = field(default_factory=set, repr=False)
    """Values a decimal comma split inside `{...}`, read back as the text that was written."""

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


def value_at(data: Any, path: tuple[PathPart, ...]) -> Any:
    """The value at `path` in plain data, or None where the path cannot be followed."""
    for part in path:
        inside = isinstance(data, dict) and part in data
        inside = inside or (isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if not inside:
            return None
        data = data[part]
    return data


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


class _Refused(Exception):
    """The text holds what a submission may not (anchors, tags, deep nesting): the findings."""

    def __init__(self, findings: list[Diagnostic]) -> None:
        super().__init__("refused")
        self.findings = findings


def _compose(text: str, name: str) -> Any:
    """libyaml's node tree of `text`, after refusing what is unsafe; raises `YAMLError` at a
    syntax error and `_Refused` with the findings for a hostile text."""
    if _needs_scan(text):
        refused = _scan(text, name)
        if refused:
            raise _Refused(refused)
    return Composer(text).get_single_node()


def parse_text(text: str, path: Path, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text into a `Document`; refuse what is unsafe or not plain data.

    After a syntax error the broken lines are set aside and the rest is read
    (`yaml_recovery`), so that the document still shows the later mistakes; such a document
    says which lines it is without (`Document.set_aside`).
    """
    recovered: Recovery | None = None
    try:
        root = _compose(text, name)
    except _Refused as refused:
        return None, refused.findings
    except YAMLError as exc:
        first = syntax_errors(exc, name, text) if isinstance(exc, MarkedYAMLError) else [reader_error(exc, name, text)]
        try:
            recovered = recover(text, exc, lambda t: _compose(t, name), lambda e: _syntax_finding(e, name, text).line)
        except _Refused as refused:
            return None, first + refused.findings
        if recovered is None:
            return None, [replace(first[0], hint=f"{first[0].hint} {_NOT_RECOVERED}".strip()), *first[1:]]
        root = recovered.root
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
    findings = builder.findings
    set_aside: dict[int, int] = {}
    if recovered is not None:
        set_aside = recovered.set_aside
        findings = _syntax_findings(recovered, name, text) + findings
    doc = Document(
        path,
        text,
        data,
        builder.positions,
        builder.key_positions,
        findings,
        builder.reported,
        name,
        set_aside=set_aside,
        three_decimals=builder.three_decimals,
        comma_joined=builder.comma_joined,
    )
    return doc, list(findings)


_NOT_RECOVERED = "Door deze fout is de rest van het bestand niet gecontroleerd."


def _syntax_findings(recovered: Recovery, name: str, text: str) -> list[Diagnostic]:
    """Every syntax error recovery met, the first with the lines it set aside for the rest of
    the check, each later one marked as possibly following from the one before it."""
    found: list[Diagnostic] = []
    seen: set[tuple[int, str]] = set()
    for n, error in enumerate(recovered.errors):
        if isinstance(error, MarkedYAMLError) and n == 0:
            these = syntax_errors(error, name, text)
        else:
            these = [_syntax_finding(error, name, text)]
        for this in these:
            if (this.line, this.code) in seen:
                continue
            seen.add((this.line, this.code))
            if n == 0 and not found:
                this = replace(this, hint=f"{this.hint} {_skipped(recovered.set_aside)}".strip())  # noqa: PLW2901
            elif n > 0:
                this = replace(this, message=f"{this.message} {consequence_of(found[0].line)}")  # noqa: PLW2901
            found.append(this)
    return found


def _syntax_finding(error: YAMLError, name: str, text: str) -> Diagnostic:
    if isinstance(error, MarkedYAMLError):
        return syntax_error(error, name, text)
    return reader_error(error, name, text)


def consequence_of(line: int) -> str:
    """The words that mark a finding as possibly following from the syntax error on `line`."""
    return f"(mogelijk een gevolg van de syntaxfout op regel {line})"


def _skipped(set_aside: dict[int, int]) -> str:
    """`Voor de rest van de controle is regel 6 overgeslagen.`, with runs of lines as ranges."""
    runs: list[list[int]] = []
    for line in sorted(set_aside):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    if len(runs) == 1 and len(runs[0]) == 1:
        return f"Voor de rest van de controle is regel {runs[0][0]} overgeslagen."
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]} tot en met {r[-1]}" for r in runs]
    return f"Voor de rest van de controle zijn de regels {words(parts)} overgeslagen."


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
