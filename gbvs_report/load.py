"""Stage 1, load: read a YAML file into plain data and keep the way back to line and column.

A clean file costs one fast parse into plain Python data. Positions are needed only when a
check finds something, so the node tree that knows them (ruamel.yaml's composed nodes, the
same marks the round-trip loader uses) is built lazily, on the first `locate` call.
Every way a file can fail to load becomes a located `Diagnostic`, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, diagnostic

PathPart = str | int

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _yaml() -> YAML:
    return YAML(typ="safe")


@dataclass
class Document:
    """A loaded YAML file: its plain data and, on demand, the positions of its nodes."""

    path: Path
    text: str
    data: Any
    _root: Node | None = field(default=None, repr=False)

    @property
    def display(self) -> str:
        return str(self.path)

    def _tree(self) -> Node | None:
        if self._root is None:
            self._root = _yaml().compose(self.text)
        return self._root

    def locate(self, path: tuple[PathPart, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        When the path cannot be followed to the end (a missing key), the position of the
        deepest node that exists is returned: the mapping where the key should be.
        """
        node = self._tree()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for i, part in enumerate(path):
            last = i == len(path) - 1
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
            mark = key_node.start_mark if (last and key and key_node is not None) else node.start_mark
        return (mark.line + 1, mark.column + 1)

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def _child(node: Node, part: PathPart) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def load_document(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one YAML file; return the document, or None with the findings why not."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [diagnostic("Y001", f"bestand kan niet worden gelezen: {exc.strerror or exc}", name)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [diagnostic("Y002", f"byte 0x{raw[exc.start]:02x} is geen geldige UTF-8-tekst", name,
                                 line, column, hint="Sla het bestand op als UTF-8 (zonder BOM).")]
    return parse_text(text, path, name)


def parse_text(text: str, path: Path, name: str) -> tuple[Document | None, list[Diagnostic]]:
    try:
        data = _yaml().load(text)
    except DuplicateKeyError as exc:
        return None, [_duplicate_key(exc, text, name)]
    except MarkedYAMLError as exc:
        return None, [_syntax_error(exc, name)]
    except YAMLError as exc:
        return None, [diagnostic("Y003", f"YAML kan niet worden gelezen: {exc}", name, 1, 1)]
    except (ValueError, TypeError, OverflowError):
        # The constructor turns a scalar into a Python value (a date, say) and failed:
        # find the scalar in the node tree so that the finding has a position.
        return None, [_bad_scalar(text, name)]
    if data is None:
        return None, [diagnostic("Y005", "het bestand is leeg", name, 1, 1)]
    return Document(path, text, data), []


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_error(exc: MarkedYAMLError, name: str) -> Diagnostic:
    if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        # The parser stumbles at the end of the file; the mistake is where the quote opened.
        line, column = _mark(exc.context_mark)
        return diagnostic("Y003", "YAML-syntaxfout: het aanhalingsteken dat hier begint, wordt nergens afgesloten",
                          name, line, column, hint="Sluit de tekst af met hetzelfde aanhalingsteken.")
    line, column = _mark(exc.problem_mark or exc.context_mark)
    problem = _dutch_problem(exc.problem or "", exc.context or "")
    return diagnostic("Y003", f"YAML-syntaxfout: {problem}", name, line, column,
                      hint="Controleer de inspringing en de leestekens op deze regel en de regel ervoor.")


_PROBLEMS = {
    "mapping values are not allowed here": "hier mag geen ':' staan (ontbreekt een spatie na de dubbele punt of een aanhalingsteken?)",
    "could not find expected ':'": "er ontbreekt een ':' na de sleutel",
    "found character '\\t' that cannot start any token": "een tab wordt niet geaccepteerd; gebruik spaties om in te springen",
    "found unexpected end of stream": "het bestand houdt onverwacht op (is een aanhalingsteken niet afgesloten?)",
    "expected <block end>, but found": "de inspringing klopt niet",
    "did not find expected key": "de inspringing klopt niet of er ontbreekt een '-' of ':'",
    "did not find expected '-' indicator": "in deze opsomming ontbreekt een '-' of de inspringing klopt niet",
    "found undefined alias": "verwijzing (*) naar een anker dat niet bestaat",
}


def _dutch_problem(problem: str, context: str) -> str:
    for english, dutch in _PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    text = problem or context or "onbekende fout"
    return f"de opbouw klopt niet ({text})"


def _duplicate_key(exc: DuplicateKeyError, text: str, name: str) -> Diagnostic:
    line, column = _mark(exc.problem_mark)
    key = exc.problem.split('"')[1] if '"' in (exc.problem or "") else "?"
    first = _first_occurrence(text, key, line)
    where = f" (eerder op regel {first})" if first else ""
    return diagnostic("Y004", f"sleutel '{key}' staat twee keer in dezelfde lijst{where}",
                      name, line, column, hint="Verwijder één van de twee, of hernoem er één.")


def _first_occurrence(text: str, key: str, duplicate_line: int) -> int | None:
    """The line of the first of two equal keys: composing does not check for duplicates."""
    try:
        root = _yaml().compose(text)
    except YAMLError:
        return None
    for node in _walk(root):
        if isinstance(node, MappingNode):
            lines = [k.start_mark.line + 1 for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key]
            if duplicate_line in lines and len(lines) > 1:
                return lines[0]
    return None


def _bad_scalar(text: str, name: str) -> Diagnostic:
    try:
        root = _yaml().compose(text)
    except YAMLError:  # pragma: no cover - the load above got past parsing
        root = None
    for node in _walk(root):
        if isinstance(node, ScalarNode) and node.tag == _TIMESTAMP_TAG and not _is_date(node.value):
            line, column = _mark(node.start_mark)
            return diagnostic("Y006", f"'{node.value}' is geen bestaande datum", name, line, column,
                              hint="Schrijf datums als JJJJ-MM-DD en controleer dag en maand.")
    return diagnostic("Y003", "een waarde kan niet worden gelezen", name, 1, 1)


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _walk(node: Node | None):
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                stack.extend((value_node, key_node))
        elif isinstance(current, SequenceNode):
            stack.extend(reversed(current.value))
