"""Layer C: the strategy catalogue.

For a submission: does the goal exist, does the department contribute to it, does each
indicator belong to the goal's schema with the right kind, unit and scale, is every required
indicator there, and is the period the strategy's and the folder's. For the catalogue itself
(C008): codes that must exist and numbers that must be unique, units that are defined, a
rhythm whose periods lie within the strategy's years, a status rule that exists.
"""

from __future__ import annotations

from collections.abc import Callable

from ..codes import C001, C002, C003, C004, C005, C006, C007, C008, C009, C010, C011
from ..diagnostics import Diagnostic, diagnostic
from ..load import Document, PathPart
from ..model.catalogue import STATUS_RULES, Catalogue, Goal
from ..model.submission import (
    IndicatorKind,
    Key,
    NumericIndicator,
    OrdinalIndicator,
    is_period,
    name_parts,
    period_years,
)
from ..validation import SubmissionParts, closest, did_you_mean

Add = Callable[..., None]
"""`add(code, path, message, hint="", key=False)`: record a finding located at `path`."""


def catalogue_findings(doc: Document, catalogue: Catalogue) -> list[Diagnostic]:
    """Cross-references inside the catalogue: codes that must exist, numbers that must be unique."""
    found: list[Diagnostic] = []
    known = catalogue.department_names

    def bad(path: tuple[PathPart, ...], message: str) -> None:
        line, col = doc.locate(path)
        found.append(diagnostic(C008, message, doc.display, line, col, path))

    seen_goals: set[int] = set()
    for p, pillar in enumerate(catalogue.pillars):
        for g, goal in enumerate(pillar.goals):
            at = ("pijlers", p, "doelen", g)
            if goal.number in seen_goals:
                bad((*at, "nummer"), f"doel {goal.number} staat twee keer in de catalogus")
            seen_goals.add(goal.number)
            for code, where in [
                (goal.lead, (*at, "eerstverantwoordelijk")),
                *((c, (*at, "bijdragend", i)) for i, c in enumerate(goal.contributors)),
            ]:
                if code not in known:
                    bad(where, f"departement '{code}' staat niet in de lijst van departementen")
            ids: set[str] = set()
            for i, spec in enumerate(goal.indicators):
                here = (*at, Key.INDICATORS, i)
                if spec.id in ids:
                    bad((*here, Key.ID), f"indicator '{spec.id}' staat twee keer bij doel {goal.number}")
                ids.add(spec.id)
                if spec.department not in goal.departments:
                    bad((*here, Key.DEPARTMENT), f"'{spec.department}' levert niet aan voor doel {goal.number}")
                if spec.kind is IndicatorKind.NUMERIC and spec.unit is None:
                    bad(here, f"numerieke indicator '{spec.id}' heeft geen eenheid")
                elif spec.unit is not None and spec.unit not in catalogue.units:
                    meant = closest(spec.unit, list(catalogue.units))
                    bad(
                        (*here, Key.UNIT),
                        f"eenheid '{spec.unit}' van indicator '{spec.id}' staat niet in de eenheden van de "
                        f"catalogus ({', '.join(catalogue.units)}).{did_you_mean(meant)}",
                    )
                if spec.kind is IndicatorKind.ORDINAL and len(spec.scale) < 2:
                    bad(here, f"ordinale indicator '{spec.id}' heeft geen schaal van minstens twee niveaus")
    _units_findings(catalogue, bad)
    _rhythm_findings(catalogue, bad)
    if catalogue.status_rule not in STATUS_RULES:
        meant = closest(catalogue.status_rule, list(STATUS_RULES))
        bad(
            ("statusregel",),
            f"statusregel '{catalogue.status_rule}' bestaat niet; kies uit: {', '.join(STATUS_RULES)}."
            f"{did_you_mean(meant)}",
        )
    return found


def _units_findings(catalogue: Catalogue, bad: Callable[..., None]) -> None:
    """Each unit once, and a unit's word in both numbers or in neither."""
    seen: set[str] = set()
    for u, unit in enumerate(catalogue.own_units or []):
        if unit.code in seen:
            bad(("eenheden", u, "code"), f"eenheid '{unit.code}' staat twee keer in de catalogus")
        seen.add(unit.code)
        if bool(unit.singular) != bool(unit.plural):
            bad(("eenheden", u), f"eenheid '{unit.code}' heeft een enkelvoud en een meervoud nodig, of geen van beide")
        if (unit.singular or unit.plural) and unit.suffix:
            bad(("eenheden", u, "achter"), f"eenheid '{unit.code}' heeft 'achter' én enkelvoud/meervoud; kies één")


def _rhythm_findings(catalogue: Catalogue, bad: Callable[..., None]) -> None:
    """The periods: named as years, in order, without overlap, within the strategy's years."""
    strategy = catalogue.strategy
    if strategy.last_year < strategy.first_year:
        bad(("strategie", "laatste_jaar"), f"het laatste jaar {strategy.last_year} ligt vóór het eerste jaar")
        return
    if catalogue.own_periods is not None and catalogue.period_length is not None:
        bad(("periode_jaren",), "geef 'periode_jaren' of 'perioden', niet allebei")
    if catalogue.own_periods is None:
        return
    if not catalogue.own_periods:
        bad(("perioden",), "de lijst 'perioden' is leeg")
    previous_last: int | None = None
    for i, name in enumerate(catalogue.own_periods):
        if not is_period(name):
            bad(("perioden", i), f"periode '{name}' heeft niet de vorm JJJJ of JJJJ-JJJJ")
            continue
        first, last = period_years(name)
        if last < first:
            bad(("perioden", i), f"periode '{name}' eindigt vóór ze begint")
        elif first < strategy.first_year or last > strategy.last_year:
            bad(
                ("perioden", i),
                f"periode '{name}' valt buiten de looptijd van de strategie "
                f"({strategy.first_year}-{strategy.last_year})",
            )
        elif previous_last is not None and first <= previous_last:
            bad(("perioden", i), f"periode '{name}' overlapt de periode ervoor of staat er niet na")
        previous_last = max(previous_last or last, last)


def catalogue_checks(doc: Document, sub: SubmissionParts, catalogue: Catalogue, add: Add) -> Goal | None:
    """The catalogue layer; returns the goal the submission is for, when it exists."""
    _period_checks(doc, sub, catalogue, add)
    _name_checks(doc, sub, catalogue, add)
    if sub.department is not None and sub.department not in catalogue.department_names:
        meant = closest(sub.department, list(catalogue.department_names))
        add(
            C002,
            (Key.DEPARTMENT,),
            f"departement '{sub.department}' bestaat niet in de catalogus.{did_you_mean(meant)}",
            suggestion=meant,
        )
    if sub.goal is None:
        return None
    goal = catalogue.goals.get(sub.goal)
    if goal is None:
        numbers = sorted(catalogue.goals)
        add(
            C001,
            (Key.GOAL,),
            f"doel {sub.goal} bestaat niet; de {catalogue.strategy.short_title} kent de "
            f"{catalogue.levels.goal.plural} {numbers[0]} tot en met {numbers[-1]}",
        )
        return None
    if sub.department in catalogue.department_names and sub.department not in goal.departments:
        add(
            C009,
            (Key.DEPARTMENT,),
            f"{sub.department} levert volgens de catalogus niet aan voor doel "
            f"{goal.number}; wel: {', '.join(goal.departments)}",
        )
    _indicator_checks(doc, sub, goal, list(catalogue.units), add)
    return goal


def _period_checks(doc: Document, sub: SubmissionParts, catalogue: Catalogue, add: Add) -> None:
    """The period must be the strategy's, and the name of the folder the file is in."""
    if sub.period is None:
        return
    if sub.period not in catalogue.periods:
        add(C006, (Key.PERIOD,), catalogue.unknown_period(sub.period))
    folder = doc.path.parent.name
    if is_period(folder) and folder != sub.period:
        add(
            C005,
            (Key.PERIOD,),
            f"het bestand staat in de map {folder}/ maar meldt periode {sub.period}",
            hint=f"Verplaats het bestand naar {sub.period}/ of corrigeer de periode.",
        )


def _name_checks(doc: Document, sub: SubmissionParts, catalogue: Catalogue, add: Add) -> None:
    """A file named as `gbvs new` names it (`doel-05-DEF.yaml`) must be about that goal and
    department (C011); a name in another form is not checked."""
    parts = name_parts(doc.path.name)
    if parts is None:
        return
    number, word = parts
    codes = {code.casefold(): code for code in catalogue.department_names}
    named = codes.get(word.casefold()) if word else None
    goal = sub.goal if sub.goal is not None else number
    known = sub.department if sub.department in catalogue.department_names else None
    department = known or (named if sub.department is None else None)  # a name with a known code only
    right = f"doel-{goal:02d}-{department}{doc.path.suffix}" if department else ""

    def hint(field: str) -> str:  # the names come from the file: never a format string
        return f"Hernoem het bestand naar {right}, of corrigeer {field}." if right else f"Corrigeer {field}."

    if sub.goal is not None and sub.goal != number:
        add(
            C011,
            (Key.GOAL,),
            f"de bestandsnaam {doc.path.name} noemt doel {number}, maar het bestand meldt doel {sub.goal}",
            hint=hint(f"'doel' als het bestand over doel {number} gaat"),
        )
    if named is not None and sub.department is not None and sub.department.casefold() != named.casefold():
        add(
            C011,
            (Key.DEPARTMENT,),
            f"de bestandsnaam {doc.path.name} noemt departement {named}, maar het bestand meldt {sub.department}",
            hint=hint(f"'departement' als het bestand van {named} is"),
        )


def _indicator_checks(doc: Document, sub: SubmissionParts, goal: Goal, units: list[str], add: Add) -> None:
    """Each indicator must belong to the goal's schema, with its kind, unit and scale; every
    required indicator must be there."""
    expected = [s.id for s in goal.indicators]
    for i, indicator_id in sub.ids:
        if goal.indicator(indicator_id) is None:
            meant = closest(indicator_id, expected)
            add(
                C003,
                (Key.INDICATORS, i, Key.ID),
                f"indicator '{indicator_id}' hoort niet bij doel {goal.number}.{did_you_mean(meant)}",
                suggestion=meant,
                hint=f"Doel {goal.number} kent: {', '.join(expected) or 'geen indicatoren'}.",
            )
    for i, indicator in sub.indicators:
        at = (Key.INDICATORS, i)
        spec = goal.indicator(indicator.id)
        if spec is None:
            continue
        if spec.kind.value != indicator.kind:
            add(
                C004,
                (*at, Key.KIND),
                f"indicator '{spec.id}' is volgens het doelschema {spec.kind.value}, niet {indicator.kind}",
            )
            continue
        if isinstance(indicator, NumericIndicator) and indicator.unit not in units:
            meant = closest(indicator.unit, list(units))
            add(
                C004,
                (*at, Key.UNIT),
                f"eenheid '{indicator.unit}' staat niet in de catalogus; kies uit: "
                f"{', '.join(units)}.{did_you_mean(meant)}",
                suggestion=meant,
            )
        elif isinstance(indicator, NumericIndicator) and spec.unit and indicator.unit != spec.unit:
            add(
                C004,
                (*at, Key.UNIT),
                f"indicator '{spec.id}' heeft als eenheid '{spec.unit}', niet '{indicator.unit}'",
            )
        if isinstance(indicator, OrdinalIndicator):
            for where, value in ordinal_points(indicator):
                if value not in spec.scale:
                    meant = closest(value, list(spec.scale))
                    add(
                        C007,
                        (*at, *where, Key.VALUE),
                        f"'{value}' staat niet op de schaal van '{spec.id}': "
                        f"{', '.join(spec.scale)}.{did_you_mean(meant)}",
                        suggestion=meant,
                    )
    if sub.department is not None and isinstance(doc.data.get(Key.INDICATORS, []), list):
        present = {indicator_id for _, indicator_id in sub.ids}
        for spec in goal.indicators:
            if spec.required and spec.department == sub.department and spec.id not in present:
                add(
                    C010,
                    (Key.INDICATORS,),
                    f"indicator '{spec.id}' ({spec.name}) ontbreekt; doel {goal.number} "
                    f"vraagt haar van {sub.department}",
                    key=True,
                )


def ordinal_points(indicator: OrdinalIndicator) -> list[tuple[tuple[PathPart, ...], str]]:
    """Every level an ordinal indicator names, with its path inside the indicator."""
    points: list[tuple[tuple[PathPart, ...], str]] = [
        ((Key.BASELINE,), indicator.baseline.value),
        ((Key.TARGET,), indicator.target.value),
    ]
    return points + [((Key.ACTUALS, j), a.value) for j, a in enumerate(indicator.actuals)]
