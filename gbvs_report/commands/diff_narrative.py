"""What changed in a department's narrative (results and outlook), located at the first line
of text that changed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..model.submission import Key, Submission
from .diff_model import Change, Kind, Side
from .diff_sides import Pair

SECTIONS = (("results", Key.RESULTS), ("outlook", Key.OUTLOOK))


def narrative_changes(pair: Pair, old: Submission, new: Submission) -> Iterator[Change]:
    for attribute, key in SECTIONS:
        before, after = getattr(old.narrative, attribute), getattr(new.narrative, attribute)
        if before.strip() != after.strip():
            at = (Key.NARRATIVE, key)
            change = pair.change(
                Kind.NARRATIVE,
                f"Toelichting van {pair.department}, {key}",
                at,
                before,
                at,
                after,
                before,
                after,
                field=key,
            )
            first = _first_difference(before, after)
            yield replace(
                change,
                old=_at_text_line(change.old, pair.old_path, first),
                new=_at_text_line(change.new, pair.new_path, first),
            )


def _first_difference(old: str, new: str) -> int:
    """The index of the first line that differs between two texts."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    return next(
        (i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b), min(len(old_lines), len(new_lines))
    )


_LITERAL_BLOCK = re.compile(r":\s*\|[-+0-9]*\s*(#.*)?$")


def _at_text_line(side: Side | None, path: Path, index: int) -> Side | None:
    """For a literal block (`resultaten: |`), the line of the first changed line of text
    instead of the line of the key; its lines stand one for one in the file."""
    if side is None or not side.line:
        return side
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return side
    if side.line > len(lines) or not _LITERAL_BLOCK.search(lines[side.line - 1]):
        return side
    return replace(side, line=min(side.line + 1 + index, len(lines)))
