"""The workspace's settings file, `gbvs.yaml`: what the report says about itself.

Attributes are English; the YAML keys (the aliases) are Dutch, as in the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .submission import PERIOD_PATTERN, year_as_period


class _SettingsPart(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


# The Word letter carries the letter's subject, its title ("Kamerbrief bij de TITEL PERIODE") and
# the organisation in its document properties, which hold at most 255 characters each.
PROPERTY_MAX = 255
TITLE_MAX = 200  # "Kamerbrief bij de " and the period come before and after it


def _at_most(limit: int, what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit:
            raise ValueError(
                f"{what} is {len(value)} tekens lang; in de eigenschappen van het Word-bestand van de brief "
                f"passen er hoogstens {limit}"
            )
        return value

    return check


class Signatory(_SettingsPart):
    """Who signs the letter: the office on one line, the name under it."""

    office: str = Field(
        alias="functie", min_length=1, description="Functie, zoals 'De Minister van Buitenlandse Zaken'."
    )
    name: str = Field(default="", alias="naam", description="Naam onder de functie (optioneel).")


class Sender(_SettingsPart):
    """The letter's side column: who sends it and where they are."""

    ministry: str = Field(
        default="", alias="ministerie", description="Ministerie; zonder waarde de organisatie van het rapport."
    )
    directorate: str = Field(default="", alias="directie", description="Directie die de brief opstelt (optioneel).")
    visiting_address: list[str] = Field(
        default_factory=list, alias="bezoekadres", description="Bezoekadres, een regel per element."
    )
    postal_address: list[str] = Field(
        default_factory=list, alias="postadres", description="Postadres, een regel per element."
    )
    website: str = Field(default="", alias="website", description="Website, zoals 'www.rijksoverheid.nl'.")


class PreviousReport(_SettingsPart):
    """The report to parliament before this one, which the letter's opening refers to."""

    description: str = Field(
        alias="omschrijving",
        min_length=1,
        description="Hoe de brief de vorige rapportage noemt, midden in een zin: 'de tussenrapportage over de GBVS'.",
    )
    paper: str = Field(default="", alias="kamerstuk", description="Kamerstuk, bijvoorbeeld '33 694, nr. 57'.")
    date: dt.date | None = Field(default=None, alias="datum", description="Datum van die brief (JJJJ-MM-DD).")


class Letter(_SettingsPart):
    """The covering letter to parliament (Kamerbrief) as the ministry sends it, a document of
    its own beside the report."""

    dossier_number: str = Field(
        default="",
        alias="kamerstuk",
        description="Nummer van het Kamerdossier, bijvoorbeeld '33 694'; het rapport noemt het op de titelpagina "
        "(de brief zelf niet: die kop zet de Kamer erboven als zij de brief publiceert).",
    )
    dossier_title: str = Field(default="", alias="dossiertitel", description="Titel van het Kamerdossier.")
    logo: str = Field(
        default="",
        alias="logo",
        description="Logo van het ministerie boven de brief: een afbeelding (PNG of JPEG) in de werkmap, "
        "als pad ten opzichte van de werkmap. Nooit een adres op internet.",
    )
    addressee: str = Field(
        default="Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        alias="aan",
        min_length=1,
        description="Geadresseerde van de brief.",
    )
    addressee_address: list[str] = Field(
        default_factory=lambda: ["Postbus 20018", "2500 EA Den Haag"],
        alias="adres",
        description="Adres van de geadresseerde, een regel per element.",
    )
    sender: Sender = Field(default_factory=Sender, alias="afzender", description="De afzender in de zijkolom.")
    reference: str = Field(default="", alias="kenmerk", description="Kenmerk van de brief ('Onze referentie').")
    your_reference: str = Field(
        default="",
        alias="uw_kenmerk",
        description="Kenmerk van de brief of het verzoek waarop deze brief antwoordt ('Uw referentie'), als dat er is.",
    )
    paper_number: str = Field(
        default="",
        alias="nummer",
        description="Volgnummer in het Kamerdossier ('Nr. 60'), zodra bekend; niet op de brief zoals die wordt "
        "verzonden.",
    )
    place: str = Field(
        default="Den Haag",
        alias="plaats",
        min_length=1,
        description="Niet meer getoond (de brief noemt de datum onder 'Datum'); aanvaard voor oudere instellingen.",
    )
    date: dt.date | None = Field(
        default=None,
        alias="datum",
        description="Datum van de brief (JJJJ-MM-DD). Zonder datum: SOURCE_DATE_EPOCH, "
        "anders de dag waarop het rapport wordt gemaakt.",
    )
    subject: str = Field(
        default="",
        alias="onderwerp",
        description=f"Onderwerp van de brief ('Betreft'; hoogstens {PROPERTY_MAX} tekens).",
    )
    body: str = Field(
        default="",
        alias="tekst",
        description="Tekst van de brief (Markdown), na de openingszin: de kernboodschappen, de context, wat het "
        "kabinet ermee doet.",
    )
    previous_report: PreviousReport | None = Field(
        default=None,
        alias="vorige_rapportage",
        description="De vorige rapportage aan de Kamer; de openingsalinea van de brief verwijst ernaar.",
    )
    signatory: Signatory | None = Field(default=None, alias="ondertekening", description="De minister die ondertekent.")
    co_signatories: list[Signatory] = Field(
        default_factory=list,
        alias="medeondertekening",
        description="Bewindspersonen die de brief mede ondertekenen: elk ondertekent onder de eerste.",
    )
    on_behalf_of: list[str] = Field(
        default_factory=list,
        alias="mede_namens",
        description="Bewindspersonen namens wie de brief mede wordt verzonden, zoals 'de Minister van Defensie'; "
        "de openingszin noemt hen.",
    )

    _subject = field_validator("subject")(_at_most(PROPERTY_MAX, "het onderwerp"))


class Settings(_SettingsPart):
    """The workspace's settings file, `gbvs.yaml`: what the report says about itself."""

    title: str | None = Field(
        default=None,
        alias="titel",
        min_length=1,
        description="Titel van het rapport (standaard: de rapporttitel uit de catalogus; "
        f"hoogstens {TITLE_MAX} tekens).",
    )
    organisation: str = Field(
        default="Ministerie van Buitenlandse Zaken",
        alias="organisatie",
        min_length=1,
        description=f"Coördinerend ministerie, op de titelpagina (hoogstens {PROPERTY_MAX} tekens).",
    )
    catalogue: str | None = Field(
        default=None,
        alias="catalogus",
        min_length=1,
        description="De strategie, als er geen catalogus.yaml naast staat: de naam van een meegeleverde "
        "catalogus (vs-2023-2029) of een pad ten opzichte van de werkmap.",
    )
    example_notice: bool = Field(
        default=False, alias="voorbeeldrapport", description="true als het rapport op voorbeelddata berust."
    )
    letter: Letter = Field(
        default_factory=Letter, alias="brief", description="De aanbiedingsbrief aan de Tweede Kamer."
    )
    key_messages: list[str] = Field(
        default_factory=list,
        alias="kernboodschappen",
        description="De kernboodschappen van de coördinator, elk een zin of twee; de samenvatting van het rapport "
        "begint ermee.",
    )
    abbreviations: dict[str, str] = Field(
        default_factory=dict,
        alias="afkortingen",
        description="Afkortingen en hun betekenis; de bijlage noemt "
        "alleen de afkortingen die in het rapport voorkomen.",
    )
    period: str | None = Field(
        default=None,
        alias="periode",
        pattern=PERIOD_PATTERN,
        description="De periode waarvoor nu wordt aangeleverd, bijvoorbeeld 2022.",
    )

    _title = field_validator("title")(_at_most(TITLE_MAX, "de titel"))
    _organisation = field_validator("organisation")(_at_most(PROPERTY_MAX, "de organisatie"))

    @field_validator("period", mode="before")
    @classmethod
    def _year_period(cls, value: Any) -> Any:
        return year_as_period(value)
