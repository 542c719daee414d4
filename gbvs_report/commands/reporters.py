"""Reporters: the same findings for people (with the offending line and a caret), for editors
(one line each), and for machines (JSON, GitHub workflow annotations, GitLab code quality).

Each reporter is a function from a `Run` to the text for standard output, chosen by name in
`REPORTERS`. Text from submissions is untrusted: control and bidirectional characters are
shown escaped, so a file cannot move the cursor or colour the terminal.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from .. import package_version
from ..codes import RULES, rules_version
from ..diagnostics import Diagnostic, Severity
from ..dutch import words
from ..load import open_regular
from ..rules.text import INVISIBLE

JSON_FORMAT_VERSION = 1
# Control characters, and the invisible ones a check warns about (P009): bidirectional controls,
# zero-width and other invisible characters, tag characters.
_UNSAFE = re.compile(
    f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f{INVISIBLE.pattern[1:-1]}\\U000e0000-\\U000e007f\\ud800-\\udfff]"
)
_WIDTH = 100


@dataclass
class Run:
    """One validation run: its findings and what they were checked against."""

    findings: list[Diagnostic]
    files: int
    catalogues: list[str] = field(default_factory=list)
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def safe(text: str) -> str:
    """Untrusted text as it may be shown on a terminal: control characters escaped."""
    return _UNSAFE.sub(lambda m: _escaped(ord(m.group())), text)


def _escaped(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


_UNSAFE_IN_JSON = re.compile(f"[\\x7f-\\x9f{INVISIBLE.pattern[1:-1]}\\U000e0000-\\U000e007f\\ud800-\\udfff]")


def safe_json(text: str) -> str:
    """JSON text as it may be shown on a terminal: json.dumps escapes the C0 controls itself;
    the C1 controls, bidirectional and other invisible characters (only ever inside strings)
    become \\u escapes, which read back as the same data."""
    return _UNSAFE_IN_JSON.sub(lambda m: _json_escaped(ord(m.group())), text)


def _json_escaped(code: int) -> str:
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate (a byte of a file name that is not UTF-8): as text
        return "\\" + _escaped(code)
    if code > 0xFFFF:  # JSON escapes a character outside the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def summary(run: Run) -> str:
    word = "bestand" if run.files == 1 else "bestanden"
    return (
        f"{run.files} {word} gecontroleerd: {run.errors} {'fout' if run.errors == 1 else 'fouten'}, "
        f"{run.warnings} {'waarschuwing' if run.warnings == 1 else 'waarschuwingen'}"
    )


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def concise(run: Run, colour: bool = False) -> str:
    """`bestand:regel:kolom: fout[CODE] melding`, one line per finding."""
    return "".join(safe(d.concise()) + "\n" for d in sorted(run.findings))


def human(run: Run, colour: bool = False) -> str:
    """Each finding with its line of YAML and a caret under the column; equal findings in one
    file are shown once, with the other lines where they occur."""
    style = _Style(colour)
    sources = _Sources()
    groups: list[tuple[Diagnostic, list[int]]] = []
    ordered = sorted(run.findings, key=lambda d: (d.file, d.code, d.message, d.line, d.column))
    for _, group in groupby(ordered, key=lambda d: (d.file, d.code, d.message)):
        first, *rest = group
        groups.append((first, [d.line for d in rest]))
    lines: list[str] = []
    for first, others in sorted(groups, key=lambda pair: pair[0]):
        lines += _one(first, others, sources, style)
    return "".join(line + "\n" for line in lines)


def _one(d: Diagnostic, others: list[int], sources: _Sources, style: _Style) -> list[str]:
    accent = "1;31" if d.severity is Severity.ERROR else "1;33"
    severity = style(d.severity.dutch, accent)
    head = f"{style(safe(f'{d.file}:{d.line}:{d.column}:'), '1')} {severity}[{d.code}] {safe(d.message)}"
    lines = [head]
    text = sources.line(d.file, d.line)
    if text is not None and d.line > 0:
        gutter = str(d.line)
        shown, caret = _window(text, max(d.column, 1))
        lines.append(f"  {style(gutter, '34')} {style('|', '34')} {safe(shown)}")
        lines.append(f"  {' ' * len(gutter)} {style('|', '34')} {caret}{style('^', accent)}")
    if others:
        numbers = sorted(set(others))
        listed = words(numbers)
        lines.append(f"    nog {len(others)} keer, op regel {listed}")
    if d.hint:
        lines.append(f"    tip: {safe(d.hint)}")
    return lines


def _window(text: str, column: int) -> tuple[str, str]:
    """The part of a long line around `column`, and the whitespace that puts a caret under it."""
    start = max(0, column - 1 - _WIDTH // 2) if len(text) > _WIDTH else 0
    shown = text[start : start + _WIDTH]
    before = shown[: column - 1 - start]
    caret = "".join("\t" if ch == "\t" else " " for ch in before)
    if start:
        shown, caret = "…" + shown, " " + caret
    return shown, caret


class _Sources:
    """The lines of files that have findings, read once each (and never written)."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        if number <= 0:
            return None  # a finding about the file as a whole: nothing to show, nothing to open
        if file not in self._lines:
            self._lines[file] = None
            # A name shown with \xNN for a byte that is not UTF-8 (names.printable) is that byte again.
            for name in dict.fromkeys(
                [file, re.sub(r"\\x([89a-f][0-9a-f])", lambda m: chr(0xDC00 + int(m[1], 16)), file)]
            ):
                try:
                    with open_regular(Path(name)) as handle:  # never a link, never a pipe
                        raw = handle.read(2_000_000)
                except OSError:
                    continue
                self._lines[file] = raw.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
                break
        lines = self._lines[file]
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None


def as_json(run: Run, colour: bool = False) -> str:
    """The documented, stable JSON format (see README, "Meldingen")."""
    document = {
        "format": JSON_FORMAT_VERSION,
        "gbvs": package_version(),
        "rules": rules_version(),
        "catalogue": run.catalogues,
        "strict": run.strict,
        "diagnostics": [
            {
                "code": d.code,
                "severity": d.severity.value,
                "title": RULES[d.code].title,
                "message": d.message,
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "path": list(d.path),
                "hint": d.hint,
                "suggestion": d.suggestion,
            }
            for d in sorted(run.findings)
        ],
        "summary": {"files": run.files, "errors": run.errors, "warnings": run.warnings},
    }
    return safe_json(json.dumps(document, ensure_ascii=False, indent=2, default=str)) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(run: Run, colour: bool = False) -> str:
    """GitHub Actions workflow commands: an annotation per finding, shown inline in a pull request."""
    lines = []
    for d in sorted(run.findings):
        kind = "error" if d.severity is Severity.ERROR else "warning"
        where = f"file={_escape_property(safe(d.file))}"
        if d.line:
            where += f",line={d.line},col={max(d.column, 1)}"
        message = d.message + (f" (tip: {d.hint})" if d.hint else "")
        title = _escape_property(f"{d.code} {RULES[d.code].title}")
        lines.append(f"::{kind} {where},title={title}::{_escape_data(safe(message))}\n")
    return "".join(lines)


def gitlab(run: Run, colour: bool = False) -> str:
    """A GitLab code quality report (a JSON array), shown inline in a merge request."""
    issues = []
    occurrences: dict[str, int] = {}
    for d in sorted(run.findings):
        # Stable under edits elsewhere in the file (no line number), unique within a report.
        identity = "\0".join([d.file, d.code, ".".join(map(str, d.path)), d.message])
        occurrences[identity] = occurrences.get(identity, 0) + 1
        identity += f"\0{occurrences[identity]}"
        issues.append(
            {
                "description": f"{d.code} {d.message}" + (f" Tip: {d.hint}" if d.hint else ""),
                "check_name": d.code,
                "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest(),
                "severity": "major" if d.severity is Severity.ERROR else "minor",
                "location": {"path": Path(d.file).as_posix(), "lines": {"begin": max(d.line, 1)}},
            }
        )
    return safe_json(json.dumps(issues, ensure_ascii=False, indent=2)) + "\n"


REPORTERS: dict[str, Callable[[Run, bool], str]] = {
    "human": human,
    "concise": concise,
    "json": as_json,
    "github": github,
    "gitlab": gitlab,
}
