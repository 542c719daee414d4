"""Layer X, across files: what no single file can show.

The same department, goal and period submitted twice; one indicator reported by two
departments with different values; a baseline or target that changed since the previous
period's submission without a word of explanation; a source dated after the letter that cites
it (the settings' letter date against a submission, X004); two file names that are one name on
Windows and macOS (X005). Only files the schema accepts take part in the rules about content,
each as an `Entry` that knows where its values are: nothing is read again here.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..clock import Dated, DateSource
from ..codes import X001, X002, X003, X004, X005
from ..diagnostics import Diagnostic, Rule, diagnostic
from ..dutch import date, shown
from ..load import PathPart
from ..model.submission import Key, MilestoneIndicator, Submission

Locate = Callable[[tuple[PathPart, ...]], tuple[int, int]]


@dataclass(frozen=True)
class Entry:
    """A submission the schema accepts, with its name and the way to its values' positions."""

    key: str
    """The file's absolute path, as text: a file named twice is one submission."""
    name: str
    submission: Submission
    locate: Locate = field(compare=False, repr=False)

    @functools.cached_property
    def workspace(self) -> str:
        """The folder that holds the period folders: files of different workspaces never meet."""
        return os.path.dirname(os.path.dirname(self.key))


def cross_check(entries: list[Entry], earlier: list[Entry], previous_period: Callable[[str], str]) -> list[Diagnostic]:
    """Findings between the files of one run; `earlier` are submissions of previous periods
    that the run did not check itself, for the comparison with the previous period."""
    unique = list({entry.key: entry for entry in reversed(entries)}.values())  # the first of each
    found: list[Diagnostic] = []
    found += _duplicates(unique)
    found += _conflicts(unique)
    found += _changed_since_previous(unique, earlier, previous_period)
    return found


def _at(entry: Entry, at: tuple[PathPart, ...], rule: Rule, message: str, hint: str = "") -> Diagnostic:
    line, column = entry.locate(at)
    return diagnostic(rule, message, entry.name, line, column, at, hint)


def _duplicates(entries: list[Entry]) -> list[Diagnostic]:
    first: dict[tuple[Any, ...], Entry] = {}
    found = []
    for entry in sorted(entries, key=lambda e: e.name):
        sub = entry.submission
        key = (entry.workspace, sub.period, sub.goal, sub.department)
        if key in first:
            found.append(
                _at(
                    entry,
                    (Key.DEPARTMENT,),
                    X001,
                    f"{sub.department} levert voor doel {sub.goal} in {sub.period} ook aan in {first[key].name}",
                    "Voeg de twee bestanden samen of verwijder er één.",
                )
            )
        else:
            first[key] = entry
    return found


def _conflicts(entries: list[Entry]) -> list[Diagnostic]:
    """The same indicator, goal and period from two departments, with different values."""
    first: dict[tuple[Any, ...], tuple[Entry, Any]] = {}
    found = []
    for entry in sorted(entries, key=lambda e: e.name):
        sub = entry.submission
        for i, indicator in enumerate(sub.indicators):
            key = (entry.workspace, sub.period, sub.goal, indicator.id)
            if key not in first:
                first[key] = (entry, indicator)
                continue
            other, earlier = first[key]
            if other.submission.department == sub.department:
                continue  # the same department twice is a duplicate submission (X001)
            difference = _difference(earlier, indicator)
            if difference is not None:
                where, text = difference
                found.append(
                    _at(
                        entry,
                        (Key.INDICATORS, i, *where),
                        X002,
                        f"indicator '{indicator.id}' staat ook in {other.name} "
                        f"({other.submission.department}), maar {text}",
                        "Spreek af welk departement de indicator aanlevert en welke waarde klopt.",
                    )
                )
    return found


def _difference(a: Any, b: Any) -> tuple[tuple[PathPart, ...], str] | None:
    """The first place where two reports of one indicator disagree, and how, in words."""
    if a.kind != b.kind:
        return (Key.KIND,), f"daar is het een {a.kind}-indicator"
    if isinstance(a, MilestoneIndicator):
        for key, attribute in ((Key.PLANNED, "planned"), (Key.STATUS, Key.STATUS), (Key.REACHED, "reached")):
            mine, theirs = getattr(b, attribute), getattr(a, attribute)
            if mine != theirs:
                return (key,), f"daar is '{key}' {_text(theirs)} en hier {_text(mine)}"
        return None
    for key, attribute in ((Key.BASELINE, "baseline"), (Key.TARGET, "target")):
        mine, theirs = getattr(b, attribute), getattr(a, attribute)
        if (mine.value, mine.year) != (theirs.value, theirs.year):
            return (
                key,
            ), f"daar is de {key} {shown(theirs.value)} ({theirs.year}) en hier {shown(mine.value)} ({mine.year})"
    theirs_by_year = {actual.year: actual.value for actual in a.actuals}
    for j, actual in enumerate(b.actuals):
        if actual.year in theirs_by_year and theirs_by_year[actual.year] != actual.value:
            return (
                (Key.ACTUALS, j, Key.VALUE),
                f"daar is de realisatie over {actual.year} {shown(theirs_by_year[actual.year])} en hier "
                f"{shown(actual.value)}",
            )
    return None


def _text(value: Any) -> str:
    if value is None:
        return "leeg"
    return getattr(value, "value", None) or shown(value)


def _changed_since_previous(
    entries: list[Entry], earlier: list[Entry], previous_period: Callable[[str], str]
) -> list[Diagnostic]:
    """A baseline or target that differs from the previous period's, with no remark about it."""
    known = {_key(e, e.submission.period): e for e in [*earlier, *entries]}
    found = []
    for entry in entries:
        sub = entry.submission
        previous_name = previous_period(sub.period)
        previous = known.get(_key(entry, previous_name))
        if previous is None:
            continue
        ids = [i.id for i in previous.submission.indicators]
        before = {i.id: i for i in previous.submission.indicators if ids.count(i.id) == 1}  # never a guess (S007)
        for i, indicator in enumerate(sub.indicators):
            old = before.get(indicator.id)
            if (
                isinstance(indicator, MilestoneIndicator)
                or old is None
                or isinstance(old, MilestoneIndicator)
                or old.kind != indicator.kind
                or indicator.comment
            ):
                continue
            for key, attribute in ((Key.BASELINE, "baseline"), (Key.TARGET, "target")):
                new_point, old_point = getattr(indicator, attribute), getattr(old, attribute)
                if (new_point.value, new_point.year) != (old_point.value, old_point.year):
                    found.append(
                        _at(
                            entry,
                            (Key.INDICATORS, i, key),
                            X003,
                            f"de {key} van '{indicator.id}' was in {previous_name} {shown(old_point.value)} "
                            f"({old_point.year}) en is nu {shown(new_point.value)} ({new_point.year})",
                            "Licht de wijziging toe in 'opmerking' bij de indicator.",
                        )
                    )
    return found


def _key(entry: Entry, period: str) -> tuple[Any, ...]:
    return (entry.workspace, period, entry.submission.goal, entry.submission.department)


def late_sources(entries: list[Entry], letter: Dated) -> list[Diagnostic]:
    """A realisation whose peildatum falls after the letter's date: the letter cannot cite it (X004)."""
    found = []
    for entry in {e.key: e for e in entries}.values():
        for i, indicator in enumerate(entry.submission.indicators):
            for j, actual in enumerate(getattr(indicator, "actuals", ())):
                if actual.as_of > letter.date:
                    found.append(
                        _at(
                            entry,
                            (Key.INDICATORS, i, Key.ACTUALS, j, Key.AS_OF),
                            X004,
                            f"de peildatum {date(actual.as_of)} van '{indicator.id}' ligt na de datum van de "
                            f"brief ({letter_words(letter)}): de bron bestond nog niet toen de brief werd ondertekend",
                            "Citeer een uitgave van vóór de brief, of pas de datum van de brief aan "
                            "(brief.datum in gbvs.yaml).",
                        )
                    )
    return found


def letter_words(letter: Dated) -> str:
    """The letter's date as a message names it, with where it comes from when that is not the settings."""
    if letter.source is DateSource.SETTINGS:
        return date(letter.date)
    if letter.source is DateSource.EPOCH:
        return f"{date(letter.date)}, uit SOURCE_DATE_EPOCH: gbvs.yaml noemt geen brief.datum"
    return f"vandaag, {date(letter.date)}: gbvs.yaml noemt geen brief.datum"


def colliding_names(files: list[tuple[str, str]]) -> list[Diagnostic]:
    """Files in one folder whose names are one name on Windows and macOS, where case does not
    count and a letter with an accent is stored one way (X005). `files` holds each file's
    folder and its name as the messages show it (the path), in any order."""
    first: dict[tuple[str, str], str] = {}
    found = []
    for folder, shown_as in sorted(files):
        name = os.path.basename(shown_as)
        key = (folder, unicodedata.normalize("NFC", name).lower())
        if key not in first:
            first[key] = shown_as
            continue
        other = os.path.basename(first[key])
        if other == name:
            continue  # one file, named twice
        if other.lower() == name.lower():
            message = (
                f"de naam verschilt alleen in hoofd- en kleine letters van {other} in dezelfde map: "
                "op Windows en macOS is dat één bestand"
            )
        else:
            message = (
                f"de naam is die van {other} in dezelfde map, alleen met een teken met accent anders "
                "opgeslagen (Unicode NFC en NFD): op macOS is dat één bestand"
            )
        found.append(
            diagnostic(
                X005,
                message,
                shown_as,
                hint="Hernoem of verwijder één van de twee: bij het ophalen op zo'n systeem blijft er één over, "
                "en een rapport dat daar wordt gemaakt, mist de andere.",
            )
        )
    return found
