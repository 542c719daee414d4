"""Where a key of the format belongs, for a key that stands where it does not: indented one
level too shallow (it fell out of the mapping above it) or too deep (it sits inside the mapping
before it). Layer S: an unknown-key finding (S001) that says where the key goes, and how far to
indent it, instead of "bedoelt u ...?" with the same word."""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

from pydantic import BaseModel

from .codes import S001
from .diagnostics import Diagnostic, diagnostic
from .dutch import path_words, words
from .load import Document, PathPart, value_at

Slot = tuple[str, ...]
"""A place in the format: the keys from the top, '*' for an item of a list."""


@cache
def slots(model: type[BaseModel]) -> dict[Slot, frozenset[str]]:
    """Every mapping of the format, by its slot, with the keys it allows."""
    found: dict[Slot, set[str]] = {}

    def walk(sub: type[BaseModel], slot: Slot) -> None:
        keys = found.setdefault(slot, set())
        for name, info in sub.model_fields.items():
            key = info.alias or name
            keys.add(key)
            many = _is_list(info.annotation)
            for nested in nested_models(info.annotation):
                walk(nested, (*slot, key, "*") if many else (*slot, key))

    walk(model, ())
    return {slot: frozenset(keys) for slot, keys in found.items()}


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(arg) in (list, tuple) for arg in (annotation, *typing.get_args(annotation)))


def slot_of(path: tuple[PathPart, ...]) -> Slot:
    """The slot of a place in the data: `("indicatoren", 0, "nulmeting")` → `("indicatoren", "*", "nulmeting")`."""
    return tuple("*" if isinstance(p, int) else str(p) for p in path)


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation holds (in a list, a union or an `Annotated`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found += nested_models(arg)
    if hasattr(annotation, "__metadata__"):
        found += nested_models(annotation.__origin__)
    return found


def misplaced(
    doc: Document, path: tuple[PathPart, ...], allowed: dict[Slot, frozenset[str]], moved: set[Any]
) -> Diagnostic:
    """A key the format knows, in a mapping where it does not belong: where it does belong.
    Most often it is indented one level too shallow (it fell out of the mapping above it) or
    too deep (it sits inside the mapping before it)."""
    parent, name = path[:-1], str(path[-1])
    line, col = doc.locate(path, key=True)
    target = _belongs_under(doc, parent, name, allowed)
    if target is None:
        places = sorted({_slot_words(slot) for slot, keys in allowed.items() if name in keys})
        here = f"onder '{path_words(parent)}'" if parent else "op het hoogste niveau"
        return diagnostic(
            S001,
            f"sleutel '{name}' hoort niet {here}; wel {words(places, style='or')}",
            doc.display,
            line,
            col,
            path,
            hint="Controleer de inspringing van deze regel en die erboven.",
        )
    moved.add((target, name))
    where = f"onder '{path_words(target)}'" if target else "op het hoogste niveau"
    return diagnostic(
        S001,
        f"sleutel '{name}' staat niet op zijn plaats: hij hoort {where}",
        doc.display,
        line,
        col,
        path,
        hint=_indent_hint(doc, name, col, target),
    )


def _belongs_under(
    doc: Document, parent: tuple[PathPart, ...], name: str, allowed: dict[Slot, frozenset[str]]
) -> tuple[PathPart, ...] | None:
    """The mapping a misplaced key belongs in: the deepest mapping at the end of the entry
    before it (indented too shallow), else the nearest mapping around it (too deep)."""

    def fits(at: tuple[PathPart, ...], value: Any) -> bool:
        keys = allowed.get(slot_of(at), frozenset())
        return name in keys and (value is None or (isinstance(value, dict) and name not in value))

    container = value_at(doc.data, parent)
    if isinstance(container, dict):
        here = allowed.get(slot_of(parent), frozenset())
        keys = list(container)
        index = keys.index(name) if name in keys else len(keys)
        # Back over the keys before it that do not belong here either (fallen out with it),
        # to the entry it fell out of; then down that entry's last values.
        earlier = [k for k in reversed(keys[:index])]
        while earlier and earlier[0] not in here:
            earlier.pop(0)
        if earlier:
            at: tuple[PathPart, ...] = (*parent, earlier[0])
            value = container[earlier[0]]
            best = None
            while True:
                if fits(at, value):
                    best = at
                if isinstance(value, dict) and value:
                    last = list(value)[-1]
                    at, value = (*at, last), value[last]
                elif isinstance(value, list) and value:
                    at, value = (*at, len(value) - 1), value[-1]
                else:
                    break
            if best is not None:
                return best
    for end in range(len(parent) - 1, -1, -1):
        at = parent[:end]
        if not (at and isinstance(at[-1], int)) and fits(at, value_at(doc.data, at)):
            return at
    return None


def _slot_words(slot: Slot) -> str:
    """Where a slot is, in words: "op het hoogste niveau", "onder 'toelichting'", "in een realisatie"."""
    if not slot:
        return "op het hoogste niveau"
    if slot[-1] == "*":
        return f"in een {path_words((slot[-2], 0)).rsplit(' ', 1)[0]}"
    return f"onder '{slot[-1]}'"


def _indent_hint(doc: Document, name: str, column: int, target: tuple[PathPart, ...]) -> str:
    """How far to move the key: as far as the keys already in the mapping it belongs in."""
    beside = [(p[-1], pos) for p, pos in doc.key_positions.items() if p[:-1] == target]
    shift_to = ""
    if beside:
        other, (_, wanted) = beside[0]
        shift_to = f", even ver als '{other}:'"
    elif target and isinstance(target[-1], str):
        wanted = doc.locate(target, key=True)[1] + 2
        shift_to = f" dan '{target[-1]}:'"
    elif target:
        wanted = doc.locate(target)[1]
        shift_to = f", even ver als de eerste sleutel van '{path_words(target)}'"
    else:
        wanted, shift_to = 1, ", tot het begin van de regel"
    shift = wanted - column
    if shift == 0:
        return f"Zet '{name}:' direct onder de regels van '{path_words(target)}'."
    spaces = f"{abs(shift)} {'spatie' if abs(shift) == 1 else 'spaties'}"
    return f"Laat '{name}:' {spaces} {'verder' if shift > 0 else 'minder ver'} inspringen{shift_to}."
