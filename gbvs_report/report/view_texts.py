"""The view's fixed texts and names: the report date, the source cell, the reading guide, the
summary's counts in words, the annex titles, the documents' names, the letter's opening, and the
words the tool writes into its sentences (counts in words, years, ranges with an en dash, the
strategy's name in running text)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..dutch import words
from ..model.catalogue import Catalogue
from ..model.submission import OverallStatus, period_years
from . import formatting
from .collect import PeriodReport
from .compare import Point
from .view import (
    AnnexTitle,
    GuideView,
    StatusCount,
    StatusMeaning,
    status_view,
)

# Helpers.


def report_date(report: PeriodReport) -> dt.date:
    """The date on the letter and the report (see `PeriodReport.letter_date`)."""
    return report.letter_date


def _per_year(values: dict[int, str]) -> str:
    """One text when every year has the same, else `jaar: tekst` per year."""
    distinct = list(dict.fromkeys(values.values()))
    return "; ".join(distinct if len(distinct) <= 1 else [f"{year}: {text}" for year, text in values.items()])


def source_cell(points: dict[int, Point]) -> list[str]:
    """The sources of a row's realisations, each with its peildatum, as briefly as the data allows:
    one source with one date, one source with a date per year, or a source per year.
    Each source is isolated in a `<bdi>`: a source in a right-to-left script then cannot pull the
    report's own "(peildatum …)" after it into its direction."""
    sources = {y: p.source for y, p in points.items()}
    dates = {y: formatting.date(p.as_of) for y, p in points.items()}
    if len(set(sources.values())) <= 1:
        return [
            Markup("<bdi>{}</bdi> (peildatum {})").format(source, _per_year(dates))
            for source in dict.fromkeys(sources.values())
        ]
    return [Markup("{}: <bdi>{}</bdi> (peildatum {})").format(y, sources[y], dates[y]) for y in points]


STATUS_MEANINGS = {
    OverallStatus.COMPLETED: "bereikt; er is geen verdere inzet voor nodig",
    OverallStatus.ON_TRACK: "de voortgang is zoals gepland",
    OverallStatus.ATTENTION: "de voortgang blijft achter of er zijn risico's; bijsturing kan nodig zijn",
    OverallStatus.DELAYED: "wordt zonder bijsturing niet op tijd bereikt",
    None: "geen departement heeft ervoor aangeleverd",
}
STATUS_RULE_TEXTS = {
    "minst-gunstig": "De status van een {goal} is de minst gunstige status die een van de departementen "
    "ervoor meldt: meldt één departement 'vertraagd', dan is de status 'vertraagd'.",
    "meerderheid": "De status van een {goal} is de status die de meeste departementen ervoor melden; "
    "bij een gelijke stand telt de minst gunstige daarvan.",
}


def rhythm(catalogue: Catalogue) -> str:
    """How often the strategy reports, after "Over de voortgang wordt gerapporteerd": `elke twee
    jaar`, `elk jaar`, or its periods by name."""
    if catalogue.own_periods is not None:
        named = [year_range(*period_years(p)) for p in catalogue.periods]
        return f"over de perioden {words(named)}"
    return "elk jaar" if catalogue.length == 1 else f"elke {in_words(catalogue.length)} jaar"


def guide(catalogue: Catalogue, pillars: int) -> GuideView:
    """The reading guide from the catalogue: what the strategy is, the status rule in words and
    what each status means."""
    goal = catalogue.levels.goal.singular
    order: list[OverallStatus | None] = [*sorted(OverallStatus, key=lambda s: s.rank), None]
    rule = STATUS_RULE_TEXTS.get(catalogue.status_rule, STATUS_RULE_TEXTS["minst-gunstig"]).format(goal=goal)
    strategy, levels = catalogue.strategy, catalogue.levels
    intro = Markup(
        "De strategie <cite>{}</cite> ({}) loopt van {} tot en met {} en kent {} in {}. "
        "Over de voortgang wordt {} gerapporteerd."
    ).format(
        with_en_dash(strategy.title),
        strategy.short_title,
        strategy.first_year,
        strategy.last_year,
        counted(len(catalogue.goals), levels.goal.singular, levels.goal.plural),
        counted(pillars, levels.group.singular, levels.group.plural),
        rhythm(catalogue),
    )
    return GuideView(
        f"{rule} Van gunstig naar ongunstig: {words([s.value for s in OverallStatus])}.",
        [StatusMeaning(status_view(s), STATUS_MEANINGS[s]) for s in order],
        intro,
    )


_VERBS = {
    OverallStatus.COMPLETED: ("is afgerond", "zijn afgerond"),
    OverallStatus.ON_TRACK: ("is op schema", "zijn op schema"),
    OverallStatus.ATTENTION: ("vraagt aandacht", "vragen aandacht"),
    OverallStatus.DELAYED: ("is vertraagd", "zijn vertraagd"),
}


def summary_counts(counts: list[StatusCount], singular: str, plural: str, only: str = "") -> str:
    """How many goals have each status, in words: `Zeven doelen zijn op schema, vier vragen
    aandacht en één is vertraagd.`; with one goal, called `only`: `Opgave 1 is op schema.`"""
    total = sum(c.count for c in counts)
    parts: list[str] = []
    for item in counts:
        if not item.count:
            continue
        status = next((s for s in OverallStatus if s.value == item.status.word), None)
        if status is None:
            what = f"is voor {in_words(item.count)} geen aanlevering ontvangen"
            if total == 1:
                return f"Voor {only} is geen aanlevering ontvangen."
            parts.append(
                what if parts else f"Voor {counted(item.count, singular, plural)} is geen aanlevering ontvangen"
            )
            continue
        verb = _VERBS[status][item.count != 1]
        if total == 1:
            return f"{only} {verb}."
        parts.append(f"{in_words(item.count)} {verb}" if parts else f"{counted(item.count, singular, plural)} {verb}")
    if not parts:
        return ""
    sentence = words(parts)
    return sentence[:1].upper() + sentence[1:] + "."


def annex_titles(draft: bool, missing: bool = True) -> list[AnnexTitle]:
    """Anchor and numbered title of each annex; the missing submissions only when some are
    missing (a complete round has no such annex), the problems annex only in a draft."""
    titles = [
        ("bijlage-ontvangen", "Ontvangen aanleveringen"),
        *([("bijlage-ontbrekend", "Ontbrekende aanleveringen")] if missing else []),
        ("bijlage-bronnen", "Bronnen"),
        ("bijlage-afkortingen", "Afkortingen"),
    ]
    if draft:
        titles.append(("bijlage-problemen", "Problemen"))
    return [AnnexTitle(anchor, f"Bijlage {i}: {title}") for i, (anchor, title) in enumerate(titles, start=1)]


@dataclass(frozen=True)
class DocumentNames:
    """The file names, without extension, of the three documents of a period."""

    letter: str
    report: str
    accountability: str


def document_names(report: PeriodReport, draft: bool, stem: str | None = None) -> DocumentNames:
    """`STEM-kamerbrief`, `STEM` and `STEM-verantwoording`, each ending in `-concept` in a draft;
    `stem` by default `gbvs-voortgangsrapportage-PERIOD`."""
    stem = stem or f"{report.catalogue.strategy.short_title.lower()}-voortgangsrapportage-{report.period}"
    end = "-concept" if draft else ""
    return DocumentNames(f"{stem}-kamerbrief{end}", f"{stem}{end}", f"{stem}-verantwoording{end}")


def opening_sentence(report_phrase: str, on_behalf_of: str) -> tuple[str, str]:
    """The letter's opening around the phrase that names the report (linked in the HTML):
    `Hierbij ontvangt u, mede namens de Minister van Defensie, ` and `.`."""
    behalf = f", mede namens {on_behalf_of}," if on_behalf_of else ""
    return f"Hierbij ontvangt u{behalf} ", "."


# Words the tool writes into sentences: numbers, periods, year ranges, names.

NUMBER_WORDS = [
    *("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"),
    *("elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"),
]


def in_words(number: int) -> str:
    """A count in running text: in words up to twenty ("dertien"), in digits above ("21"), as
    Dutch style guides have it, the same in the letter and the report."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def counted(number: int, singular: str, plural: str) -> str:
    """`één doel`, `dertien doelen`, `21 doelen`."""
    return f"{in_words(number)} {singular if number == 1 else plural}"


def year_range(first: int, last: int) -> str:
    """A range of years in prose, with an en dash: `2018–2022`; one year alone: `2029`."""
    return str(first) if first == last else f"{first}–{last}"


def with_en_dash(text: str) -> str:
    """Ranges of years in a title from the data written as prose writes them: `2018–2022`."""
    return re.sub(r"\b(\d{4})-(\d{4})\b", "\\1–\\2", text)


def years_phrase(years: list[int]) -> str:
    """The years a report is about, after "over": `2029`, `2020 en 2021`, `2023 tot en met 2025`."""
    if len(years) == 1:
        return str(years[0])
    if len(years) == 2:
        return f"{years[0]} en {years[1]}"
    return f"{years[0]} tot en met {years[-1]}"


def strategy_name(title: str) -> str:
    """The strategy's name in running text: its title without a leading motto
    ("Wereldwijd voor een veilig Nederland — "), years with an en dash."""
    return with_en_dash(title.rsplit(" — ", maxsplit=1)[-1].strip())


def report_phrase(strategy_title: str, years: list[int]) -> str:
    """How the letter names the report mid-sentence: `de voortgangsrapportage over 2020 en 2021
    van de Geïntegreerde Buitenland- en Veiligheidsstrategie 2018–2022`."""
    return f"de voortgangsrapportage over {years_phrase(years)} van de {strategy_name(strategy_title)}"
