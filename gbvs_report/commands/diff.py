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

from dataclasses import replace
from pathlib import Path

from ..report.collect import collect_period
from ..validate import display_path
from ..workspace import PeriodError, Workspace, open_workspace
from .diff_goals import goal_changes
from .diff_model import Diff, DiffError
from .diff_sides import State
from .git_revision import revision_workspace


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
    before = State(old_report, old.catalogue, old_base if old_base is not None else _base(display_path(old.root)))
    after = State(new_report, new.catalogue, _base(display_path(new.root)))
    diff.left_out_old = [before.name(f.path) for f in old_report.rejected]
    diff.left_out_new = [after.name(f.path) for f in new_report.rejected]
    old_goals = {g.goal.number: g for g in old_report.goals}
    for section in new_report.goals:
        previous = old_goals.pop(section.goal.number, None)
        diff.changes += goal_changes(before, after, previous, section)
    for section in old_goals.values():  # a goal the new catalogue no longer has
        diff.changes += goal_changes(before, after, section, None)
    return diff


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
