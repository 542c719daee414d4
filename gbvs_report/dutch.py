"""Dutch notation: lists ("a, b en c"), numbers ("1.234,5") and dates ("1 maart 2021"), from
Babel's CLDR data rather than by hand. The one place for them: the messages, the report and the
open data all write numbers and dates with these functions (`report/formatting.py` adds units).
Babel is imported only when a finding or a text needs it, so that a clean `gbvs validate` does
not pay for it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from decimal import Decimal

LOCALE = "nl_NL"


def words(items: Iterable[object], style: Literal["standard", "or"] = "standard") -> str:
    """`a, b en c` (`style="or"`: `a, b of c`)."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], style=style, locale=LOCALE)


# Room for every digit of the largest float (some 309 before the point) and its decimals, so
# that rounding never runs out of precision: Babel rounds in the current decimal context, whose
# default of 28 digits raises `InvalidOperation` from about 1e27 on. Validation keeps values in a
# submission far below that (S005); a message may still show what a file says, however large.
_PRECISION = 400

NOT_FINITE = {"inf": "oneindig", "-inf": "min oneindig", "nan": "geen getal"}
"""How a value that is no finite number reads (a YAML `.inf` or `.nan` in a message)."""


def _rounded(value: float, decimals: int) -> Decimal:
    """A finite float as an exact decimal rounded to `decimals` places (half to even, as Babel
    rounds); a value that rounds to zero is plain 0, never -0."""
    import decimal
    from decimal import Decimal

    exact = Decimal(repr(float(value)))
    with decimal.localcontext(prec=_PRECISION):
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_EVEN)
    return rounded if rounded != 0 else Decimal(0)


def formatted(value: float, pattern: str, decimals: int) -> str:
    """`value` in a Babel number `pattern` for `nl_NL`, rounded to `decimals` places, exactly,
    however large or small; a value that is no finite number in words (`NOT_FINITE`)."""
    if not math.isfinite(value):
        return NOT_FINITE[repr(float(value))]
    import decimal

    from babel.numbers import format_decimal

    with decimal.localcontext(prec=_PRECISION):
        return format_decimal(_rounded(value, decimals), format=pattern, locale=LOCALE)


def number(value: float, decimals: int = 2) -> str:
    """`1234567.8` → `1.234.567,8`; up to `decimals` decimals, none if the value is whole.
    Every float is written, never an exception: -0 as `0`, 1e27 with all its digits, infinity
    and NaN in words."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return formatted(value, pattern, decimals)


def date(value: dt.date | None) -> str:
    """`2021-03-01` → `1 maart 2021`; nothing for no date."""
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
