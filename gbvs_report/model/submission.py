"""Stage 2, model: the submission format as pydantic models.

Attributes are English; the YAML keys (the aliases) are the Dutch terms departments use.
Unknown keys are errors (`extra="forbid"`) and types are strict, so that a quoted number or a
date written as text is reported instead of silently converted. Every field has a
description: it feeds the JSON Schema that editors show while a file is being written.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

PERIOD_PATTERN = r"^\d{4}(-\d{4})?$"


class Key:
    """The Dutch names of the submission format's fields, in one place: the paths the checks
    locate findings by and the files `gbvs new` writes use these; the models' aliases below
    spell them out (pydantic wants literals there), and a test holds the two to each other."""

    PERIOD: Final = "periode"
    GOAL: Final = "doel"
    DEPARTMENT: Final = "departement"
    CONTACT: Final = "contactpersoon"
    NAME: Final = "naam"
    EMAIL: Final = "email"
    PHONE: Final = "telefoon"
    SUBMITTED: Final = "datum_aanlevering"
    STATUS: Final = "status"
    EXAMPLE_DATA: Final = "voorbeelddata"
    NARRATIVE: Final = "toelichting"
    RESULTS: Final = "resultaten"
    OUTLOOK: Final = "vooruitblik"
    INDICATORS: Final = "indicatoren"
    ID: Final = "id"
    COMMENT: Final = "opmerking"
    KIND: Final = "soort"
    UNIT: Final = "eenheid"
    BASELINE: Final = "nulmeting"
    TARGET: Final = "streefwaarde"
    ACTUALS: Final = "realisaties"
    VALUE: Final = "waarde"
    YEAR: Final = "jaar"
    AS_OF: Final = "peildatum"
    SOURCE: Final = "bron"
    DESCRIPTION: Final = "omschrijving"
    PLANNED: Final = "gepland"
    REACHED: Final = "behaald_op"
    EXAMPLE_TARGET: Final = "voorbeeld"


"""A period's name: its year (`2029`) or its first and last year (`2023-2024`)."""


def year_as_period(value: Any) -> Any:
    """A period of one year may be written as a bare number (`periode: 2029`): read it as its name."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class OverallStatus(str, Enum):
    """How a department judges its progress on a goal, in the words of Dutch progress reports."""

    COMPLETED = "afgerond"
    ON_TRACK = "op schema"
    ATTENTION = "vraagt aandacht"
    DELAYED = "vertraagd"

    @property
    def rank(self) -> int:
        """Higher is worse: a goal's status is the worst of its submissions."""
        return _STATUS_RANK[self]


_STATUS_RANK = {
    OverallStatus.COMPLETED: 0,
    OverallStatus.ON_TRACK: 1,
    OverallStatus.ATTENTION: 2,
    OverallStatus.DELAYED: 3,
}


class MilestoneStatus(str, Enum):
    PLANNED = "gepland"
    ON_TRACK = "op schema"
    DELAYED = "vertraagd"
    REACHED = "behaald"
    DROPPED = "vervallen"


class IndicatorKind(str, Enum):
    NUMERIC = "numeriek"
    ORDINAL = "ordinaal"
    MILESTONE = "mijlpaal"


Year = Annotated[int, Field(ge=1990, le=2100, description="Kalenderjaar, bijvoorbeeld 2021.")]
Text = Annotated[str, Field(min_length=1, description="Tekst.")]

VALUE_LIMIT = 1e15
"""A numeric value lies below this in size. A float holds 15 to 17 significant digits: from
1e15 on, a value with two decimals cannot be stored exactly, so the report would show digits
that nobody wrote. No indicator needs it: the whole Dutch budget is some 4e11 euro."""
VALUE_RESOLUTION = 1e-6
"""A numeric value other than 0 is at least this in size. A unit has at most 6 decimals
(`decimalen` in the catalogue), so a smaller value would be shown as 0: a unit was mistaken."""


def _within_reach(value: float) -> float:
    """A value the report can show: below 1e15 in size, and 0 or at least 0.000001 in size."""
    if abs(value) >= VALUE_LIMIT:
        raise ValueError(
            f"het getal {value!r} is te groot om in het rapport te tonen: een waarde ligt tussen "
            f"-1.000.000.000.000.000 en 1.000.000.000.000.000 (1e15); kies een grotere eenheid"
        )
    if value != 0 and abs(value) < VALUE_RESOLUTION:
        raise ValueError(
            f"het getal {value!r} is te klein om in het rapport te tonen: een waarde is 0 of minstens "
            f"0,000001 (1e-6) groot; kies een kleinere eenheid"
        )
    return value + 0.0  # -0.0 becomes 0.0


Value = Annotated[float, AfterValidator(_within_reach)]


class Contact(Strict):
    name: Text = Field(alias="naam", description="Naam van de contactpersoon bij het departement.")
    email: str = Field(
        alias="email", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="E-mailadres van de contactpersoon."
    )
    phone: str | None = Field(default=None, alias="telefoon", description="Telefoonnummer (optioneel).")


class Narrative(Strict):
    results: Text = Field(alias="resultaten", description="Behaalde resultaten in de periode (Markdown).")
    outlook: Text = Field(alias="vooruitblik", description="Vooruitblik op de komende periode (Markdown).")


class NumericPoint(Strict):
    value: Value = Field(alias="waarde", allow_inf_nan=False, description="De waarde, in de eenheid van de indicator.")
    year: Year = Field(alias="jaar")


class OrdinalPoint(Strict):
    value: Text = Field(alias="waarde", description="Naam van het niveau op de schaal van de indicator.")
    year: Year = Field(alias="jaar")


class _ExampleTarget(Strict):
    """A target can be an example rather than a set commitment: the report says so beside it."""

    example: bool = Field(
        default=False,
        alias="voorbeeld",
        description=(
            "true als de streefwaarde een voorbeeld is en geen vastgestelde doelstelling; het rapport zegt het erbij."
        ),
    )


class NumericTarget(_ExampleTarget, NumericPoint):  # waarde and jaar first
    pass


class OrdinalTarget(_ExampleTarget, OrdinalPoint):  # waarde and jaar first
    pass


class _Actual(Strict):
    year: Year = Field(alias="jaar", description="Het jaar waarover de realisatie gaat.")
    as_of: dt.date = Field(alias="peildatum", description="De datum waarop de waarde is vastgesteld (JJJJ-MM-DD).")
    source: Text = Field(alias="bron", description="Bron van de waarde: publicatie, datum, eventueel URL.")

    if TYPE_CHECKING:  # each kind of realisation has its own value field
        value: Any


class NumericActual(_Actual):
    value: Value = Field(
        alias="waarde", allow_inf_nan=False, description="De gerealiseerde waarde, in de eenheid van de indicator."
    )


class OrdinalActual(_Actual):
    value: Text = Field(alias="waarde", description="Naam van het gerealiseerde niveau op de schaal.")


class _Indicator(Strict):
    id: str = Field(
        alias="id",
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Kenmerk van de indicator, zoals het doelschema in de catalogus het noemt.",
    )
    comment: str | None = Field(
        default=None, alias="opmerking", description="Toelichting bij de indicator (optioneel)."
    )


class NumericIndicator(_Indicator):
    kind: Literal["numeriek"] = Field(alias="soort", description="Soort indicator.")
    unit: str = Field(
        alias="eenheid", min_length=1, description="Eenheid, zoals de catalogus die noemt, bijvoorbeeld procent."
    )
    baseline: NumericPoint = Field(alias="nulmeting", description="Nulmeting: waarde en jaar.")
    target: NumericTarget = Field(alias="streefwaarde", description="Streefwaarde: waarde en jaar.")
    actuals: list[NumericActual] = Field(default_factory=list, alias="realisaties", description="Realisatie per jaar.")


class OrdinalIndicator(_Indicator):
    kind: Literal["ordinaal"] = Field(alias="soort", description="Soort indicator.")
    baseline: OrdinalPoint = Field(alias="nulmeting", description="Nulmeting: niveau en jaar.")
    target: OrdinalTarget = Field(alias="streefwaarde", description="Streefwaarde: niveau en jaar.")
    actuals: list[OrdinalActual] = Field(default_factory=list, alias="realisaties", description="Realisatie per jaar.")


class MilestoneIndicator(_Indicator):
    kind: Literal["mijlpaal"] = Field(alias="soort", description="Soort indicator.")
    description: Text = Field(alias="omschrijving", description="Wat er bereikt moet worden.")
    planned: dt.date = Field(alias="gepland", description="Geplande datum (JJJJ-MM-DD).")
    status: MilestoneStatus = Field(
        strict=False, alias="status", description="gepland, op schema, vertraagd, behaald of vervallen."
    )
    reached: dt.date | None = Field(
        default=None, alias="behaald_op", description="Datum waarop de mijlpaal is behaald (JJJJ-MM-DD)."
    )
    source: str | None = Field(default=None, alias="bron", description="Bron (optioneel).")


Indicator = Annotated[NumericIndicator | OrdinalIndicator | MilestoneIndicator, Field(discriminator="kind")]


class Submission(Strict):
    """One department's contribution to one goal for one reporting period."""

    period: str = Field(
        alias="periode",
        pattern=PERIOD_PATTERN,
        description="Rapportageperiode zoals de catalogus die noemt, bijvoorbeeld 2020-2021.",
    )
    goal: int = Field(alias="doel", ge=1, description="Nummer van het doel in de strategie.")
    department: str = Field(alias="departement", description="Code van het aanleverende departement, bijvoorbeeld DEF.")
    contact: Contact = Field(alias="contactpersoon", description="Contactpersoon voor vragen over deze aanlevering.")
    submitted: dt.date = Field(alias="datum_aanlevering", description="Datum van aanlevering (JJJJ-MM-DD).")
    status: OverallStatus = Field(
        strict=False, alias="status", description="Voortgang: op schema, vraagt aandacht, vertraagd of afgerond."
    )
    example_data: bool = Field(
        default=False, alias="voorbeelddata", description="true als de cijfers (deels) verzonnen voorbeelddata zijn."
    )
    narrative: Narrative = Field(alias="toelichting", description="Toelichting in Markdown: resultaten en vooruitblik.")
    indicators: list[Indicator] = Field(
        default_factory=list, alias="indicatoren", description="De indicatoren die het doelschema van dit doel vraagt."
    )

    @field_validator("period", mode="before")
    @classmethod
    def _year_period(cls, value: Any) -> Any:
        return year_as_period(value)


def period_years(period: str) -> tuple[int, int]:
    """The first and last year of a period: `2023-2024` → (2023, 2024), `2029` → (2029, 2029)."""
    first, _, last = period.partition("-")
    return int(first), int(last or first)


def years_of(period: str) -> range:
    """Every calendar year of a period."""
    first, last = period_years(period)
    return range(first, last + 1)


def is_period(text: str) -> bool:
    return re.fullmatch(PERIOD_PATTERN, text) is not None


SUFFIXES: Final = (".yaml", ".yml")
"""What makes a file in a period folder a submission: one rule for every command."""

_NAME = re.compile(r"doel-0*(\d{1,4})(?:-([A-Za-z]+))?(?:[-_ .].*)?\.ya?ml", re.IGNORECASE)


def is_submission_name(name: str) -> bool:
    """A YAML file's name (`.yaml` and `.yml` alike), the one rule for what a submission is called."""
    return name.lower().endswith(SUFFIXES)


def name_parts(name: str) -> tuple[int, str | None] | None:
    """The goal and department a file's name speaks of, as `gbvs new` names it:
    `doel-05-DEF.yaml` → (5, 'DEF'); `doel-05-DEF-herzien.yml` → (5, 'DEF'); `doel-5.yaml` →
    (5, None). None when the name does not start that way. The word after the number is a
    department code only when the catalogue knows it; the caller checks."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    return int(match[1]), match[2]
