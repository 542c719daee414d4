"""Stage 1, load: read a YAML file into plain data and keep the way back to line and column.

A clean file costs one fast parse: libyaml (ruamel.yaml.clib) composes the node tree, which
carries every node's line and column, and a small builder here turns those nodes into plain
Python data, noting the line and column of every value on the way, so that a finding is
located at any later stage without reading or parsing the file again.

Hostile files are refused before anything can blow up: a size limit on the bytes, and a
cheap look at the text decides whether a second, event-level scan is needed (only when the
text could hold anchors, aliases, tags or deep nesting). libyaml's composer recurses in C
and crashes the interpreter on very deep nesting, so nothing deep ever reaches it.
Every way a file can fail to load becomes a located `Diagnostic`, never an exception.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.tag import Tag

from .codes import Y001, Y002, Y004, Y005, Y006, Y010, Y011, Y012, Y013, Y014, Y015, Y016, Y017
from .diagnostics import Diagnostic, Rule, diagnostic
from .yaml_errors import reader_error, syntax_error

try:  # libyaml through ruamel.yaml.clib; the pure-Python parser where it is not available
    from ruamel.yaml.clib._ruamel_yaml import CParser as _Parser
except ImportError:  # pragma: no cover - CPython wheels always carry the C extension
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.parser import Parser
    from ruamel.yaml.reader import Reader
    from ruamel.yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text, loader=self)
            Scanner.__init__(self, loader=self)
            Parser.__init__(self, loader=self)
            Composer.__init__(self, loader=self)


PathPart = str | int

MAX_BYTES = 1_000_000
"""A submission is a few kilobytes; a megabyte is far beyond any honest file."""
MAX_DEPTH = 32
"""The nesting limit: a submission nests six levels deep."""
_TOO_DEEP = f"de gegevens zijn dieper genest dan {MAX_DEPTH} niveaus"
_TOO_DEEP_HINT = "Een aanlevering is hooguit zes niveaus diep."
_COMPOSE_SAFE = 2000
"""libyaml's composer recurses in C and crashes the process somewhere near 30 000 levels; a
text that could nest deeper than this goes through the (non-recursive) event scan first."""
_MAX_REFUSALS = 20

_TAG = "tag:yaml.org,2002:"
# One shared Tag object per resolved type: nodes are told apart by identity, which is much
# cheaper than ruamel.yaml's string conversion of tags.
_TAGS = {
    name: Tag(suffix=_TAG + name)
    for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "seq", "map")
}
_KNOWN = set(map(id, _TAGS.values()))
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MERGE = (
    _TAGS[t] for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")
)
# Anchors and tags stand where a node starts: at the start of a line, or after an indicator
# (: - ? [ { ,). A text without such a place holds none, and without an anchor no alias can
# resolve (an alias to nothing is a syntax error). Markdown's '**' therefore costs nothing.
_SUSPECT = re.compile(r"(?:^|[:?\[{,-])[ \t]*[&!]", re.M)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class _Composer(_Parser, Resolver):
    """libyaml's parser and composer with YAML 1.2 tag resolution, and nothing else."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        Resolver.__init__(self, loadumper=self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        """YAML 1.2 core schema resolution (ruamel.yaml's own rules), returning shared tags."""
        if kind is ScalarNode:
            if implicit[0]:
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = _resolve_plain(value)
                    if len(_RESOLVED) < 100_000 and len(value) < 40:  # keys and short values repeat
                        _RESOLVED[value] = tag
                return tag
            return _STR
        return _TAGS["seq"] if kind is SequenceNode else _TAGS["map"]


_IMPLICIT = Resolver.yaml_implicit_resolvers
_RESOLVED: dict[str, Tag] = {}


def _resolve_plain(value: str) -> Tag:
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return _TAGS[tag.rsplit(":", 1)[1]]
    return _STR


@dataclass
class Document:
    """A loaded YAML file: its plain data, the position of every value, and what loading found.

    The positions are recorded while the data is built from libyaml's node tree, so that a
    finding is located, at any later stage, without reading or parsing the file again.
    """

    path: Path
    text: str
    data: Any
    positions: dict[tuple[PathPart, ...], tuple[int, int]] = field(default_factory=dict, repr=False)
    """1-based (line, column) of every value, by its path in the data."""
    key_positions: dict[tuple[PathPart, ...], tuple[int, int]] = field(default_factory=dict, repr=False)
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


def read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a file, or None with the finding why not (unreadable, or too large)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [diagnostic(Y001, f"bestand kan niet worden gelezen: {exc.strerror or exc}", name)]
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
        root = _Composer(text).get_single_node()
    except MarkedYAMLError as exc:
        return None, [syntax_error(exc, name, text)]
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
    builder = _Builder(name)
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
    parser = _Parser(text)
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
            tag = "!!" + explicit[len(_TAG) :] if explicit.startswith(_TAG) else explicit
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
                found.append(diagnostic(Y015, _TOO_DEEP, name, line, column, hint=_TOO_DEEP_HINT))
                break
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return found


class _Builder:
    """Turn composed nodes into plain data (dict, list, str, int, float, bool, None, date),
    collecting what is wrong instead of stopping at it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Diagnostic] = []
        self.reported: set[tuple[PathPart, ...]] = set()
        self.positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
        self.key_positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
        self.too_deep = False

    def add(self, rule: Rule, message: str, node: Node, path: tuple[PathPart, ...], hint: str = "") -> None:
        mark = node.start_mark
        self.findings.append(diagnostic(rule, message, self.name, mark.line + 1, mark.column + 1, path, hint))

    def build(self, node: Node, path: tuple[PathPart, ...], depth: int = 0) -> Any:
        """Plain data for `node`; `depth` counts the collections around it."""
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        depth += 1
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.add(Y015, _TOO_DEEP, node, path, _TOO_DEEP_HINT)
                self.too_deep = True
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self.mapping(node, path, depth)

    def mapping(self, node: MappingNode, path: tuple[PathPart, ...], depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.ctag is _MERGE:
                self.add(
                    Y013,
                    "de samenvoegsleutel '<<' is niet toegestaan",
                    key_node,
                    path,
                    "Schrijf alle sleutels voluit in deze lijst.",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.add(
                    Y016,
                    "een sleutel moet een enkel woord of tekst zijn, geen lijst",
                    key_node,
                    path,
                    "Een sleutel staat vóór de dubbele punt, zoals 'doel:'.",
                )
                continue
            key = self.scalar(key_node, path)
            try:
                seen = key in first_line
            except TypeError:  # pragma: no cover - scalars are always hashable
                continue
            if seen:
                self.add(
                    Y004,
                    f"sleutel '{key_node.value}' staat twee keer in dezelfde lijst (eerder op regel {first_line[key]})",
                    key_node,
                    (*path, key),
                    "Verwijder één van de twee, of hernoem er één.",
                )
                continue
            mark = key_node.start_mark
            first_line[key] = mark.line + 1
            self.key_positions[(*path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth)
        return result

    def scalar(self, node: ScalarNode, path: tuple[PathPart, ...]) -> Any:
        tag, text = node.ctag, node.value
        try:
            if tag is _STR:
                return text
            if tag is _INT:
                if _LEADING_ZERO.match(text) and not node.style:
                    self.add(
                        Y017,
                        f"'{text}' wordt gelezen als het getal {int(text.replace('_', ''), 10)}; "
                        "een voorloopnul valt weg",
                        node,
                        path,
                        "Schrijf het getal zonder voorloopnul, of zet tekst tussen aanhalingstekens.",
                    )
                return _integer(text)
            if tag is _FLOAT:
                return _float(text)
            if tag is _BOOL:
                return text.lower() == "true"
            if tag is _NULL:
                return None
            if tag is _TIMESTAMP:
                return _timestamp(text)
        except ValueError:
            if tag is _TIMESTAMP:
                self.add(
                    Y006,
                    f"'{text}' is geen bestaande datum",
                    node,
                    path,
                    "Schrijf datums als JJJJ-MM-DD en controleer dag en maand.",
                )
                self.reported.add(path)
            return text
        if id(tag) not in _KNOWN:  # an explicit tag the text scan could not see coming
            self.add(
                Y012,
                f"expliciete tag '{tag}' is niet toegestaan",
                node,
                path,
                "Verwijder de tag; zet tekst zo nodig tussen aanhalingstekens.",
            )
        return text


def _integer(text: str) -> int:
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)


def _timestamp(text: str) -> dt.date | dt.datetime:
    if _DATE.match(text):
        return dt.date.fromisoformat(text)
    normal = re.sub(r"[ \t]+", " ", text.strip()).replace("t", "T").replace(" Z", "Z")
    normal = re.sub(
        r" ?([-+])(\d\d?)(?::(\d\d))?$", lambda m: f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}", normal.replace(" ", "T", 1)
    )
    return dt.datetime.fromisoformat(normal)
