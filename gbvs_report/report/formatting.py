"""Dutch numbers, dates and Markdown for the report.

Numbers and dates are those of `gbvs_report.dutch` (Babel's CLDR data for `nl_NL`: `1.234.567,8`,
`1 maart 2021`); here they get their units (`1,35%`, `€ 315,3 mln.`). An amount and its unit are joined
by no-break spaces (`€\u00a0315,3\u00a0mln.`), so that a line never ends inside one. Narrative Markdown is rendered
by markdown-it-py in CommonMark mode with raw HTML and images switched off, and the result is
sanitised by nh3 (Ammonia) to a short list of tags, so that text from a submission can never
become script, style or a request for an outside resource.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..dutch import date, formatted, number
from ..model.catalogue import UnitSpec

__all__ = ["NBSP", "date", "markdown", "number", "plain", "quantity", "sentence"]  # date and number: the Dutch ones

NBSP = "\u00a0"

_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote", "br", "h4", "h5", "h6"}
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"https", "http", "mailto"}


def quantity(value: float, unit: UnitSpec | None, *, short: bool = False) -> str:
    """A value in its unit, as the catalogue says the unit is written (`1,35%`,
    `€ 11.187,4 mln.`, `3 personen`), every space a no-break one, so that an amount never
    breaks from its unit; `short` drops fixed decimals (`€ 15.000 mln.`), for the labels on a
    chart's axis."""
    if unit is None:
        return number(value)
    fixed = unit.fixed_decimals and not short and unit.decimals > 0
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * unit.decimals if unit.decimals else "")
    shown = formatted(abs(value), pattern, unit.decimals)
    sign = "-" if value < 0 and shown.strip("0,") else ""
    after = unit.suffix
    if unit.singular or unit.plural:
        after = " " + (unit.singular if value == 1 else unit.plural)
    return _unbroken(f"{sign}{unit.prefix}{shown}{after}")


def _unbroken(text: str) -> str:
    """Every space in `text` a no-break space (Babel writes `€ 12` with an ordinary one)."""
    return text.replace(" ", NBSP)


def sentence(text: str) -> str:
    """`text` ending in one full stop: `… 12,5 mln.` stays as it is, `… 2021` gets one."""
    return text if text.endswith(".") else text + "."


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")

    def shifted_heading(renderer, tokens, idx, options, env):  # narrative headings sit below the goal's h3
        tokens[idx].tag = f"h{min(6, int(tokens[idx].tag[1]) + 3)}"
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", shifted_heading)
    md.add_render_rule("heading_close", shifted_heading)
    return md


# Explicit embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI). In
# submission text they can only do harm: an unclosed RLO reverses everything after it on the
# line, the tool's own words included, and a PDF or PDI can close the isolation the report
# puts around the text. They are taken out of every text from a submission that the report
# shows (validate warns about them, P009). Marks (LRM, RLM) and zero-width characters stay:
# they cannot reverse anything beyond their own neighbours.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Submission text without explicit bidirectional controls, safe to place among the
    report's own text without reversing it."""
    return _BIDI_CONTROLS.sub("", text)


# What a line must not break in, in Dutch typesetting: the groups of a number written with
# spaces ("33 694", a Kamerstuk's dossier; "1 000") and a number after its abbreviation
# ("nr. 57", "art. 5"). Submissions and the letter's text write ordinary spaces there.
_GROUPED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_NUMBERED = re.compile(r"\b(nr|nrs|art|blz|p)\. (?=\d)", re.IGNORECASE)


def keep_together(text: str) -> str:
    """`text` with a no-break space where Dutch typesetting does not break a line."""
    return _NUMBERED.sub(lambda m: m.group(1) + "." + NBSP, _GROUPED.sub(NBSP, text))


def markdown(text: str) -> Markup:
    """Render untrusted Markdown to sanitised HTML, safe to place in the report as it is."""
    html = _markdown().render(keep_together(plain(text or "")))
    clean = nh3.clean(
        html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer"
    )
    return Markup(clean)


_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(style|script|title|textarea|svg)\b", re.IGNORECASE)
_KEPT = re.compile(r"<(/?)(a|h[1-6])\b", re.IGNORECASE)
_TREMA_WORD = re.compile(r"\w*[äëïöüÄËÏÖÜ]\w*")


def unhyphenated_trema(html: str) -> str:
    """Every word with a diaeresis in the running text of `html` wrapped in
    `<span class="trema">`, which the style sheet keeps from hyphenating: at a break Dutch drops
    the diaeresis ("ge-integreerde"), which hyphenation cannot do. Never in a tag, a style sheet,
    the title or a chart, and not in a link or a heading (never hyphenated anyway; a span in a
    link would change its place in the PDF's structure)."""
    parts = _TAG.split(html)
    raw = None
    kept = 0  # open links and headings
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            opening = _RAW.match(part)
            if opening:
                raw = opening.group(1).lower()
            elif raw and part.lower().startswith(f"</{raw}"):
                raw = None
            elif raw is None and (link := _KEPT.match(part)):
                kept = max(0, kept + (-1 if link.group(1) else 1))
        elif raw is None and not kept and part:
            parts[i] = _TREMA_WORD.sub(lambda m: f'<span class="trema">{m.group(0)}</span>', part)
    return "".join(parts)
