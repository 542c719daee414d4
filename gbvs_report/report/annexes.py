"""The report's annexes as data: submissions received and missing, sources, abbreviations,
the accountability annex (versions and the digest of every input file) and, in a draft,
the problems that kept submissions out of the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import package_version
from ..codes import RULES
from ..codes import rules_version as rules_digest
from ..diagnostics import Diagnostic
from ..model.submission import Key, MilestoneIndicator
from . import formatting
from .collect import InputFile, PeriodReport
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
    """A file left out of a draft, with its findings as lines of text; `also`: other files with
    the same findings (at most ALSO_SHOWN of them named, `also_more` the rest)."""

    file: str
    findings: list[str]
    also: list[str] = field(default_factory=list)
    also_more: int = 0


# A draft grows with its input no more than `gbvs validate` does: files with the same findings
# (copies of one submission, say) are one entry, and the annex lays out at most PROBLEMS_SHOWN
# entries, saying how many more there are (validate names them all).
PROBLEMS_SHOWN = 50
ALSO_SHOWN = 20


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
    names = report.catalogue.department_names
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


def _texts(report: PeriodReport) -> list[str]:
    letter = report.settings.letter
    strategy = report.catalogue.strategy
    texts = [report.settings.title or strategy.report_title, letter.body, letter.dossier_title, strategy.title]
    for section in report.goals:
        texts += [section.goal.title, section.goal.description]
        texts += [spec.name for spec in section.goal.indicators]
        for _, sub in section.submissions:
            texts += [sub.narrative.results, sub.narrative.outlook]
            for ind in sub.indicators:
                texts.append(ind.comment or "")
                if isinstance(ind, MilestoneIndicator):
                    texts += [ind.description, ind.source or ""]
                else:
                    texts += [a.source for a in ind.actuals]
    return texts


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation the report uses and what it stands for."""

    short: str
    long: str


def abbreviations(report: PeriodReport) -> list[Abbreviation]:
    """The abbreviations from the settings that the report uses, and the department codes."""
    corpus = "\n".join(_texts(report))
    used = [
        (short, long)
        for short, long in report.settings.abbreviations.items()
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![^\W\d_])", corpus)
    ]
    codes = {code for g in report.goals for code in g.goal.departments}
    used += [(code, name) for code, name in report.catalogue.department_names.items() if code in codes]
    return [
        Abbreviation(short, long) for short, long in sorted(dict(used).items(), key=lambda item: item[0].casefold())
    ]


def rules_version() -> str:
    """The rule catalogue as a short digest: the same codes, titles and texts give the same label."""
    return f"{len(RULES)} regels, kenmerk {rules_digest()}"


def tool_version() -> str:
    return f"gbvs {package_version()}"


def problems(report: PeriodReport) -> tuple[list[Problem], int]:
    """Files left out of a draft, each with every finding about it as `line:column: fout[CODE]
    message`: its own, those across files, a source dated after the letter (X004); files with
    the same findings as one entry; at most PROBLEMS_SHOWN entries, and the number of files
    beyond them."""
    grouped: dict[tuple[str, ...], list[str]] = {}
    for period in [*report.history, report]:
        for f in period.rejected:
            texts = tuple(_finding_text(d) for d in sorted(period.findings_of(f)))
            grouped.setdefault(texts, []).append(report.name(f.path))
    entries = [
        Problem(first, list(texts), others[:ALSO_SHOWN], max(0, len(others) - ALSO_SHOWN))
        for texts, (first, *others) in grouped.items()
    ]
    hidden = sum(1 + len(p.also) + p.also_more for p in entries[PROBLEMS_SHOWN:])
    return entries[:PROBLEMS_SHOWN], hidden


def inputs(report: PeriodReport) -> list[InputFile]:
    """The input files for the accountability, each with its SHA-256; submissions left out of a
    draft with the same content (copies of one file) as one line, naming at most ALSO_SHOWN of
    the others: a draft grows with copies no more than `gbvs validate` does."""
    left_out = "aanlevering (weggelaten)"
    same: dict[str, list[str]] = {}
    for item in report.inputs:
        if item.role == left_out:
            same.setdefault(item.digest, []).append(item.name)
    listed = []
    for item in report.inputs:
        if item.role != left_out:
            listed.append(item)
            continue
        first, *others = same.get(item.digest, [item.name])
        if item.name != first:
            continue
        if not others:
            listed.append(item)
            continue
        count = len(others)
        names = ", ".join(others[:ALSO_SHOWN]) + (f" en nog {count - ALSO_SHOWN}" if count > ALSO_SHOWN else "")
        kind = "aanlevering" if count == 1 else "aanleveringen"
        role = f"{left_out}; dezelfde inhoud als {count} andere weggelaten {kind}: {names}"
        listed.append(InputFile(item.name, role, item.digest))
    return listed


def _finding_text(finding: Diagnostic) -> str:
    where = f"regel {finding.line}, kolom {finding.column}" if finding.line else "bestand"
    return f"{where}: {finding.severity.dutch} {finding.code}: {finding.message}"
