"""Dutch notation for the tool's own words: lists ("a, b en c"), numbers ("1.234,5") and dates
("1 maart 2021"), from Babel's CLDR data rather than by hand. Babel is imported only when a
finding or a text needs it, so that a clean `gbvs validate` does not pay for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

LOCALE = "nl_NL"


def words(items: Iterable[object], style: Literal["standard", "or"] = "standard") -> str:
    """`a, b en c` (`style="or"`: `a, b of c`)."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], style=style, locale=LOCALE)


def number(value: float, decimals: int = 2) -> str:
    """`1234567.8` → `1.234.567,8`; up to `decimals` decimals, none if the value is whole; -0 is 0."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=LOCALE)
    return "0" if text in ("-0", "−0") else text


def date(value: dt.date | None) -> str:
    """`2021-03-01` → `1 maart 2021`."""
    if value is None:
        return ""
    from babel.dates import format_date

    return format_date(value, format="d MMMM y", locale=LOCALE)


def shown(value: object) -> str:
    """A value from a submission in a sentence: numbers and dates in Dutch notation."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, dt.date):
        return date(value)
    return str(value)


def path_words(path: tuple[str | int, ...]) -> str:
    """A place in a submission as people count: `("indicatoren", 1, "realisaties", 0, "waarde")`
    → `indicator 2, realisatie 1, waarde`. The JSON output keeps the machine path."""
    singular = {
        "indicatoren": "indicator",
        "realisaties": "realisatie",
        "doelen": "doel",
        "pijlers": "pijler",
        "departementen": "departement",
        "bijdragend": "bijdragend departement",
        "schaal": "niveau",
        "mede_namens": "naam",
    }
    parts: list[str] = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            parent = path[i - 1] if i else ""
            label = singular.get(str(parent), "item")
            if parts and str(parent) in singular:
                parts[-1] = f"{label} {part + 1}"
            else:
                parts.append(f"{label} {part + 1}")
        else:
            parts.append(str(part))
    return ", ".join(parts)
