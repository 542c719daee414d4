"""Dutch numbers, dates and Markdown for the report.

Numbers and dates come from Babel's CLDR data for `nl_NL` (`1.234.567,8`, `1,35%`,
`€ 315,3 mln.`, `1 maart 2021`), not from hand-written rules. An amount and its unit are joined
by no-break spaces (`€\u00a0315,3\u00a0mln.`), so that a line never ends inside one. Narrative Markdown is rendered
by markdown-it-py in CommonMark mode with raw HTML and images switched off, and the result is
sanitised by nh3 (Ammonia) to a short list of tags, so that text from a submission can never
become script, style or a request for an outside resource.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import nh3
from babel.dates import format_date
from babel.numbers import format_decimal
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..model.catalogue import UnitSpec

LOCALE = "nl_NL"
NBSP = "\u00a0"

_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote", "br", "h4", "h5", "h6"}
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"https", "http", "mailto"}


def number(value: float, decimals: int = 2) -> str:
    """`1234567.8` → `1.234.567,8`; up to `decimals` decimals, none if the value is whole."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def quantity(value: float, unit: UnitSpec | None, *, short: bool = False) -> str:
    """A value in its unit, as the catalogue says the unit is written (`1,35%`,
    `€ 11.187,4 mln.`, `3 personen`), every space a no-break one, so that an amount never
    breaks from its unit; `short` drops fixed decimals (`€ 15.000 mln.`), for the labels on a
    chart's axis."""
    if unit is None:
        return number(value)
    fixed = unit.fixed_decimals and not short and unit.decimals > 0
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * unit.decimals if unit.decimals else "")
    shown = format_decimal(abs(value), format=pattern, locale=LOCALE)
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


def date(value: dt.date | None) -> str:
    """`2021-03-01` → `1 maart 2021`."""
    return format_date(value, format="d MMMM y", locale=LOCALE) if value else ""


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


def markdown(text: str) -> Markup:
    """Render untrusted Markdown to sanitised HTML, safe to place in the report as it is."""
    html = _markdown().render(text or "")
    clean = nh3.clean(
        html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer"
    )
    return Markup(clean)
