"""Invisible characters in text fields: bidirectional controls, zero-width and other invisible
characters (P009), whether written as themselves or as an escape in a double-quoted string.

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

INVISIBLE = re.compile(
    "[\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164"
    "\ufeff\uffa0\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
"""Bidirectional controls (embeddings, overrides, isolates, marks), zero-width and other
invisible format characters, fillers that show as nothing, and the tag characters (which can
carry hidden ASCII text)."""

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
    "\u061c": "Arabische lettermarkering",
    "\u200b": "spatie zonder breedte",
    "\u200c": "scheider zonder breedte",
    "\u200d": "verbinder zonder breedte",
    "\u2060": "woordverbinder",
    "\u2061": "onzichtbare functietoepassing",
    "\u2062": "onzichtbaar maalteken",
    "\u2063": "onzichtbaar scheidingsteken",
    "\u2064": "onzichtbaar plusteken",
    "\u180e": "Mongoolse klinkerscheider",
    "\ufeff": "byte order mark",
    "\u115f": "Hangul-opvulteken",
    "\u1160": "Hangul-opvulteken",
    "\u3164": "Hangul-opvulteken",
    "\uffa0": "Hangul-opvulteken",
    "\ufff9": "interlineaire annotatie",
    "\ufffa": "interlineaire annotatie",
    "\ufffb": "interlineaire annotatie",
}
"""The Dutch name of each invisible character, for the message; the tag characters are named
by `name`."""

_ESCAPE = re.compile(r"\\[uU]")


def name(character: str) -> str:
    """The Dutch name of an invisible character."""
    if character in NAMES:
        return NAMES[character]
    return "tagteken met verborgen tekst" if "\U000e0000" <= character <= "\U000e007f" else "onzichtbaar teken"


def might_hold(text: str) -> bool:
    """Whether a file's text may hold an invisible character in a value: the character itself, or
    an escape (\\u202e in a double-quoted string) that YAML turns into one. A cheap look at the
    whole text, so that the fields are searched only when needed."""
    return bool(INVISIBLE.search(text) or _ESCAPE.search(text))


def shown(text: str) -> str:
    """`text` with each invisible character as a visible mark ([U+202E]): for a page that shows
    a submission's text to someone checking it, where a character that reverses or hides text
    must be seen, not obeyed."""
    return INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def invisible_characters(data: Any, add: Add) -> None:
    """A warning at each text field that holds an invisible character, naming them."""
    for at, text in _texts(data, ()):
        found = list(dict.fromkeys(INVISIBLE.findall(text)))
        if not found:
            continue
        names = ", ".join(f"U+{ord(c):04X} ({name(c)})" for c in found)
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
