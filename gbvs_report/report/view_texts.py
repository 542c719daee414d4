"""The view's fixed texts and names: the report date, the source cell, the reading guide,
the annex titles, the documents' names, and the letter's heading and opening sentence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..dutch import words
from ..model.catalogue import Catalogue
from ..model.submission import OverallStatus
from . import formatting
from .collect import PeriodReport
from .compare import Point
from .view import (
    AnnexTitle,
    GuideView,
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


def guide(catalogue: Catalogue) -> GuideView:
    """The reading guide from the catalogue: the status rule in words and what each status means."""
    goal = catalogue.levels.goal.singular
    order: list[OverallStatus | None] = [*sorted(OverallStatus, key=lambda s: s.rank), None]
    rule = STATUS_RULE_TEXTS.get(catalogue.status_rule, STATUS_RULE_TEXTS["minst-gunstig"]).format(goal=goal)
    return GuideView(
        f"{rule} Van gunstig naar ongunstig: {words([s.value for s in OverallStatus])}.",
        [StatusMeaning(status_view(s), STATUS_MEANINGS[s]) for s in order],
    )


def annex_titles(draft: bool) -> list[AnnexTitle]:
    """Anchor and numbered title of each annex; the problems annex only in a draft."""
    titles = [
        ("bijlage-ontvangen", "Ontvangen aanleveringen"),
        ("bijlage-ontbrekend", "Ontbrekende aanleveringen"),
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


def letter_heading(offices: list[str]) -> str:
    """The Kamerstuk heading: `BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN`; with ministers who
    co-sign `BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN EN VAN DEFENSIE`; other offices
    are named one by one (`... EN DE STAATSSECRETARIS VAN DEFENSIE`)."""
    if not offices:
        return ""
    names = [re.sub(r"^de\s+", "", office.strip(), flags=re.IGNORECASE) for office in offices]
    ministers = [re.match(r"minister van\s+(.+)$", name, flags=re.IGNORECASE) for name in names]
    if len(names) > 1 and all(ministers):
        heading = "de ministers van " + words([m[1] if i == 0 else f"van {m[1]}" for i, m in enumerate(ministers) if m])
    else:
        heading = words([f"de {name}" for name in names])
    return f"BRIEF VAN {heading}".upper()


def opening_sentence(title: str, on_behalf_of: str) -> str:
    """`Hierbij ontvangt u, mede namens de Minister van Defensie, de voortgangsrapportage ...`."""
    behalf = f", mede namens {on_behalf_of}," if on_behalf_of else ""
    return f"Hierbij ontvangt u{behalf} de {title[:1].lower()}{title[1:]}."
