"""Layer S, what the schema cannot say: each indicator once in a file, each year once per indicator.

A second indicator with the same id, or a second realisation over the same year, leaves every
reader of the file to choose which one counts: the report would show one, the open data both,
`gbvs diff` either. No choice is made: both are errors (S007, S008), located at the second
occurrence and naming the line of the first.
"""

from __future__ import annotations

from collections.abc import Callable

from ..codes import S007, S008
from ..load import PathPart
from ..model.submission import Key, MilestoneIndicator
from ..validation import SubmissionParts

Add = Callable[..., None]
LineOf = Callable[[tuple[PathPart, ...]], int]
"""The 1-based line of the value at a path in the file."""


def uniqueness_checks(sub: SubmissionParts, add: Add, line_of: LineOf) -> None:
    first_id: dict[str, int] = {}
    for i, indicator_id in sub.ids:
        if indicator_id in first_id:
            at: tuple[PathPart, ...] = (Key.INDICATORS, first_id[indicator_id], Key.ID)
            add(
                S007,
                (Key.INDICATORS, i, Key.ID),
                f"indicator '{indicator_id}' staat al in dit bestand, op regel {line_of(at)}",
                hint="Voeg de twee samen of verwijder er één: gbvs kiest niet welke telt.",
            )
        else:
            first_id[indicator_id] = i
    for i, indicator in sub.indicators:
        if isinstance(indicator, MilestoneIndicator):
            continue
        first_year: dict[int, int] = {}
        for j, actual in enumerate(indicator.actuals):
            if actual.year in first_year:
                at = (Key.INDICATORS, i, Key.ACTUALS, first_year[actual.year], Key.YEAR)
                add(
                    S008,
                    (Key.INDICATORS, i, Key.ACTUALS, j, Key.YEAR),
                    f"'{indicator.id}' heeft al een realisatie over {actual.year}, op regel {line_of(at)}",
                    hint="Houd per jaar één realisatie over: gbvs kiest niet welke waarde telt.",
                )
            else:
                first_year[actual.year] = j
