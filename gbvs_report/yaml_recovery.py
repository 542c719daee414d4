"""After a YAML syntax error: set the broken lines aside and read the rest of the file.

libyaml stops at the first syntax error, so a wrong indentation would hide every later
mistake in the file. `recover` blanks the line the error is on (or the line where an unclosed
quote or bracket began, or the line before a missing colon, or such a line with the lines
indented under it) and parses again, one error at a time, choosing the blanking that gets the
parse furthest. Line numbers stay as they were: a blanked line is an empty line.

The recovered text is only ever used to look for more findings; it is never the file's
content (see `Document.set_aside`), so nothing is reported or built from a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import YAMLError

MAX_ROUNDS = 12
"""At most this many syntax errors are worked around in one file."""
MAX_CHARACTERS = 200_000
"""A larger text is not recovered: a submission is a few kilobytes, and every round parses
the text a few times."""


@dataclass
class Recovery:
    """What recovery set aside and the syntax errors it met on the way, in order."""

    root: Any
    """The node tree of the text with the set-aside lines blanked."""
    errors: list[YAMLError]
    set_aside: dict[int, int] = field(default_factory=dict)
    """Each blanked line (1-based) and the line of the syntax error it was set aside for."""


def recover(
    text: str, first: YAMLError, compose: Callable[[str], Any], locate: Callable[[YAMLError], int]
) -> Recovery | None:
    """The node tree of `text` with the fewest broken lines blanked, or None when no blanking
    gets past the errors within `MAX_ROUNDS`. `compose` parses a text (with every refusal of a
    hostile file) and raises `YAMLError` at the first syntax error; `locate` gives the 1-based
    line an error is reported on, which is the first line tried."""
    if len(text) > MAX_CHARACTERS:
        return None
    lines = text.split("\n")
    aside: dict[int, int] = {}
    errors = [first]
    error = first
    for _ in range(MAX_ROUNDS):
        origin = locate(error) - 1
        best: tuple[tuple[int, int, int], frozenset[int], YAMLError] | None = None
        for candidate in _candidates(error, origin, lines, aside):
            trial = {**aside, **dict.fromkeys(candidate, origin + 1)}
            try:
                root = compose(_blanked(lines, trial))
            except YAMLError as again:
                progress = (locate(again), *_position(again, text))
                if progress > (locate(error), *_position(error, text)) and (best is None or progress > best[0]):
                    best = (progress, candidate, again)
                continue
            if root is None:  # nothing left to check
                continue
            return Recovery(root, errors, {line + 1: at for line, at in sorted(trial.items())})
        if best is None:
            tail = _tail(lines, origin, aside)
            if not tail:
                return None
            # Nothing gets past this error: check what comes before it.
            trial = {**aside, **dict.fromkeys(tail, origin + 1)}
            try:
                root = compose(_blanked(lines, trial))
            except YAMLError:
                return None
            if root is None:  # nothing before the error to check
                return None
            return Recovery(root, errors, {line + 1: at for line, at in sorted(trial.items())})
        _, candidate, error = best
        aside.update(dict.fromkeys(candidate, origin + 1))
        errors.append(error)
    return None


def _tail(lines: list[str], start: int, aside: dict[int, int]) -> frozenset[int]:
    """The line `start` and every line after it that is not blank or set aside already."""
    return frozenset(i for i in range(max(start, 0), len(lines)) if lines[i].strip() and i not in aside)


def _blanked(lines: list[str], aside: dict[int, int]) -> str:
    return "\n".join("" if i in aside else line for i, line in enumerate(lines))


def _position(error: YAMLError, text: str) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return (mark.line, mark.column)
    position = getattr(error, "position", None)  # the reader refuses a character
    index = max(0, min(position, len(text))) if isinstance(position, int) else 0
    return (text.count("\n", 0, index), 0)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _with_children(lines: list[str], index: int) -> frozenset[int]:
    """A line and the lines after it that are indented further (its value, when it is a key)."""
    found = {index}
    own = _indent(lines[index])
    for i in range(index + 1, len(lines)):
        line = lines[i]
        if line.strip() and _indent(line) <= own:
            break
        found.add(i)
    return frozenset(found)


def _candidates(error: YAMLError, first: int, lines: list[str], aside: dict[int, int]) -> Iterator[frozenset[int]]:
    """The lines that may be set aside for `error` (reported on the 0-based line `first`),
    most likely first; each set once."""
    usable = [i for i, line in enumerate(lines) if line.strip() and i not in aside]

    def before(index: int) -> int | None:
        earlier = [i for i in usable if i < index]
        return earlier[-1] if earlier else None

    if (getattr(error, "context", None) or "").startswith("expected a single document"):
        return  # a second document ('---'): only the first is a submission; see `_tail`
    problem = getattr(error, "problem_mark", None)
    lines_of_error = [first]
    if problem is not None and problem.line != first:
        lines_of_error.append(int(problem.line))
    tried: set[frozenset[int]] = set()
    options: list[frozenset[int]] = []
    for index in lines_of_error:
        options.append(frozenset({index}))
        earlier = before(index)
        if earlier is not None:
            options.append(frozenset({earlier}))  # a missing colon or quote one line up
    for index in lines_of_error:
        if 0 <= index < len(lines):
            options.append(_with_children(lines, index))
    tabs = frozenset(i for i in usable if "\t" in lines[i][: len(lines[i]) - len(lines[i].lstrip(" \t"))])
    if tabs:
        options.append(tabs)  # every line indented with a tab at once
    for option in options:
        kept = frozenset(i for i in option if i in usable)
        if kept and kept not in tried:
            tried.add(kept)
            yield kept
