"""After a YAML syntax error, which findings may follow from the lines set aside to read the
rest of the file (`Document.set_aside`): a field that is missing where a line with that key was
set aside, and a value that lost a line inside it. They say so; every other finding stands on
its own."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .codes import C010, S002
from .diagnostics import Diagnostic
from .load import Document, PathPart, consequence_of, value_at


def after_syntax_error(doc: Document, findings: list[Diagnostic]) -> list[Diagnostic]:
    """Mark the findings that may follow from lines set aside after a syntax error: a field
    that is missing where a line with that key was set aside, and a value that had a line set
    aside inside it. Every other finding stands on its own."""
    if not doc.set_aside:
        return findings
    return [_marked(doc, d) for d in findings]


def _marked(doc: Document, finding: Diagnostic) -> Diagnostic:
    if finding.code.startswith("Y"):  # the syntax errors themselves say what they follow from
        return finding
    lines = doc.text.split("\n")
    if finding.code in (S002.code, C010.code):
        # Something missing: a line with that key was set aside, in the mapping where it is
        # missing or further down in the same entry of the file.
        if finding.code == S002.code:
            parent, keys = finding.path[:-1], {str(finding.path[-1])}
        else:
            parent, keys = finding.path, {"id", "-"}  # an indicator starts with '- id:'
        first, last = _span(doc, parent)[0], _span(doc, parent[:1])[1]
    else:
        # A value that lost a line inside it: a mapping or list, or what stayed empty.
        if isinstance(value_at(doc.data, finding.path), (str, int, float, bool, dt.date)):
            return finding
        keys = set()
        first, last = _span(doc, finding.path)
    for line, error_line in sorted(doc.set_aside.items()):
        if first <= line <= last and (not keys or _key_of(lines[line - 1]) in keys | {None}):
            return replace(finding, message=f"{finding.message} {consequence_of(error_line)}")
    return finding


_LINE_KEY = re.compile(r"^\s*(-\s*)?([\"']?)([^\s:\"'#]+)")


def _key_of(line: str) -> str | None:
    """The key a line of YAML starts with, as far as it can be read ('-' for a list item
    without one); None when the line shows no key (a continued text, say)."""
    match = _LINE_KEY.match(line)
    if match is None:
        return "-" if line.strip().startswith("-") else None
    rest = line[match.end() :].lstrip()
    if match.group(1) and not rest.startswith(":") and ":" not in line:
        return "-"
    return match.group(3)


def _span(doc: Document, path: tuple[PathPart, ...]) -> tuple[int, int]:
    """The lines the value at `path` takes, from its key to the line before whatever comes
    after it; the whole file for the top level."""
    if not path:
        return 1, doc.text.count("\n") + 1
    while path and path not in doc.positions:
        path = path[:-1]
    start = doc.key_positions.get(path, doc.positions.get(path, (1, 1)))[0]
    after = [
        pos[0]
        for table in (doc.positions, doc.key_positions)
        for other, pos in table.items()
        if pos[0] > start and other[: len(path)] != path
    ]
    return start, (min(after) - 1 if after else doc.text.count("\n") + 1)
