"""`gbvs diff` for people and programs: a terminal, Markdown (a merge request, a CI job
summary), JSON (stable field names, see the docs) and an accessible HTML redline (`diff_html`).

Every text that comes from a submission is escaped for where it goes: control characters for
the terminal, Markdown's punctuation for Markdown, HTML's for HTML (where an invisible character
shows as a mark, [U+202E]), bidirectional and invisible characters as \\u escapes in JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .. import package_version
from .diff_model import FORMAT_VERSION, Change, Diff, Kind, Side
from .reporters import safe, safe_json

NOTHING = "Geen veranderingen die een lezer van het rapport ziet."


def count(n: int) -> str:
    return f"{n} {'verandering' if n == 1 else 'veranderingen'}"


def places(change: Change) -> str:
    parts = []
    if change.old is not None and change.old.file:
        parts.append(f"oud: {change.old.place}")
    if change.new is not None and change.new.file:
        parts.append(f"nieuw: {change.new.place}")
    return "; ".join(parts)


def heading(diff: Diff) -> str:
    return f"Veranderingen in het rapport over {diff.period}"


def left_out(diff: Diff) -> list[str]:
    lines = []
    if diff.left_out_old:
        lines.append("Weggelaten uit het oude rapport wegens fouten: " + ", ".join(diff.left_out_old))
    if diff.left_out_new:
        lines.append("Weggelaten uit het nieuwe rapport wegens fouten: " + ", ".join(diff.left_out_new))
    return lines


# Terminal.


def human(diff: Diff) -> str:
    lines = [f"{heading(diff)}: {safe(diff.old_label)} → {safe(diff.new_label)}", ""]
    if not diff.changed:
        lines.append(NOTHING)
    for number, title, changes in diff.by_goal():
        lines.append(f"Doel {number}: {safe(title)}")
        for change in changes:
            lines.append(f"  - {safe(change.description)}")
            lines.append(f"    {safe(places(change))}")
        lines.append("")
    lines += [safe(line) for line in left_out(diff)]
    if diff.changed:
        lines.append(f"{count(len(diff.changes))}.")
    return "\n".join(lines).rstrip() + "\n"


# Markdown (CommonMark: headings, lists, emphasis and code spans; no tables, no HTML).

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>!|~&])")
_MARKDOWN_BLOCK_START = re.compile(r"^([-+#>=]|\d+(?=[.)]))")


# What GitHub's renderer (a merge request, a CI job summary) would make a link or a notification
# of: an address (http://, www., mailto:, an e-mail address), a mention (@all, @org/team) and a
# reference (#1, GH-1, org/repo#1). Markdown escapes do not stop it: the mentions and references
# are found in the rendered text. A code span does: there GitHub links and notifies nothing.
_LINKY = re.compile(
    r"(?i)\b(?:(?:https?|ftp|mailto|xmpp):|www\.)\S*[^\s.,;:!?)'\"]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w`])@[a-z0-9][\w-]*(?:/[\w.-]+)?|(?<![\w&/#])#\d+\b|\b[\w.-]+/[\w.-]+#\d+\b|\bGH-\d+\b"
)


def md_escape(text: str) -> str:
    """Text that Markdown shows as it is, wherever on a line it stands: the marks that mean
    something inline escaped with a backslash, and so the start of a list, heading or quote;
    line breaks become spaces, control characters show as escapes (as on the terminal);
    addresses, mentions and references as code spans (`_LINKY`)."""
    flat = " ".join(text.split())
    pieces, at = [], 0
    for match in _LINKY.finditer(flat):
        pieces += [_MARKDOWN_INLINE.sub(r"\\\1", safe(flat[at : match.start()])), md_code(match.group())]
        at = match.end()
    escaped = "".join([*pieces, _MARKDOWN_INLINE.sub(r"\\\1", safe(flat[at:]))])
    return _MARKDOWN_BLOCK_START.sub(lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), escaped)


def md_code(text: str) -> str:
    """A code span that holds `text` whatever backticks it contains."""
    text = safe(" ".join(text.split()))
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_side(word: str, side: Side | None) -> str:
    if side is None or not side.file:
        return ""
    return f"{word} {md_code(side.place)}"


def markdown(diff: Diff) -> str:
    lines = [
        f"## {md_escape(heading(diff))}",
        "",
        f"Van {md_code(diff.old_label)} naar {md_code(diff.new_label)}.",
        "",
    ]
    if not diff.changed:
        lines += [md_escape(NOTHING), ""]
    else:
        lines += [f"**{md_escape(count(len(diff.changes)))}**.", ""]
    for number, title, changes in diff.by_goal():
        lines += [f"### Doel {number}: {md_escape(title)}", ""]
        for change in changes:
            where = ", ".join(p for p in (_md_side("oud", change.old), _md_side("nieuw", change.new)) if p)
            lines.append(f"- {_md_change(change)}" + (f" ({where})" if where else ""))
        lines.append("")
    omitted = left_out(diff)
    if omitted:
        lines += ["### Weggelaten wegens fouten", ""]
        lines += [f"- {md_escape(line)}" for line in omitted]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_change(change: Change) -> str:
    subject = md_escape(change.subject)
    if change.kind in (Kind.SUBMISSION_ADDED, Kind.SUBMISSION_REMOVED, Kind.NARRATIVE):
        return f"**{subject}**: {md_escape(change.description[len(change.subject) + 2 :])}"
    return f"**{subject}**: was *{md_escape(change.old_text)}*, nu *{md_escape(change.new_text)}*"


# JSON.


def _json_side(side: Side | None) -> dict | None:
    if side is None:
        return None
    return {"value": side.value, "text": side.text, "file": side.file or None, "line": side.line or None}


def to_json(diff: Diff) -> str:
    kinds: dict[str, int] = {}
    for change in diff.changes:
        kinds[change.kind.value] = kinds.get(change.kind.value, 0) + 1
    document = {
        "format": FORMAT_VERSION,
        "gbvs": package_version(),
        "period": diff.period,
        "old": diff.old_label,
        "new": diff.new_label,
        "changed": diff.changed,
        "changes": [
            {
                "kind": c.kind.value,
                "goal": c.goal,
                "goal_title": c.goal_title,
                "department": c.department,
                "indicator": c.indicator,
                "field": c.field,
                "year": c.year,
                "subject": c.subject,
                "description": c.description,
                "old": _json_side(c.old),
                "new": _json_side(c.new),
            }
            for c in diff.changes
        ],
        "left_out": {"old": diff.left_out_old, "new": diff.left_out_new},
        "summary": {"changes": len(diff.changes), "by_kind": kinds},
    }
    return safe_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


# HTML: the redline, in its own module (it renders the narratives as the report does).


def _html(diff: Diff) -> str:
    from .diff_html import to_html

    return to_html(diff)


RENDERERS: dict[str, Callable[[Diff], str]] = {
    "human": human,
    "markdown": markdown,
    "json": to_json,
    "html": _html,
}
