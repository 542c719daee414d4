"""The text of a new submission: every field the format asks for, blanks where the department
still has to write, and a short Dutch comment on each line that says what belongs there.

Blanks are YAML nulls (`naam:` with nothing after it): the file stays valid YAML, and the
checker reports each one as S006 "nog niet ingevuld" until it is filled in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from ..load import parse_text
from ..model.catalogue import Catalogue, Goal, IndicatorSpec
from ..model.submission import (
    IndicatorKind,
    Key,
    MilestoneIndicator,
    MilestoneStatus,
    NumericIndicator,
    OrdinalIndicator,
    OverallStatus,
    Submission,
    is_period,
    years_of,
)

COMMENT_COLUMN = 34
# Words and numbers that an older YAML (1.1, as some editors still read it) would take for
# something else than text: quoted, though gbvs itself reads them as text.
_YAML11_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_NUMBERISH = re.compile(r"[-+.]?[0-9][0-9_:.,]*")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def scalar(value: Any) -> str:
    """A value as YAML: text plain where that is unambiguous (`plain_text`), else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if is_period(text):  # `periode: 2022`: the format reads a bare year as the period's name
        return text
    return text if plain_text(text) else json.dumps(text, ensure_ascii=False)


def plain_text(text: str) -> bool:
    """May `text` stand unquoted after a key (`bron: NAVO, 31 maart 2022`)? Only when YAML reads
    it back as the same text on one line, also a YAML that reads `yes` or `010` otherwise; the
    rule `gbvs new` and `gbvs fmt` both write by."""
    if not text or text != text.strip() or text[0] in _INDICATORS or ": " in text or " #" in text:
        return False
    if text.endswith(":") or text.lower() in _YAML11_WORDS or (_NUMBERISH.fullmatch(text) and not is_period(text)):
        return False
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\ufeff\u2028\u2029" for c in text):
        return False
    doc, findings = parse_text(f"x: {text}\n", Path("x.yaml"), "x.yaml")
    return doc is not None and not findings and doc.data == {"x": text}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Lines:
    """YAML lines with their comments lined up in one column."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        prefix = " " * indent + "# "
        self.lines += textwrap.wrap(_one_line(text), 92, initial_indent=prefix, subsequent_indent=prefix)

    def field(
        self, indent: int, key: str, value: Any = None, note: str = "", item: bool = False, nested: bool = False
    ) -> None:
        line = " " * indent + ("- " if item else "") + f"{key}:"
        if not nested and value is not None:
            line += " " + scalar(value)
        if note:
            line = line.ljust(max(COMMENT_COLUMN, len(line) + 2)) + "# " + _one_line(note)
        self.lines.append(line.rstrip())

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _choices(values: list[str]) -> str:
    return " | ".join(values)


def submission_text(
    catalogue: Catalogue,
    goal: Goal,
    department: str,
    period: str,
    previous: tuple[str, Submission] | None,
    schema_ref: str,
) -> str:
    out = _Lines()
    strategy = catalogue.strategy.short_title
    out.lines.append(f"# yaml-language-server: $schema={schema_ref}")
    out.comment(
        f"Aanlevering {catalogue.department_names[department]} voor doel {goal.number} van de "
        f"{strategy}, periode {period}: {goal.title}."
    )
    out.comment(
        "Vul elke lege waarde in; het commentaar op de regel zegt wat er hoort. Controleer het "
        "bestand daarna met gbvs validate."
    )
    if previous:
        out.comment(f"Nulmetingen en streefwaarden zijn overgenomen uit de aanlevering over {previous[0]}.")
    out.field(0, Key.PERIOD, period)
    out.field(0, Key.GOAL, goal.number)
    out.field(0, Key.DEPARTMENT, department)
    out.field(0, Key.CONTACT, nested=True)
    out.field(2, Key.NAME, note="naam van de contactpersoon voor vragen over deze aanlevering")
    out.field(2, Key.EMAIL, note="e-mailadres, bijvoorbeeld naam@minbuza.nl")
    out.field(0, Key.SUBMITTED, note="datum van verzending: JJJJ-MM-DD")
    out.field(0, Key.STATUS, note=_choices([s.value for s in OverallStatus]))
    out.field(0, Key.NARRATIVE, nested=True)
    out.field(
        2, Key.RESULTS, note=f"wat in {period} is bereikt (Markdown; lange tekst: '|' en dan ingesprongen regels)"
    )
    out.field(2, Key.OUTLOOK, note="wat de komende periode volgt (Markdown)")
    specs = [s for s in goal.indicators if s.department == department]
    if not specs:
        out.lines.append(
            "indicatoren: []".ljust(COMMENT_COLUMN) + f"# het doelschema vraagt van {department} geen indicatoren"
        )
        return out.text()
    out.field(0, Key.INDICATORS, nested=True)
    earlier = {i.id: i for i in previous[1].indicators} if previous else {}
    for spec in specs:
        _indicator(out, spec, earlier.get(spec.id), period, list(catalogue.units))
    return out.text()


def _indicator(out: _Lines, spec: IndicatorSpec, earlier: Any, period: str, units: list[str]) -> None:
    optional = "" if spec.required else " (optioneel: verwijder deze indicator als u haar niet aanlevert)"
    out.field(2, Key.ID, spec.id, note=spec.name + optional, item=True)
    out.field(4, Key.KIND, spec.kind.value)
    if spec.kind is IndicatorKind.MILESTONE:
        _milestone(out, earlier if isinstance(earlier, MilestoneIndicator) else None)
        return
    numeric = spec.kind is IndicatorKind.NUMERIC
    if numeric:
        unit = spec.unit  # the catalogue check requires one; be safe anyway
        out.field(4, Key.UNIT, unit, note="" if unit else " | ".join(units))

        def value_note(what: str) -> str:
            return f"{what} in {unit or 'de eenheid'}, met een punt als decimaalteken"
    else:

        def value_note(what: str) -> str:
            return ("niveau" if what == "getal" else f"niveau van de {what}") + ": " + _choices(spec.scale)

    same = NumericIndicator if numeric else OrdinalIndicator
    carried = earlier if isinstance(earlier, same) else None
    for key, point in (
        (Key.BASELINE, carried.baseline if carried else None),
        (Key.TARGET, carried.target if carried else None),
    ):
        out.field(4, key, nested=True)
        out.field(6, Key.VALUE, point.value if point else None, note="" if point else value_note(key))
        out.field(6, Key.YEAR, point.year if point else None, note="" if point else f"jaar van de {key}")
        if getattr(point, "example", False):  # an example target stays marked as one
            out.field(6, Key.EXAMPLE_TARGET, True)
    out.field(4, Key.ACTUALS, nested=True, note="één per jaar; verwijder een jaar zonder cijfer")
    for year in years_of(period):
        out.field(6, Key.YEAR, year, item=True)
        out.field(8, Key.VALUE, note=value_note("getal"))
        out.field(8, Key.AS_OF, note="datum waarop de waarde is vastgesteld: JJJJ-MM-DD")
        out.field(8, Key.SOURCE, note="publicatie en datum, eventueel een URL")


def _milestone(out: _Lines, earlier: MilestoneIndicator | None) -> None:
    out.field(
        4,
        Key.DESCRIPTION,
        earlier.description if earlier else None,
        note="" if earlier else "wat er bereikt moet worden",
    )
    out.field(
        4, Key.PLANNED, earlier.planned if earlier else None, note="" if earlier else "geplande datum: JJJJ-MM-DD"
    )
    out.field(4, Key.STATUS, note=_choices([s.value for s in MilestoneStatus]))
    out.comment("behaald_op: JJJJ-MM-DD (alleen als de mijlpaal behaald is)", indent=4)
    out.comment("bron: publicatie of besluit (optioneel)", indent=4)
