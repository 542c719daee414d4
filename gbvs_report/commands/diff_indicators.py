"""What changed in a department's indicators: each figure the report shows (nulmeting,
streefwaarde, a realisation with its peildatum and bron), each field of a milestone, and an
indicator that came or went as one change."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from ..load import PathPart
from ..model.catalogue import Catalogue
from ..model.submission import Key, MilestoneIndicator, NumericIndicator, OrdinalIndicator, Submission
from ..report import formatting
from .diff_model import Change, Kind
from .diff_sides import Pair

_AnyIndicator = NumericIndicator | OrdinalIndicator | MilestoneIndicator


def indicator_changes(pair: Pair, old: Submission, new: Submission) -> Iterator[Change]:
    old_ids = {ind.id: (i, ind) for i, ind in enumerate(old.indicators)}
    new_ids = {ind.id: (i, ind) for i, ind in enumerate(new.indicators)}
    for ident in list(new_ids) + [i for i in old_ids if i not in new_ids]:
        spec = pair.goal.indicator(ident)
        name = spec.name if spec else ident
        before, after = old_ids.get(ident), new_ids.get(ident)
        if before is not None and after is not None and before[1].kind != after[1].kind:
            yield from _whole_indicator(pair, name, ident, before, None)
            yield from _whole_indicator(pair, name, ident, None, after)
        elif before is None or after is None:
            yield from _whole_indicator(pair, name, ident, before, after)
        elif isinstance(after[1], MilestoneIndicator):
            yield from _milestone_changes(pair, name, ident, before, after)  # type: ignore[arg-type]
        else:
            yield from _figure_changes(pair, name, ident, before, after)  # type: ignore[arg-type]


def _show(value: Any, indicator: _AnyIndicator, catalogue: Catalogue) -> str:
    if isinstance(value, str):
        return value
    return formatting.quantity(
        value, catalogue.unit(indicator.unit) if isinstance(indicator, NumericIndicator) else None
    )


_Figures = dict[tuple[str, int | None], tuple[tuple[PathPart, ...], Any, str]]


def _figures(index: int, indicator: NumericIndicator | OrdinalIndicator, catalogue: Catalogue) -> _Figures:
    """Every figure the report shows of an indicator, by (field, year): its place in the
    document, its value and the value as the report writes it. Nulmeting and streefwaarde are
    one figure each, with their year in the text; a realisation brings its peildatum and bron."""
    base: tuple[PathPart, ...] = (Key.INDICATORS, index)
    figures: _Figures = {}
    for key, point in ((Key.BASELINE, indicator.baseline), (Key.TARGET, indicator.target)):
        figures[(key, None)] = (
            (*base, key, Key.VALUE),
            {"waarde": point.value, Key.YEAR: point.year},
            f"{_show(point.value, indicator, catalogue)} ({point.year})",
        )
    for j, actual in enumerate(indicator.actuals):
        at = (*base, Key.ACTUALS, j)
        figures[("realisatie", actual.year)] = (
            (*at, Key.VALUE),
            actual.value,
            _show(actual.value, indicator, catalogue),
        )
        figures[(Key.AS_OF, actual.year)] = (
            (*at, Key.AS_OF),
            actual.as_of.isoformat(),
            formatting.date(actual.as_of),
        )
        figures[(Key.SOURCE, actual.year)] = ((*at, Key.SOURCE), actual.source, actual.source)
    return figures


_FIGURE_ORDER = {"nulmeting": 0, Key.TARGET: 1, "realisatie": 2, Key.AS_OF: 3, Key.SOURCE: 4}


def _figure_changes(
    pair: Pair,
    name: str,
    ident: str,
    before: tuple[int, NumericIndicator | OrdinalIndicator],
    after: tuple[int, NumericIndicator | OrdinalIndicator],
) -> Iterator[Change]:
    old_figures, new_figures = _figures(*before, pair.before.catalogue), _figures(*after, pair.after.catalogue)
    keys = sorted(set(old_figures) | set(new_figures), key=lambda k: (k[1] or 0, _FIGURE_ORDER[k[0]]))
    for key in keys:
        old, new = old_figures.get(key), new_figures.get(key)
        if old is not None and new is not None and old[1:] == new[1:]:
            continue
        what, year = key
        if what in (Key.AS_OF, Key.SOURCE) and (old is None or new is None):
            continue  # part of a realisation that came or went: reported with its value
        label = f"{what} {year}" if year is not None else what
        yield pair.change(
            Kind.FIGURE,
            f"{pair.department}, {name}, {label}",
            old[0] if old else None,
            old[1] if old else None,
            new[0] if new else None,
            new[1] if new else None,
            old[2] if old else "",
            new[2] if new else "",
            indicator=ident,
            field=what,
            year=year if year is not None else None,
        )


_MILESTONE_FIELDS = (
    ("planned", Key.PLANNED, Key.PLANNED),
    (Key.STATUS, Key.STATUS, Key.STATUS),
    ("reached", Key.REACHED, "behaald op"),
    ("description", Key.DESCRIPTION, Key.DESCRIPTION),
)


def _milestone_value(value: Any) -> tuple[Any, str]:
    if value is None:
        return None, "niet ingevuld"
    if isinstance(value, Enum):
        return value.value, value.value
    if hasattr(value, "isoformat"):
        return value.isoformat(), formatting.date(value)
    return value, str(value)


def _milestone_changes(
    pair: Pair, name: str, ident: str, before: tuple[int, MilestoneIndicator], after: tuple[int, MilestoneIndicator]
) -> Iterator[Change]:
    (i, old), (j, new) = before, after
    for attribute, key, words in _MILESTONE_FIELDS:
        old_value, new_value = getattr(old, attribute), getattr(new, attribute)
        if old_value == new_value:
            continue
        (old_data, old_text), (new_data, new_text) = _milestone_value(old_value), _milestone_value(new_value)
        # An absent behaald_op has no line of its own: point at the milestone.
        old_at = (Key.INDICATORS, i, key) if old_value is not None else (Key.INDICATORS, i, Key.ID)
        new_at = (Key.INDICATORS, j, key) if new_value is not None else (Key.INDICATORS, j, Key.ID)
        yield pair.change(
            Kind.MILESTONE,
            f"{pair.department}, mijlpaal '{name}', {words}",
            old_at,
            old_data,
            new_at,
            new_data,
            old_text,
            new_text,
            indicator=ident,
            field=key,
        )


def _whole_indicator(
    pair: Pair,
    name: str,
    ident: str,
    before: tuple[int, _AnyIndicator] | None,
    after: tuple[int, _AnyIndicator] | None,
) -> Iterator[Change]:
    """An indicator that one state has and the other has not: one change."""
    kind = Kind.MILESTONE if isinstance((after or before)[1], MilestoneIndicator) else Kind.FIGURE  # type: ignore[index]
    label = f"{pair.department}, " + (f"mijlpaal '{name}'" if kind is Kind.MILESTONE else f"indicator '{name}'")
    old_at = (Key.INDICATORS, before[0], Key.ID) if before else None
    new_at = (Key.INDICATORS, after[0], Key.ID) if after else None
    yield pair.change(
        kind,
        label,
        old_at,
        ident if before else None,
        new_at,
        ident if after else None,
        "in het rapport" if before else "",
        "in het rapport" if after else "",
        indicator=ident,
    )
