"""What a reader of the report would see change between two states of a period.

Two states are two workspace folders, or a git revision of the workspace's repository and its
working tree. Each state is read as the report reads it (`collect_period`): only valid
submissions count, files with errors are left out and named. The comparison yields a flat list
of `Change`s, each with the file and line of the old and of the new value; `diff_output`
renders them for a terminal, Markdown, JSON or an HTML redline.

A change is reported once: an added or removed submission is one change (not one per figure in
it), and a department's status is reported apart from its goal's status only when the goal has
more than one submission or its status did not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from ..load import PathPart
from ..model.catalogue import Catalogue, Goal
from ..model.submission import (
    Key,
    MilestoneIndicator,
    NumericIndicator,
    OrdinalIndicator,
    OverallStatus,
    Submission,
)
from ..report import formatting
from ..report.collect import GoalSection, PeriodReport, collect_period
from ..validate import display_path
from ..workspace import PeriodError, Workspace, open_workspace
from .diff_model import NO_SUBMISSION, Change, Diff, DiffError, Kind, Side
from .git_revision import revision_workspace


@dataclass
class _State:
    report: PeriodReport
    catalogue: Catalogue
    base: str
    """What goes before a file's name in the workspace: the workspace as the user names it."""

    def name(self, path: Path) -> str:
        return self.base + self.report.name(path)

    def side(self, path: Path, at: tuple[PathPart, ...], value: Any, text: str) -> Side:
        checked = self.report.checked(path)
        return Side(value, text, self.name(path), checked.line(at))

    def department(self, code: str) -> str:
        return self.catalogue.department_names.get(code, code)


def open_state(root: Path, named: tuple[str, str] | None = None) -> Workspace:
    """The workspace at `root`; DiffError when it is no folder or its settings or catalogue are wrong.
    `named`: how to name a workspace read from a revision (into a temporary folder) and the
    files in it: ("revisie HEAD (3fa2b1c9d0)", "3fa2b1c9d0:indicators/")."""
    if not root.is_dir():
        raise DiffError(f"{root} is geen map met aanleveringen")
    workspace, findings = open_workspace(root)
    if workspace is None:
        if not findings:
            raise DiffError(f"de werkmap {root} kan niet worden gelezen: onbekende fout")
        first = findings[0]
        if named is not None:
            inside = Path(first.file).relative_to(root) if Path(first.file).is_relative_to(root) else None
            first = replace(first, file=named[1] + (inside.as_posix() if inside else Path(first.file).name))
        where = f"in {named[0]}" if named is not None else str(root)
        raise DiffError(f"de werkmap {where} kan niet worden gelezen: {first.concise()}")
    return workspace


def resolve_period(workspace: Workspace, option: str | None) -> str:
    try:
        return workspace.resolve_period(option)
    except PeriodError as exc:
        raise DiffError(str(exc)) from None


def _base(folder: str) -> str:
    return "" if folder in ("", ".") else folder.rstrip("/") + "/"


def compare_workspaces(
    old: Workspace, new: Workspace, period: str, old_label: str, new_label: str, old_base: str | None = None
) -> Diff:
    """Everything a reader of `period`'s report would see change from `old` to `new`. Files are
    named as the user reaches them: inside the workspace folder as given (`old_base` for a
    workspace read from a revision)."""
    old_report, _ = collect_period(old, period)
    new_report, _ = collect_period(new, period)
    diff = Diff(period, old_label, new_label)
    before = _State(old_report, old.catalogue, old_base if old_base is not None else _base(display_path(old.root)))
    after = _State(new_report, new.catalogue, _base(display_path(new.root)))
    diff.left_out_old = [before.name(f.path) for f in old_report.rejected]
    diff.left_out_new = [after.name(f.path) for f in new_report.rejected]
    old_goals = {g.goal.number: g for g in old_report.goals}
    for section in new_report.goals:
        previous = old_goals.pop(section.goal.number, None)
        diff.changes += _goal_changes(before, after, previous, section)
    for section in old_goals.values():  # a goal the new catalogue no longer has
        diff.changes += _goal_changes(before, after, section, None)
    return diff


# Comparing.


def _goal_changes(before: _State, after: _State, old: GoalSection | None, new: GoalSection | None) -> list[Change]:
    goal: Goal = (new or old).goal  # type: ignore[union-attr]
    old_subs = {s.department: (p, s) for p, s in (old.submissions if old else [])}
    new_subs = {s.department: (p, s) for p, s in (new.submissions if new else [])}
    order = list(new_subs) + [d for d in old_subs if d not in new_subs]
    changes: list[Change] = []

    old_status, new_status = (old.status if old else None), (new.status if new else None)
    goal_status_changed = old_status != new_status
    if goal_status_changed:
        changes.append(
            Change(
                Kind.GOAL_STATUS,
                goal.number,
                goal.title,
                None,
                f"Status van doel {goal.number}",
                _status_side(before, old, old_status),
                _status_side(after, new, new_status),
                field=Key.STATUS,
            )
        )
    single = len(old_subs) <= 1 and len(new_subs) <= 1
    for code in order:
        name = after.department(code) if code in new_subs else before.department(code)
        if code not in old_subs:
            path, sub = new_subs[code]
            changes.append(
                Change(
                    Kind.SUBMISSION_ADDED,
                    goal.number,
                    goal.title,
                    code,
                    f"Aanlevering van {code} ({name})",
                    None,
                    after.side(path, (Key.DEPARTMENT,), code, name),
                )
            )
            continue
        if code not in new_subs:
            path, sub = old_subs[code]
            changes.append(
                Change(
                    Kind.SUBMISSION_REMOVED,
                    goal.number,
                    goal.title,
                    code,
                    f"Aanlevering van {code} ({name})",
                    before.side(path, (Key.DEPARTMENT,), code, name),
                    None,
                )
            )
            continue
        (old_path, old_sub), (new_path, new_sub) = old_subs[code], new_subs[code]
        pair = _Pair(before, after, old_path, new_path, goal, code, name)
        if old_sub.status != new_sub.status and not (single and goal_status_changed):
            changes.append(
                pair.change(
                    Kind.DEPARTMENT_STATUS,
                    f"Status van {code}",
                    (Key.STATUS,),
                    old_sub.status.value,
                    (Key.STATUS,),
                    new_sub.status.value,
                    old_sub.status.value,
                    new_sub.status.value,
                    field=Key.STATUS,
                )
            )
        changes += _narrative_changes(pair, old_sub, new_sub)
        changes += _indicator_changes(pair, old_sub, new_sub)
    return changes


def _status_side(state: _State, section: GoalSection | None, status: OverallStatus | None) -> Side | None:
    """The goal's status and the file that sets it (the first submission with the worst status)."""
    if section is None or status is None:
        return Side(None, NO_SUBMISSION, "", 0)
    path = next(p for p, s in section.submissions if s.status is status)
    return state.side(path, (Key.STATUS,), status.value, status.value)


@dataclass
class _Pair:
    """One department's submission for one goal, in both states."""

    before: _State
    after: _State
    old_path: Path
    new_path: Path
    goal: Goal
    department: str
    name: str

    def change(
        self,
        kind: Kind,
        subject: str,
        old_at: tuple[PathPart, ...] | None,
        old_value: Any,
        new_at: tuple[PathPart, ...] | None,
        new_value: Any,
        old_text: str,
        new_text: str,
        **extra: Any,
    ) -> Change:
        old = self.before.side(self.old_path, old_at, old_value, old_text) if old_at is not None else None
        new = self.after.side(self.new_path, new_at, new_value, new_text) if new_at is not None else None
        return Change(kind, self.goal.number, self.goal.title, self.department, subject, old, new, **extra)


SECTIONS = (("results", Key.RESULTS), ("outlook", Key.OUTLOOK))


def _narrative_changes(pair: _Pair, old: Submission, new: Submission) -> Iterator[Change]:
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


_AnyIndicator = NumericIndicator | OrdinalIndicator | MilestoneIndicator


def _indicator_changes(pair: _Pair, old: Submission, new: Submission) -> Iterator[Change]:
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
    pair: _Pair,
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
    pair: _Pair, name: str, ident: str, before: tuple[int, MilestoneIndicator], after: tuple[int, MilestoneIndicator]
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
    pair: _Pair,
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


# The two ways to name the states.


def diff_folders(old_root: Path, new_root: Path, period: str | None) -> Diff:
    """`gbvs diff OUD NIEUW`: two workspace folders."""
    old, new = open_state(old_root), open_state(new_root)
    chosen = resolve_period(new, period)
    return compare_workspaces(old, new, chosen, display_path(old_root), display_path(new_root))


def diff_since(revision: str, root: Path, period: str | None) -> Diff:
    """`gbvs diff --sinds REV`: the workspace as committed in `revision` against the working tree."""
    new = open_state(root)
    chosen = resolve_period(new, period)
    with revision_workspace(root, revision) as (old_root, commit, prefix):
        label = commit[:10] if commit.startswith(revision.lower()) else f"{revision} ({commit[:10]})"
        old = open_state(old_root, named=(f"revisie {label}", f"{commit[:10]}:{prefix}"))
        return compare_workspaces(
            old, new, chosen, label, f"{display_path(root)} (werkkopie)", old_base=f"{commit[:10]}:{prefix}"
        )
