"""The report's annexes as data: submissions received and missing, sources, abbreviations,
the accountability annex (versions and the digest of every input file) and, in a draft,
the problems that kept submissions out of the report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import package_version
from ..codes import RULES, X004
from ..codes import rules_version as rules_digest
from ..diagnostics import Diagnostic, diagnostic, strict
from ..dutch import date
from ..model.submission import Key, MilestoneIndicator
from . import formatting
from .collect import PeriodReport
from .compare import Trace, trace_of


@dataclass(frozen=True)
class Received:
    """A submission the report is made from; `trace` is the line of its date of submission."""

    goal: int
    department: str
    submitted: str
    file: str
    trace: Trace


@dataclass(frozen=True)
class Missing:
    """A submission the catalogue expects but the report lacks: never received, or rejected."""

    goal: int
    goal_title: str
    department: str  # the code, e.g. DEF
    department_name: str
    rejected: bool


@dataclass(frozen=True)
class Problem:
    """A file with what keeps the report from being final, its findings as lines of text: a
    submission left out of a draft, a submission that cites a source dated after the letter,
    or the settings, whose letter is not finished."""

    file: str
    findings: list[str]
    kind: str = "weggelaten"  # weggelaten, bron or brief


def received(report: PeriodReport) -> list[tuple[str, list[Received]]]:
    """Per pillar, the submissions of the period that the report is made from."""
    return [
        (
            p.pillar.name,
            [
                Received(
                    g.goal.number,
                    sub.department,
                    formatting.date(sub.submitted),
                    report.name(path),
                    trace_of(report, path, (Key.SUBMITTED,)),
                )
                for g in p.goals
                for path, sub in g.submissions
            ],
        )
        for p in report.pillars
    ]


def missing(report: PeriodReport) -> list[Missing]:
    """Submissions the catalogue expects for the period that the report does not have."""
    names = report.catalogue.short_names
    return [
        Missing(g.goal.number, g.goal.title, code, names.get(code, code), code in g.rejected)
        for g in report.goals
        for code in g.goal.departments
        if code in g.missing or code in g.rejected
    ]


def sources(report: PeriodReport) -> list[str]:
    """Every source named in the period's submissions and in the earlier ones the charts use."""
    found: set[str] = set()
    for period in [*report.history, report]:
        for _, sub in (s for g in period.goals for s in g.submissions):
            for ind in sub.indicators:
                if isinstance(ind, MilestoneIndicator):
                    found.update([ind.source] if ind.source else [])
                else:
                    found.update(a.source for a in ind.actuals)
    return sorted(found, key=str.casefold)


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation the report uses and what it stands for."""

    short: str
    long: str


def abbreviations(report: PeriodReport, corpus: str) -> list[Abbreviation]:
    """The abbreviations the documents use (`corpus`: every text they show): those the
    settings define, the strategy's short title and the department codes."""
    strategy = report.catalogue.strategy
    known = {
        **{code: name for code, name in report.catalogue.department_names.items()},
        strategy.short_title: with_en_dash(strategy.title.rsplit(" — ", maxsplit=1)[-1].strip()),
        **report.settings.abbreviations,
    }
    used = [
        (short, long)
        for short, long in known.items()
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![^\W\d_])", corpus)
    ]
    return [
        Abbreviation(short, long) for short, long in sorted(dict(used).items(), key=lambda item: item[0].casefold())
    ]


def with_en_dash(text: str) -> str:
    """Ranges of years in prose: `2018–2022`."""
    return re.sub(r"\b(\d{4})-(\d{4})\b", "\\1–\\2", text)


def rules_version() -> str:
    """The rule catalogue as a short digest: the same codes, titles and texts give the same label."""
    return f"{len(RULES)} regels, kenmerk {rules_digest()}"


def tool_version() -> str:
    return f"gbvs {package_version()}"


def problems(report: PeriodReport) -> list[Problem]:
    """Files left out of a draft, each with its findings as `line:column: fout[CODE] message`,
    and files that cite a source dated after the letter (X004)."""
    left_out = [
        Problem(report.name(f.path), [_finding_text(d) for d in sorted(f.findings)])
        for period in [*report.history, report]
        for f in period.rejected
    ]
    late: dict[str, list[str]] = {}
    for finding in late_sources(report):
        late.setdefault(finding.file, []).append(_finding_text(finding))
    letter: dict[str, list[str]] = {}
    for finding in letter_problems(report):
        letter.setdefault(Path(finding.file).name, []).append(_finding_text(finding))
    return (
        left_out
        + [Problem(name, texts, "bron") for name, texts in late.items()]
        + [Problem(name, texts, "brief") for name, texts in letter.items()]
    )


def letter_problems(report: PeriodReport) -> list[Diagnostic]:
    """What keeps the letter from being sent, as errors: a final report is not made with them."""
    return strict(report.letter_findings)


def late_sources(report: PeriodReport) -> list[Diagnostic]:
    """A realisation whose peildatum falls after the letter's date: the letter cannot cite it (X004)."""
    found = []
    letter = report.letter_date
    for section in report.goals:
        for path, sub in section.submissions:
            checked = report.checked(path)
            for i, indicator in enumerate(sub.indicators):
                for j, actual in enumerate(getattr(indicator, "actuals", ())):
                    if actual.as_of > letter:
                        at = (Key.INDICATORS, i, Key.ACTUALS, j, Key.AS_OF)
                        line, column = checked.locate(at)
                        found.append(
                            diagnostic(
                                X004,
                                f"de peildatum {date(actual.as_of)} van '{indicator.id}' ligt na de datum van de "
                                f"brief ({date(letter)}): de bron bestond nog niet toen de brief werd ondertekend",
                                report.name(path),
                                line,
                                column,
                                at,
                                "Citeer een uitgave van vóór de brief, of pas de datum van de brief aan.",
                            )
                        )
    return found


def _finding_text(finding: Diagnostic) -> str:
    where = f"regel {finding.line}, kolom {finding.column}" if finding.line else "bestand"
    return f"{where}: {finding.severity.dutch} {finding.code}: {finding.message}"
