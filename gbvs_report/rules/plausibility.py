"""Layer P, plausibility: warnings about values the format allows but that are probably wrong.

These never stop a report; they ask the department to look again (a year typed wrong, a
fraction where a percentage belongs, a milestone whose date has passed). `--strict` makes
them errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..codes import P001, P002, P003, P004, P005, P006, P007, P008
from ..dutch import date, number, shown
from ..epoch import today
from ..load import PathPart
from ..model.catalogue import Goal, IndicatorSpec
from ..model.submission import (
    Key,
    MilestoneIndicator,
    MilestoneStatus,
    NumericIndicator,
    OrdinalIndicator,
    period_years,
)
from ..validation import SubmissionParts

Add = Callable[..., None]

_BOILERPLATE = re.compile(
    r"^(n\.?v\.?t\.?|nvt|todo|tbd|tba|pm|p\.m\.|volgt( later)?|nog (in te vullen|invullen|aanvullen|volgen)"
    r"|zie (vorige|eerdere) (rapportage|aanlevering)|lorem ipsum.*|geen|x+|-+|\.+|\?+)$",
    re.IGNORECASE | re.DOTALL,
)
_STILL_PLANNED = (MilestoneStatus.PLANNED, MilestoneStatus.ON_TRACK)


def plausibility_checks(sub: SubmissionParts, goal: Goal | None, add: Add, first_year: int = 1990) -> None:
    """Add a warning for each implausible value among the usable parts of a submission;
    `first_year` is the strategy's first year, before which no date of it can lie."""
    _dates(sub, add, dt.date(first_year, 1, 1), today())
    for key in (Key.RESULTS, Key.OUTLOOK):
        text = sub.narrative.get(key)
        if isinstance(text, str) and is_boilerplate(text):
            shown = f"'{text.strip()}'" if text.strip() else "leeg"
            add(
                P006,
                (Key.NARRATIVE, key),
                f"de toelichting '{key}' is {shown}: zo krijgt de Kamer geen beeld van de voortgang",
                hint="Beschrijf in een paar zinnen de voortgang op dit doel.",
            )
    years = period_years(sub.period) if sub.period else None
    for i, indicator in sub.indicators:
        at = (Key.INDICATORS, i)
        spec = goal.indicator(indicator.id) if goal is not None else None
        if isinstance(indicator, MilestoneIndicator):
            _milestone(indicator, sub, at, add)
            continue
        if indicator.target.year < indicator.baseline.year:
            add(
                P002,
                (*at, Key.TARGET, Key.YEAR),
                f"het streefjaar {indicator.target.year} van '{indicator.id}' "
                f"ligt vóór het jaar van de nulmeting ({indicator.baseline.year})",
            )
        for j, actual in enumerate(indicator.actuals):
            if years and not years[0] <= actual.year <= years[1]:
                add(
                    P001,
                    (*at, Key.ACTUALS, j, Key.YEAR),
                    f"realisatie van '{indicator.id}' over {actual.year} valt buiten de rapportageperiode {sub.period}",
                    hint="Controleer het jaar.",
                )
        if isinstance(indicator, NumericIndicator) and indicator.unit == "procent":
            _percentages(indicator, at, add)
        if spec is not None and not indicator.comment:
            _direction(indicator, spec, at, add)


def is_boilerplate(text: str) -> bool:
    return _BOILERPLATE.match(text.strip()) is not None or not text.strip()


def _milestone(indicator: MilestoneIndicator, sub: SubmissionParts, at: tuple[Any, ...], add: Add) -> None:
    if sub.submitted is not None and indicator.planned < sub.submitted and indicator.status in _STILL_PLANNED:
        add(
            P004,
            (*at, Key.STATUS),
            f"mijlpaal '{indicator.id}' was gepland op {date(indicator.planned)}, "
            f"vóór de aanlevering, maar heeft status '{indicator.status.value}'",
            hint="Zet de status op behaald (met behaald_op), vertraagd of vervallen.",
        )


def _percentages(indicator: NumericIndicator, at: tuple[Any, ...], add: Add) -> None:
    points: list[tuple[tuple[PathPart, ...], float]] = [
        ((Key.BASELINE,), indicator.baseline.value),
        ((Key.TARGET,), indicator.target.value),
    ]
    points += [((Key.ACTUALS, j), a.value) for j, a in enumerate(indicator.actuals)]
    for where, value in points:
        if not 0 <= value <= 100:
            add(
                P003,
                (*at, *where, Key.VALUE),
                f"{number(value)} procent voor '{indicator.id}' ligt buiten 0–100",
                hint="Schrijf een percentage als getal van 0 tot 100: 1.37 voor 1,37%.",
            )


def _direction(
    indicator: NumericIndicator | OrdinalIndicator, spec: IndicatorSpec, at: tuple[Any, ...], add: Add
) -> None:
    """An actual on the wrong side of the baseline, for the direction the catalogue gives."""

    def rank(value: Any) -> float | None:
        if isinstance(indicator, OrdinalIndicator):
            return float(spec.scale.index(value)) if value in spec.scale else None
        return value

    base = rank(indicator.baseline.value)
    for j, actual in enumerate(indicator.actuals):
        value = rank(actual.value)
        if base is None or value is None:
            continue
        worse = value < base if spec.ascending else value > base
        if worse:
            direction = "hoger" if spec.ascending else "lager"
            add(
                P005,
                (*at, Key.ACTUALS, j, Key.VALUE),
                f"realisatie {shown(actual.value)} ({actual.year}) van "
                f"'{indicator.id}' is slechter dan de nulmeting {shown(indicator.baseline.value)} "
                f"({indicator.baseline.year}), terwijl {direction} beter is",
                hint="Controleer waarde en eenheid, of licht de ontwikkeling toe in 'opmerking'.",
            )


def _dates(sub: SubmissionParts, add: Add, start: dt.date, now: dt.date) -> None:
    """Dates after the submission (P007), in the future or before the strategy (P008)."""
    dates: list[tuple[tuple[PathPart, ...], dt.date]] = []
    if sub.submitted is not None:
        dates.append(((Key.SUBMITTED,), sub.submitted))
    for i, indicator in sub.indicators:
        at: tuple[PathPart, ...] = (Key.INDICATORS, i)
        if isinstance(indicator, MilestoneIndicator):
            if indicator.reached is not None:
                dates.append(((*at, Key.REACHED), indicator.reached))
            continue
        for j, actual in enumerate(indicator.actuals):
            dates.append(((*at, Key.ACTUALS, j, Key.AS_OF), actual.as_of))
            if sub.submitted is not None and actual.as_of > sub.submitted:
                add(
                    P007,
                    (*at, Key.ACTUALS, j, Key.AS_OF),
                    f"de peildatum {date(actual.as_of)} van '{indicator.id}' ligt na de datum van aanlevering "
                    f"({date(sub.submitted)})",
                    hint="Een bron kan pas worden geciteerd als zij bestaat: controleer beide datums.",
                )
    for where, day in dates:
        if day > now:
            add(P008, where, f"de datum {date(day)} ligt in de toekomst", hint="Controleer het jaartal.")
        elif day < start:
            add(
                P008,
                where,
                f"de datum {date(day)} ligt vóór het begin van de strategie ({start.year})",
                hint="Controleer het jaartal.",
            )
