"""The report's annexes as data: submissions received and missing, sources, abbreviations,
the accountability annex (versions and the digest of every input file) and, in a draft,
the problems that kept submissions out of the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import package_version
from ..codes import RULES
from ..codes import rules_version as rules_digest
from ..diagnostics import Diagnostic, strict
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
    """A file with what keeps the report from being final, its findings as lines of text: a
    submission left out of a draft (`weggelaten`), or the settings, whose letter is not finished
    (`brief`); `also`: other files with the same findings (at most ALSO_SHOWN of them named,
    `also_more` the rest)."""

    file: str
    findings: list[str]
    also: list[str] = field(default_factory=list)
    also_more: int = 0
    kind: str = "weggelaten"  # weggelaten or brief


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
    letter: dict[str, list[str]] = {}
    for finding in letter_problems(report):
        letter.setdefault(Path(finding.file).name, []).append(_finding_text(finding))
    unfinished = [Problem(name, texts, kind="brief") for name, texts in letter.items()]
    return unfinished + entries[:PROBLEMS_SHOWN], hidden


def letter_problems(report: PeriodReport) -> list[Diagnostic]:
    """What keeps the letter from being sent, as errors: a final report is not made with them."""
    return strict(report.letter_findings)


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
