"""`gbvs diff --format html`: a small complete page, the redline the ministries read.

Every change is said in words as well as marked. A narrative is shown as the report shows it:
its Markdown rendered by the report's own sanitising renderer (`report.formatting.markdown`),
paragraphs, lists and emphasis kept, with the words that went in <del> and the words that
came in <ins>, each run also announced in words for those who do not see the marking. The
comparison runs over the rendered HTML, word by word and tag by tag: the new text's structure
is kept whole, removed words are placed where they stood. Each redline is sanitised once more
as a whole, so that nothing but the report's own tags, <ins>, <del> and the announcements can
come out of it, whatever the submissions say; every other text from a submission is escaped.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence

import nh3

from ..report.formatting import markdown
from ..rules.text import shown
from .diff_model import Change, Diff, Kind
from .diff_output import NOTHING, count, heading, left_out, places

_STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
ul.changes { padding-left: 1.2rem; } ul.changes > li { margin-bottom: .8rem; }
del { text-decoration: line-through; background: #fde8e8; color: #7a0000; }
ins { text-decoration: underline; background: #e6f4ea; color: #00512a; }
.where { display: block; font-size: .9rem; color: #4a4a4a; }
.narrative { border-left: .25rem solid #5a5a5a; padding: .2rem .8rem; margin: .4rem 0; }
.narrative p { margin: .4rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip-path: inset(50%); white-space: nowrap; }
"""

REMOVED = '<span class="visually-hidden">[verwijderd:] </span>'
ADDED = '<span class="visually-hidden">[toegevoegd:] </span>'

# What a narrative may hold in the page: the report's tags for narratives, the marks of the
# redline and the spans that announce them.
_NARRATIVE_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote", "br", "h4", "h5", "h6"}
_TAGS = _NARRATIVE_TAGS | {"ins", "del", "span", "div"}
_ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "div": {"class"}}
_INLINE = {"em", "strong", "a", "code", "br"}
_LISTS = {"ul", "ol"}
_VOID = {"br"}
_TOKEN = re.compile(r"<[^>]*>|[^<\s]+|\s+")
_TAG = re.compile(r"<(/?)([a-z0-9]+)")


def _e(text: str) -> str:
    """Text for the page: HTML's characters escaped, an invisible character as a visible mark."""
    return html.escape(shown(text), quote=True)


def _tag(token: str) -> tuple[bool, str] | None:
    """(closing, name) of a tag token; None for text."""
    found = _TAG.match(token)
    return (found.group(1) == "/", found.group(2)) if found else None


def _balanced(tokens: list[str], allowed: set[str] | None = None) -> bool:
    """Do the tags among `tokens` open and close within them (and are they all `allowed`)?"""
    stack: list[str] = []
    for token in tokens:
        tag = _tag(token)
        if tag is None:
            continue
        closing, name = tag
        if allowed is not None and name not in allowed:
            return False
        if name in _VOID:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _balanced_inline(tokens: list[str]) -> bool:
    return _balanced(tokens, _INLINE)


def _whole_block(tokens: list[str]) -> str | None:
    """The element `tokens` are exactly one of (`<li>twee</li>`), when it is a block."""
    first, last = _tag(tokens[0]) if tokens else None, _tag(tokens[-1]) if tokens else None
    if first is None or last is None or first[0] or not last[0] or first[1] != last[1] or first[1] in _INLINE:
        return None
    return first[1] if _balanced(tokens) and _balanced(tokens[1:-1]) else None


Opcode = tuple[str, int, int, int, int]


def _slid(opcodes: Sequence[Opcode], a: list[str], b: list[str]) -> list[Opcode]:
    """Move a run that only went or only came to where it is whole: `</p><p>Tweede` before
    `</p>` is the same change as `<p>Tweede</p>`, and only the second is a paragraph."""
    kinds = [op[0] for op in opcodes]
    spans = [list(op[1:]) for op in opcodes]  # i1, i2, j1, j2
    for n, kind in enumerate(kinds):
        if kind not in ("delete", "insert"):
            continue
        before = spans[n - 1] if n > 0 and kinds[n - 1] == "equal" else None
        after = spans[n + 1] if n + 1 < len(kinds) and kinds[n + 1] == "equal" else None
        side = 0 if kind == "delete" else 2  # where the run is: in a, or in b
        seq = a if kind == "delete" else b
        left = before[side + 1] - before[side] if before else 0
        right = after[side + 1] - after[side] if after else 0
        shift = _best_shift(seq, spans[n][side], spans[n][side + 1], left, right)
        if shift:
            spans[n] = [position + shift for position in spans[n]]  # the other side's run is empty
            if before is not None:
                before[1] += shift
                before[3] += shift
            if after is not None:
                after[0] += shift
                after[2] += shift
    return [(kind, i1, i2, j1, j2) for kind, (i1, i2, j1, j2) in zip(kinds, spans) if kind != "equal" or i2 > i1]


def _best_shift(seq: list[str], start: int, end: int, left: int, right: int) -> int:
    """The smallest move (back or on) of `seq[start:end]` that leaves the same text and makes
    the run whole; 0 when it is whole already or no move does."""
    if _whole(seq[start:end]):
        return 0
    for distance in range(1, max(left, right) + 1):
        back = distance <= left and all(seq[start - t] == seq[end - t] for t in range(1, distance + 1))
        if back and _whole(seq[start - distance : end - distance]):
            return -distance
        on = distance <= right and all(seq[start + t] == seq[end + t] for t in range(distance))
        if on and _whole(seq[start + distance : end + distance]):
            return distance
    return 0


def _whole(tokens: list[str]) -> bool:
    """A run that starts where an element starts and holds whole elements only."""
    _, core, _ = _trimmed(tokens)
    first = _tag(core[0]) if core else None
    return bool(core) and _balanced(core) and (first is None or not first[0])


def _words(tokens: list[str]) -> str:
    """The text of `tokens` without their tags, one space where tags or spaces stood."""
    return " ".join(t for t in tokens if _tag(t) is None and not t.isspace())


def _trimmed(tokens: list[str]) -> tuple[bool, list[str], bool]:
    """`tokens` without the white space at either end, and whether there was some."""
    start, end = 0, len(tokens)
    while start < end and tokens[start].isspace():
        start += 1
    while end > start and tokens[end - 1].isspace():
        end -= 1
    return start > 0, tokens[start:end], end < len(tokens)


class _Redline:
    """The new narrative's tokens in order, with what was removed placed where it stood."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[str] = []

    def keep(self, token: str) -> None:
        """A token of the new text, as it is; follow which elements are open."""
        self.out.append(token)
        tag = _tag(token)
        if tag is None or tag[1] in _VOID:
            return
        closing, name = tag
        if not closing:
            self.open.append(name)
        elif name in self.open:
            while self.open and self.open.pop() != name:
                pass

    def removed(self, tokens: list[str]) -> None:
        before, core, after = _trimmed(tokens)
        if not core or not _words(core):
            return  # only tags or spaces went: the new text shows its own structure
        block = _whole_block(core)
        inner = _trimmed(core[1:-1])[1] if block else core
        shown = "".join(inner) if _balanced_inline(inner) else _words(inner)
        marked = f"<del>{REMOVED}{shown}</del>"
        in_list = bool(self.open) and self.open[-1] in _LISTS
        if block in ("p", "blockquote", "h4", "h5", "h6") and not (self.open and self.open[-1] in _INLINE | {"p"}):
            marked = f"<{block}>{marked}</{block}>"
        elif in_list:  # a list item that went: still an item of its list
            marked = f"<li>{marked}</li>"
        self.out.append((" " if before else "") + marked + (" " if after else ""))

    def added(self, tokens: list[str]) -> None:
        before, core, after = _trimmed(tokens)
        if before:
            self.out.append(" ")
        if core and _balanced_inline(core) and _words(core):
            self.out.append(f"<ins>{ADDED}{''.join(core)}</ins>")
        else:  # the new structure as it is, each run of its words marked
            run: list[str] = []
            for token in [*core, "<>"]:
                if token != "<>" and (_tag(token) is None):
                    run.append(token)
                    continue
                if run:
                    lead, words, trail = _trimmed(run)
                    if words:
                        self.out.append(" " * lead + f"<ins>{ADDED}{''.join(words)}</ins>" + " " * trail)
                    else:
                        self.out.append("".join(run))
                    run = []
                if token != "<>":
                    self.keep(token)
        if after:
            self.out.append(" ")


def redline(old: str, new: str) -> str:
    """Two Markdown narratives as one rendered text, the removed words in <del> and the added
    words in <ins>; sanitised HTML. Paragraphs and list items are compared as wholes first, so
    that an item that went is one removed item; the words of those that changed next."""
    a, b = _units(_TOKEN.findall(markdown(shown(old)))), _units(_TOKEN.findall(markdown(shown(new))))
    page = _Redline()
    for op, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if op == "equal":
            for token in _flat(b[j1:j2]):
                page.keep(token)
        elif op == "delete":
            for unit in a[i1:i2]:
                page.removed(list(unit))
        elif op == "insert":
            page.added(_flat(b[j1:j2]))
        else:
            _words_redline(page, _flat(a[i1:i2]), _flat(b[j1:j2]))
    return _clean("".join(page.out))


def _words_redline(page: _Redline, a: list[str], b: list[str]) -> None:
    """What changed between two runs of tokens, word by word and tag by tag."""
    for op, i1, i2, j1, j2 in _slid(_matcher(a, b).get_opcodes(), a, b):
        if op == "equal":
            for token in b[j1:j2]:
                page.keep(token)
            continue
        page.removed(a[i1:i2])
        if i2 > i1 and j2 > j1:
            page.out.append(" ")
        page.added(b[j1:j2])


def _matcher(a: list, b: list) -> difflib.SequenceMatcher:
    """Compare tokens or units; any white space is the same as any other."""

    def key(item: str | tuple[str, ...]) -> str | tuple[str, ...]:
        if isinstance(item, tuple):
            return tuple(" " if t.isspace() else t for t in item)
        return " " if item.isspace() else item

    # White space starts no match of its own: "drie" matches "drie", not the line break before it.
    return difflib.SequenceMatcher(
        lambda item: item in (" ", (" ",)), [key(x) for x in a], [key(x) for x in b], autojunk=False
    )


_UNITS = {"p", "li", "h4", "h5", "h6"}


def _units(tokens: list[str]) -> list[tuple[str, ...]]:
    """Tokens grouped into paragraphs, list items and headings, each whole (with what is nested
    in it); every other token a unit of its own."""
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        tag = _tag(tokens[i])
        if tag is None or tag[0] or tag[1] not in _UNITS:
            units.append((tokens[i],))
            i += 1
            continue
        depth, j = 0, i
        while j < len(tokens):
            inner = _tag(tokens[j])
            if inner is not None and inner[1] == tag[1]:
                depth += -1 if inner[0] else 1
                if depth == 0:
                    break
            j += 1
        units.append(tuple(tokens[i : j + 1]))
        i = j + 1
    return units


def _flat(units: list[tuple[str, ...]]) -> list[str]:
    return [token for unit in units for token in unit]


def _clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def _where(change: Change) -> str:
    shown = places(change)
    return f'<span class="where">{_e(shown)}</span>' if shown else ""


def _change(change: Change) -> str:
    subject = f"<strong>{_e(change.subject)}</strong>"
    if change.kind is Kind.NARRATIVE:
        old = change.old.value if change.old else ""
        new = change.new.value if change.new else ""
        words = _e(change.description[len(change.subject) + 2 :])
        return (
            f"{subject}: {words}. Hieronder de tekst zoals het rapport haar toont, met weggehaalde "
            f"woorden doorgestreept en nieuwe woorden onderstreept."
            f'<div class="narrative">{redline(old, new)}</div>{_where(change)}'
        )
    if change.kind is Kind.SUBMISSION_ADDED:
        return f"{subject}: <ins>nieuw in het rapport</ins>.{_where(change)}"
    if change.kind is Kind.SUBMISSION_REMOVED:
        return f"{subject}: <del>niet meer in het rapport</del>.{_where(change)}"
    old_text = f"<del>{_e(change.old_text)}</del>" if change.old is not None else _e(change.old_text)
    new_text = f"<ins>{_e(change.new_text)}</ins>" if change.new is not None else _e(change.new_text)
    return f"{subject}: was {old_text}, nu {new_text}.{_where(change)}"


def to_html(diff: Diff) -> str:
    title = heading(diff)
    body = [
        f"<h1>{_e(title)}</h1>",
        f"<p>Van <code>{_e(diff.old_label)}</code> naar <code>{_e(diff.new_label)}</code>. "
        "Wat weg is, staat doorgestreept na “was”; wat nieuw is, staat onderstreept na “nu”.</p>",
    ]
    if not diff.changed:
        body.append(f"<p>{_e(NOTHING)}</p>")
    else:
        body.append(f"<p><strong>{_e(count(len(diff.changes)))}</strong>.</p>")
    for number, goal_title, changes in diff.by_goal():
        body.append(
            f'<section aria-labelledby="doel-{number}"><h2 id="doel-{number}">Doel {number}: {_e(goal_title)}</h2>'
        )
        body.append('<ul class="changes">' + "".join(f"<li>{_change(c)}</li>" for c in changes) + "</ul>")
        body.append("</section>")
    lines = left_out(diff)
    if lines:
        body.append(
            '<section aria-labelledby="weggelaten"><h2 id="weggelaten">Weggelaten wegens fouten</h2><ul>'
            + "".join(f"<li>{_e(line)}</li>" for line in lines)
            + "</ul></section>"
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
