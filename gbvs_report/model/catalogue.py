"""The strategy catalogue: pillars, goals, departments and each goal's schema of indicators.

The catalogue is data, not code: the GBVS 2018-2022 ships as the default, and a workspace
can put its own `catalogus.yaml` beside its submissions for another strategy. Besides the
structure, the catalogue holds what differs between strategies: the units its indicators are
counted in (`eenheden`), the rhythm of its reports (`periode_jaren` or `perioden`), the names
of its levels (`niveaus`) and how a goal's status follows from its departments' statuses
(`statusregel`). The catalogue file is loaded and checked with the same machinery as a
submission.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .submission import IndicatorKind, OverallStatus, period_years, year_as_period

CATALOGUE_DIR = Path(__file__).parent.parent / "catalogus"
DEFAULT_CATALOGUE = CATALOGUE_DIR / "gbvs-2018-2022.yaml"
DEFAULT_PERIOD_LENGTH = 2
STATUS_RULES = ("minst-gunstig", "meerderheid")
"""The named rules by which a goal's status follows from its departments' statuses."""


def shipped_catalogues() -> dict[str, Path]:
    """The catalogues that come with gbvs, by their code (the file name without .yaml)."""
    return {p.stem: p for p in sorted(CATALOGUE_DIR.glob("*.yaml"))}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class Strategy(_Entry):
    code: str = Field(alias="code", description="Kenmerk van de strategie, bijvoorbeeld gbvs-2018-2022.")
    title: str = Field(alias="titel", min_length=1, description="Volledige titel van de strategie.")
    short_title: str = Field(alias="afkorting", min_length=1, description="Afkorting, bijvoorbeeld GBVS.")
    version: str = Field(alias="versie", min_length=1, description="Versie van deze catalogus.")
    first_year: int = Field(alias="eerste_jaar", ge=1990, le=2100, description="Eerste jaar van de looptijd.")
    last_year: int = Field(alias="laatste_jaar", ge=1990, le=2100, description="Laatste jaar van de looptijd.")
    parliamentary_paper: str | None = Field(
        default=None, alias="kamerstuk", description="Kamerstuk waarmee de strategie is aangeboden."
    )
    own_report_title: str | None = Field(
        default=None,
        alias="rapporttitel",
        min_length=1,
        description="Titel van de voortgangsrapportage (standaard: 'Voortgangsrapportage' en de titel).",
    )

    @property
    def report_title(self) -> str:
        return self.own_report_title or f"Voortgangsrapportage {self.title}"


class UnitSpec(_Entry):
    """A unit and how a value in it is written: `voor` and `achter` around the number, or
    `enkelvoud`/`meervoud` after it where Dutch needs the word to agree ("1 persoon",
    "3 personen")."""

    code: str = Field(alias="code", min_length=1, description="Naam van de eenheid, zoals aanleveringen die noemen.")
    prefix: str = Field(default="", alias="voor", description="Tekst vóór het getal, bijvoorbeeld '€ '.")
    suffix: str = Field(default="", alias="achter", description="Tekst na het getal, bijvoorbeeld '%' of ' fte'.")
    decimals: int = Field(default=2, alias="decimalen", ge=0, le=6, description="Hoogstens zoveel decimalen.")
    fixed_decimals: bool = Field(
        default=False, alias="vaste_decimalen", description="true: altijd precies zoveel decimalen (€ 315,0 mln.)."
    )
    singular: str = Field(default="", alias="enkelvoud", description="Woord na het getal 1, bijvoorbeeld 'persoon'.")
    plural: str = Field(default="", alias="meervoud", description="Woord na elk ander getal, bijvoorbeeld 'personen'.")


DEFAULT_UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(code="aantal"),
    UnitSpec(code="procent", achter="%"),
    UnitSpec(code="euro", voor="€\xa0", decimalen=2, vaste_decimalen=True),
    UnitSpec(code="miljoen euro", voor="€ ", achter=" mln.", decimalen=1, vaste_decimalen=True),
    UnitSpec(code="fte", achter=" fte", decimalen=1),
)
"""The units of a catalogue without `eenheden`: the five the GBVS 2018-2022 counts in."""


class Level(_Entry):
    singular: str = Field(alias="enkelvoud", min_length=1, description="Bijvoorbeeld 'pijler' of 'actielijn'.")
    plural: str = Field(alias="meervoud", min_length=1, description="Bijvoorbeeld 'pijlers' of 'actielijnen'.")


class Levels(_Entry):
    """What the strategy calls its two levels; the report's headings and texts use these names."""

    group: Level = Field(
        default=Level(enkelvoud="pijler", meervoud="pijlers"), alias="groep", description="Het bovenste niveau."
    )
    goal: Level = Field(
        default=Level(enkelvoud="doel", meervoud="doelen"), alias="doel", description="Het niveau eronder."
    )


class Department(_Entry):
    code: str = Field(alias="code", pattern=r"^[A-Za-z]{2,6}$", description="Afkorting, bijvoorbeeld DEF.")
    name: str = Field(alias="naam", min_length=1, description="Volledige naam van het ministerie.")
    short: str = Field(
        default="",
        alias="kort",
        description="Korte naam in lopende tekst en tabellen, zoals 'Defensie' (standaard: de naam zonder "
        "'Ministerie van').",
    )

    @property
    def short_name(self) -> str:
        """How the report names the department in running text and tables: never its code."""
        return self.short or re.sub(r"^Ministerie (van|voor) ", "", self.name)


class IndicatorSpec(_Entry):
    """One indicator a goal expects: what it measures and who reports it."""

    id: str = Field(alias="id", pattern=r"^[a-z0-9][a-z0-9-]*$", description="Kenmerk van de indicator.")
    name: str = Field(alias="naam", min_length=1, description="Naam zoals die in het rapport staat.")
    kind: IndicatorKind = Field(strict=False, alias="soort", description="numeriek, ordinaal of mijlpaal.")
    unit: str | None = Field(default=None, alias="eenheid", description="Eenheid (alleen numeriek), uit 'eenheden'.")
    ascending: bool = Field(default=True, alias="stijgend", description="true als hoger beter is.")
    department: str = Field(alias="departement", description="Departement dat de indicator aanlevert.")
    required: bool = Field(default=True, alias="verplicht", description="Moet in de aanlevering staan.")
    scale: list[str] = Field(
        default_factory=list, alias="schaal", description="Namen van de niveaus, van laag naar hoog (alleen ordinaal)."
    )


class Goal(_Entry):
    number: int = Field(alias="nummer", ge=1, description="Nummer van het doel.")
    title: str = Field(alias="titel", min_length=1, description="Titel van het doel.")
    description: str = Field(default="", alias="omschrijving", description="Korte omschrijving.")
    source: str = Field(
        default="", alias="bron", description="Waar titel en omschrijving vandaan komen; het rapport toont het."
    )
    lead: str = Field(alias="eerstverantwoordelijk", description="Eerstverantwoordelijk departement.")
    contributors: list[str] = Field(default_factory=list, alias="bijdragend", description="Bijdragende departementen.")
    indicators: list[IndicatorSpec] = Field(default_factory=list, alias="indicatoren", description="Het doelschema.")

    @property
    def departments(self) -> tuple[str, ...]:
        """Every department expected to submit for this goal, the lead first."""
        return (self.lead, *(c for c in self.contributors if c != self.lead))

    def indicator(self, indicator_id: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)


class Pillar(_Entry):
    code: str = Field(alias="code", description="Kenmerk van de pijler.")
    name: str = Field(alias="naam", min_length=1, description="Naam van de pijler.")
    description: str = Field(default="", alias="omschrijving", description="Korte omschrijving.")
    goals: list[Goal] = Field(alias="doelen", min_length=1, description="De doelen in deze pijler.")


class Catalogue(_Entry):
    strategy: Strategy = Field(alias="strategie")
    departments: list[Department] = Field(alias="departementen", min_length=1)
    pillars: list[Pillar] = Field(alias="pijlers", min_length=1)
    own_units: list[UnitSpec] | None = Field(
        default=None,
        alias="eenheden",
        min_length=1,
        description="De eenheden; zonder deze lijst de vijf van de GBVS.",
    )
    period_length: int | None = Field(
        default=None, alias="periode_jaren", ge=1, le=10, description="Lengte van een rapportageperiode in jaren."
    )
    own_periods: list[str] | None = Field(
        default=None, alias="perioden", description="De perioden bij naam (JJJJ of JJJJ-JJJJ), of periode_jaren."
    )
    own_rhythm: str | None = Field(
        default=None,
        alias="ritme",
        min_length=1,
        description="Het ritme in woorden, zoals het rapport het noemt (standaard: afgeleid van de perioden).",
    )
    levels: Levels = Field(default_factory=Levels, alias="niveaus", description="Namen van de niveaus.")
    status_rule: str = Field(
        default="minst-gunstig",
        alias="statusregel",
        description="Hoe de status van een doel volgt uit die van de departementen: minst-gunstig of meerderheid.",
    )

    @field_validator("own_periods", mode="before")
    @classmethod
    def _years_as_periods(cls, value: object) -> object:
        return [year_as_period(v) for v in value] if isinstance(value, list) else value

    @cached_property
    def units(self) -> dict[str, UnitSpec]:
        return {u.code: u for u in (self.own_units if self.own_units is not None else DEFAULT_UNITS)}

    def unit(self, code: str | None) -> UnitSpec | None:
        """The unit called `code`; a bare unit for a code the catalogue does not know."""
        if code is None:
            return None
        return self.units.get(code) or UnitSpec(code=code, achter=f" {code}")

    def goal_status(self, statuses: list[OverallStatus]) -> OverallStatus | None:
        """A goal's status from its departments' statuses, by the catalogue's status rule."""
        if not statuses:
            return None
        if self.status_rule == "meerderheid":  # the most frequent; a tie goes to the least favourable
            counts = {s: statuses.count(s) for s in statuses}
            return max(counts, key=lambda s: (counts[s], s.rank))
        return max(statuses, key=lambda s: s.rank)

    @cached_property
    def goals(self) -> dict[int, Goal]:
        return {goal.number: goal for pillar in self.pillars for goal in pillar.goals}

    @cached_property
    def department_names(self) -> dict[str, str]:
        return {d.code: d.name for d in self.departments}

    @cached_property
    def short_names(self) -> dict[str, str]:
        """Each department's name in running text ('Defensie'), by its code."""
        return {d.code: d.short_name for d in self.departments}

    @property
    def length(self) -> int:
        """The length of a reporting period in years (of the first, for a list of periods)."""
        if self.own_periods:
            first, last = period_years(self.own_periods[0])
            return last - first + 1
        return self.period_length or DEFAULT_PERIOD_LENGTH

    @cached_property
    def periods(self) -> tuple[str, ...]:
        """The reporting periods: the catalogue's list, or blocks of `periode_jaren` calendar
        years from the strategy's first year; the last block ends with the strategy."""
        if self.own_periods is not None:
            return tuple(self.own_periods)
        first, last, n = self.strategy.first_year, self.strategy.last_year, self.length
        return tuple(period_name(y, min(y + n - 1, last)) for y in range(first, last + 1, n))

    def unknown_period(self, period: str) -> str:
        """Why `period` cannot be used, in the same words wherever it is refused."""
        return f"periode {period} hoort niet bij de {self.strategy.short_title}; kies uit: {', '.join(self.periods)}"

    def previous_period(self, period: str) -> str:
        """The period before `period` in the strategy's rhythm (before the first, a period of
        the same length just before it, outside the strategy)."""
        if period in self.periods and self.periods.index(period) > 0:
            return self.periods[self.periods.index(period) - 1]
        first, _ = period_years(period)
        return period_name(first - self.length, first - 1)

    @property
    def rhythm(self) -> str:
        """The rhythm in words, for the report: "per periode van twee jaar", or the catalogue's `ritme`."""
        words = {1: "één jaar", 2: "twee jaar", 3: "drie jaar", 4: "vier jaar", 5: "vijf jaar"}
        if self.own_rhythm:  # the catalogue's own words, e.g. where the strategy sets no rhythm
            return self.own_rhythm
        if self.own_periods is not None:
            return "in de perioden " + ", ".join(self.periods)
        return f"per periode van {words.get(self.length, f'{self.length} jaar')}"

    @property
    def version_label(self) -> str:
        return f"{self.strategy.code} versie {self.strategy.version}"


def period_name(first: int, last: int) -> str:
    """`2023, 2024` → `2023-2024`; a period of one year is named by its year."""
    return str(first) if first == last else f"{first}-{last}"
