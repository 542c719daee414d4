"""The strategy catalogue: pillars, goals, departments and each goal's schema of indicators.

The catalogue is data, not code: the GBVS 2018-2022 ships as the default, and a workspace
can put its own `catalogus.yaml` beside its submissions for another strategy. The catalogue
file is loaded and checked with the same machinery as a submission.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .submission import IndicatorKind, Unit

DEFAULT_CATALOGUE = Path(__file__).parent.parent / "catalogus" / "gbvs-2018-2022.yaml"
PERIOD_LENGTH = 2


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


class Department(_Entry):
    code: str = Field(alias="code", pattern=r"^[A-Za-z]{2,6}$", description="Afkorting, bijvoorbeeld DEF.")
    name: str = Field(alias="naam", min_length=1, description="Volledige naam van het ministerie.")


class IndicatorSpec(_Entry):
    """One indicator a goal expects: what it measures and who reports it."""

    id: str = Field(alias="id", pattern=r"^[a-z0-9][a-z0-9-]*$", description="Kenmerk van de indicator.")
    name: str = Field(alias="naam", min_length=1, description="Naam zoals die in het rapport staat.")
    kind: IndicatorKind = Field(strict=False, alias="soort", description="numeriek, ordinaal of mijlpaal.")
    unit: Unit | None = Field(strict=False, default=None, alias="eenheid", description="Eenheid (alleen numeriek).")
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

    @cached_property
    def goals(self) -> dict[int, Goal]:
        return {goal.number: goal for pillar in self.pillars for goal in pillar.goals}

    @cached_property
    def department_names(self) -> dict[str, str]:
        return {d.code: d.name for d in self.departments}

    @cached_property
    def periods(self) -> tuple[str, ...]:
        """The reporting periods: blocks of two calendar years from the strategy's first year."""
        first, last = self.strategy.first_year, self.strategy.last_year
        return tuple(f"{y}-{y + PERIOD_LENGTH - 1}" for y in range(first, last + 1, PERIOD_LENGTH))

    def unknown_period(self, period: str) -> str:
        """Why `period` cannot be used, in the same words wherever it is refused."""
        return f"periode {period} hoort niet bij de {self.strategy.short_title}; kies uit: {', '.join(self.periods)}"

    def previous_period(self, period: str) -> str:
        """The period before `period` in the strategy's rhythm (it may lie before the strategy)."""
        first, last = (int(part) for part in period.split("-"))
        return f"{first - PERIOD_LENGTH}-{last - PERIOD_LENGTH}"

    @property
    def version_label(self) -> str:
        return f"{self.strategy.code} versie {self.strategy.version}"
