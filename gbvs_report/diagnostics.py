"""Findings as values: one `Diagnostic` type, and the `Rule` each one is a finding of.

Every check in the pipeline produces `Diagnostic`s; nothing raises on bad input. Each rule is
a constant in `gbvs_report.codes`, with its code, severity, Dutch title, explanation and
example, so that reporters, `--formaat json`, `gbvs explain` and the documentation all speak of
the same things.
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def dutch(self) -> str:
        return "fout" if self is Severity.ERROR else "waarschuwing"


@dataclass(frozen=True)
class Rule:
    """A registered finding: its stable code, default severity and guidance. Every rule is a
    constant in `gbvs_report.codes`; creating one registers it in `RULES`."""

    code: str
    severity: Severity
    title: str
    explanation: str
    example: str = ""

    def __post_init__(self) -> None:
        if self.code in RULES and RULES[self.code] != self:
            raise ValueError(f"code {self.code} is al geregistreerd")
        RULES[self.code] = self

    def describe(self) -> str:
        """The rule as `gbvs explain` prints it: title, severity, explanation, a fix."""
        lines = [f"{self.code}: {self.title} ({self.severity.dutch})", ""]
        lines += textwrap.wrap(self.explanation, 88) + [""]
        wrong, _, right = self.example.partition("   →   ")
        if right:
            lines += [
                "Fout:",
                *("    " + part for part in wrong.split("\n")),
                "Goed:",
                *("    " + part for part in right.split("\n")),
            ]
        elif wrong:
            lines += ["Voorbeeld:", *("    " + part for part in wrong.split("\n"))]
        return "\n".join(lines).rstrip() + "\n"


RULES: dict[str, Rule] = {}
"""Every rule by its code, in the order of `gbvs_report.codes`."""


def rules_version() -> str:
    """The rule catalogue as a short digest of its texts: the same codes, severities, titles and
    explanations give the same label, and any change to them gives another."""
    text = "\n".join(
        f"{r.code}\t{r.severity.value}\t{r.title}\t{r.explanation}\t{r.example}"
        for r in sorted(RULES.values(), key=lambda r: r.code)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, located in a file (line and column are 1-based; 0 means unknown)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    path: tuple[str | int, ...] = field(default=(), compare=False)
    hint: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    suggestion: str = field(default="", compare=False)
    """The value the finding suggests instead ("bedoelt u ...?"), for tools and later checks."""

    @property
    def title(self) -> str:
        return RULES[self.code].title

    def concise(self) -> str:
        """`path:line:col: fout[CODE] message`: the line format editors and CI understand."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.dutch}[{self.code}] {self.message}"


def diagnostic(
    rule: Rule,
    message: str,
    file: str | Path,
    line: int = 0,
    column: int = 0,
    path: tuple[str | int, ...] = (),
    hint: str = "",
    suggestion: str = "",
) -> Diagnostic:
    """Build a finding of `rule`, with the severity the rule is registered with."""
    return Diagnostic(str(file), line, column, rule.code, message, tuple(path), hint, rule.severity, suggestion)


def has_errors(findings: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in findings)


def strict(findings: list[Diagnostic]) -> list[Diagnostic]:
    """`--streng`: every warning counts as an error."""
    return [replace(d, severity=Severity.ERROR) for d in findings]
