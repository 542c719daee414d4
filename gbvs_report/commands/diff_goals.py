"""What changed for one goal: its status, each department's status, a submission that came or
went, and for a department in both states its narrative and indicators. A change is reported
once: an added or removed submission is one change (not one per figure in it), and a
department's status is reported apart from its goal's status only when the goal has more
than one submission or its status did not change."""

from __future__ import annotations

from ..model.catalogue import Goal
from ..model.submission import Key, OverallStatus
from ..report.collect import GoalSection
from .diff_indicators import indicator_changes
from .diff_model import NO_SUBMISSION, Change, Kind, Side
from .diff_narrative import narrative_changes
from .diff_sides import Pair, State


def goal_changes(before: State, after: State, old: GoalSection | None, new: GoalSection | None) -> list[Change]:
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
        pair = Pair(before, after, old_path, new_path, goal, code, name)
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
        changes += narrative_changes(pair, old_sub, new_sub)
        changes += indicator_changes(pair, old_sub, new_sub)
    return changes


def _status_side(state: State, section: GoalSection | None, status: OverallStatus | None) -> Side | None:
    """The goal's status and the file that sets it (the first submission with the worst status)."""
    if section is None or status is None:
        return Side(None, NO_SUBMISSION, "", 0)
    path = next(p for p, s in section.submissions if s.status is status)
    return state.side(path, (Key.STATUS,), status.value, status.value)
