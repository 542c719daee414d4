"""Invisible characters in text fields: bidirectional controls and zero-width characters (P009).

They are a warning, not an error: they mostly come along when text is copied from a web page
or a word processor. An explicit override (U+202E) can reverse the text after it, the report's
own words included; the report takes the explicit controls out of submission text
(`report.formatting.plain`), and this check asks the department to take them all out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..codes import P009
from ..load import PathPart

Add = Callable[..., None]

INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff]")
"""Bidirectional controls (embeddings, overrides, isolates, marks) and zero-width characters."""

NAMES = {
    "\u202a": "inbedding links-naar-rechts",
    "\u202b": "inbedding rechts-naar-links",
    "\u202c": "einde inbedding of omkering",
    "\u202d": "omkering links-naar-rechts",
    "\u202e": "omkering rechts-naar-links",
    "\u2066": "isolatie links-naar-rechts",
    "\u2067": "isolatie rechts-naar-links",
    "\u2068": "isolatie eerste sterke teken",
    "\u2069": "einde isolatie",
    "\u200e": "markering links-naar-rechts",
    "\u200f": "markering rechts-naar-links",
    "\u200b": "spatie zonder breedte",
    "\u200c": "scheider zonder breedte",
    "\u200d": "verbinder zonder breedte",
    "\u2060": "woordverbinder",
    "\ufeff": "byte order mark",
}
"""The Dutch name of each invisible character, for the message."""


def invisible_characters(data: Any, add: Add) -> None:
    """A warning at each text field that holds an invisible character, naming them."""
    for at, text in _texts(data, ()):
        found = list(dict.fromkeys(INVISIBLE.findall(text)))
        if not found:
            continue
        names = ", ".join(f"U+{ord(c):04X} ({NAMES[c]})" for c in found)
        add(
            P009,
            at,
            f"de tekst bevat {'een onzichtbaar teken' if len(found) == 1 else 'onzichtbare tekens'}: {names}",
            hint="Verwijder het teken; in veel editors wordt het zichtbaar met 'onzichtbare tekens tonen'.",
        )


def _texts(data: Any, at: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    if isinstance(data, str):
        yield at, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield from _texts(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*at, i))
