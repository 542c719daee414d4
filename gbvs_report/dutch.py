"""Dutch for lists of words: "a, b en c", from Babel's CLDR data rather than by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

LOCALE = "nl_NL"


def words(items: Iterable[object], style: Literal["standard", "or"] = "standard") -> str:
    """`a, b en c` (`style="or"`: `a, b of c`); Babel is imported only when a list is written."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], style=style, locale=LOCALE)
