"""From libyaml's nodes to plain data: YAML 1.2 resolution, and a builder that notes the
position of every value and collects what is wrong instead of stopping at it.

libyaml (ruamel.yaml.clib) composes the node tree, which carries every node's line and
column; `Builder` turns the nodes into dicts, lists, text, numbers, booleans, None and dates
in one pass, measuring the nesting on the way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.tag import Tag

from .codes import Y004, Y006, Y012, Y013, Y015, Y016, Y017
from .diagnostics import Diagnostic, Rule, diagnostic

PathPart = str | int
Positions = dict[tuple[PathPart, ...], tuple[int, int]]

MAX_DEPTH = 32
"""The nesting limit: a submission nests six levels deep."""
TOO_DEEP = f"de gegevens zijn dieper genest dan {MAX_DEPTH} niveaus"
TOO_DEEP_HINT = "Een aanlevering is hooguit zes niveaus diep."

try:  # libyaml through ruamel.yaml.clib; the pure-Python parser where it is not available
    from ruamel.yaml.clib._ruamel_yaml import CParser as Parser
except ImportError:  # pragma: no cover - CPython wheels always carry the C extension
    from ruamel.yaml.composer import Composer as _PyComposer
    from ruamel.yaml.parser import Parser as _PyParser
    from ruamel.yaml.reader import Reader
    from ruamel.yaml.scanner import Scanner

    class Parser(Reader, Scanner, _PyParser, _PyComposer):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text, loader=self)
            Scanner.__init__(self, loader=self)
            _PyParser.__init__(self, loader=self)
            _PyComposer.__init__(self, loader=self)


TAG = "tag:yaml.org,2002:"
# One shared Tag object per resolved type: nodes are told apart by identity, which is much
# cheaper than ruamel.yaml's string conversion of tags.
_TAGS = {
    name: Tag(suffix=TAG + name)
    for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "seq", "map")
}
_KNOWN = set(map(id, _TAGS.values()))
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MERGE = (
    _TAGS[t] for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")
)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_THREE_DECIMALS = re.compile(r"^[-+]?[1-9]\d{0,2}\.\d{3}$")
"""A number that reads like a Dutch thousand (`12.650`): YAML takes the point for a decimal point."""
_DIGITS = re.compile(r"^\d+$")


class Composer(Parser, Resolver):
    """libyaml's parser and composer with YAML 1.2 tag resolution, and nothing else."""

    def __init__(self, text: str) -> None:
        Parser.__init__(self, text)
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


class Builder:
    """Turn composed nodes into plain data (dict, list, str, int, float, bool, None, date),
    collecting what is wrong instead of stopping at it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Diagnostic] = []
        self.reported: set[tuple[PathPart, ...]] = set()
        self.positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
        self.key_positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
        self.too_deep = False
        self.three_decimals: dict[tuple[PathPart, ...], str] = {}
        """Numbers written with exactly three decimals (`12.650`), as written, by path."""
        self.comma_joined: set[tuple[PathPart, ...]] = set()
        """Values a decimal comma split in a flow mapping (`{waarde: 1,12}`), rejoined as text."""

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
                self.add(Y015, TOO_DEEP, node, path, TOO_DEEP_HINT)
                self.too_deep = True
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self.mapping(node, path, depth)

    def mapping(self, node: MappingNode, path: tuple[PathPart, ...], depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        previous: tuple[Any, Node] | None = None
        for key_node, value_node in node.value:
            if node.flow_style and previous is not None and _comma_split(previous[1], key_node, value_node):
                # `{waarde: 1,12}`: the comma ended the value; "12" became a key without a value.
                # Read it back as it was written, text, as in block style (`waarde: 1,12`).
                joined = (*path, previous[0])
                result[previous[0]] = f"{previous[1].value},{key_node.value}"
                self.comma_joined.add(joined)
                previous = None
                continue
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
            previous = (key, value_node)
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
                if _THREE_DECIMALS.match(text) and not node.style:
                    self.three_decimals[path] = text
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


def _comma_split(value: Node, key: Node, after: Node) -> bool:
    """In a flow mapping, is `key` (with no value) the decimals of the number before it, split
    off by a decimal comma: `waarde: 1,12` read as `waarde: 1` and a key `12`?"""
    return (
        isinstance(value, ScalarNode)
        and isinstance(key, ScalarNode)
        and isinstance(after, ScalarNode)
        and value.ctag in (_INT, _FLOAT)
        and not value.style
        and not key.style
        and _DIGITS.match(key.value) is not None
        and after.ctag is _NULL
        and after.value == ""
        and key.start_mark.line == value.end_mark.line
        and key.start_mark.column == value.end_mark.column + 1  # nothing but the comma between them
    )


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
