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
from babel.numbers import format_currency, format_decimal
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..model.submission import Unit

LOCALE = "nl_NL"
NBSP = "\u00a0"

_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote", "br", "h4", "h5", "h6"}
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"https", "http", "mailto"}


def number(value: float, decimals: int = 2) -> str:
    """`1234567.8` → `1.234.567,8`; up to `decimals` decimals, none if the value is whole."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def quantity(value: float, unit: Unit | None, *, short: bool = False) -> str:
    """A value in its unit, the way a Dutch report writes it (`€ 11.187,4 mln.`, with "mln."
    as the government's style guide abbreviates it), the spaces no-break ones; `short` drops
    the fixed decimal of millions (`€ 15.000 mln.`), for the labels on a chart's axis."""
    if unit is Unit.PERCENT:
        return f"{number(value)}%"
    if unit is Unit.MILLION_EURO:
        pattern = "¤ #,##0.#" if short else "¤ #,##0.0"
        amount = format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
        return f"{_unbroken(amount)}{NBSP}mln."
    if unit is Unit.EURO:
        return _unbroken(format_currency(value, "EUR", locale=LOCALE))
    if unit is Unit.FTE:
        return f"{number(value, 1)}{NBSP}fte"
    return number(value)


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
