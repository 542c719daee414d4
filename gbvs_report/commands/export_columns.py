"""The open data's tables: their columns, with the Dutch titles and descriptions the data
package and the workbook show, and which text a spreadsheet would take for a formula."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.submission import MilestoneStatus

FORMATS = ("csv", "json", "xlsx")
WORKBOOK = "open-data.xlsx"  # --formaat xlsx: one workbook for people; the data package does not list it
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a Table Schema type
    title: str
    description: str
    constraints: dict[str, Any] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "title": self.title,
            "description": self.description,
        }
        return entry | ({"constraints": self.constraints} if self.constraints else {})


def _required(**more: Any) -> dict[str, Any]:
    return {"required": True, **more}


_WHERE = [
    Column(
        "periode", "string", "Periode", "Rapportageperiode van twee kalenderjaren.", _required(pattern=r"\d{4}-\d{4}")
    ),
    Column("pijler", "string", "Pijler", "Pijler van de strategie waaronder het doel valt.", _required()),
    Column("doel", "integer", "Doel", "Nummer van het doel in de strategie.", _required(minimum=1)),
    Column(
        "departement", "string", "Departement", "Code van het aanleverende ministerie, bijvoorbeeld DEF.", _required()
    ),
    Column("indicator", "string", "Indicator", "Kenmerk van de indicator in de strategiecatalogus.", _required()),
    Column("indicatornaam", "string", "Naam van de indicator", "Naam van de indicator zoals het rapport haar noemt."),
]
_ORIGIN = [
    Column("bestand", "string", "Bestand", "Aanleveringsbestand waaruit de rij komt, binnen de werkmap.", _required()),
    Column("regel", "integer", "Regel", "Regel in dat bestand waar de waarde staat.", _required(minimum=1)),
]
VALUE_COLUMNS = [
    *_WHERE,
    Column(
        "soort",
        "string",
        "Soort",
        "numeriek (een getal in een eenheid) of ordinaal (een niveau op een schaal).",
        _required(enum=["numeriek", "ordinaal"]),
    ),
    Column(
        "eenheid",
        "string",
        "Eenheid",
        "Eenheid van een numerieke indicator; leeg bij ordinale.",  # the units: _field_schema
    ),
    Column("jaar", "integer", "Jaar", "Het jaar waarover de realisatie gaat; leeg als er nog geen realisatie is."),
    Column(
        "waarde",
        "number",
        "Waarde",
        "De realisatie: een getal in de eenheid, of bij een ordinale indicator de plaats van het niveau op "
        "de schaal (1 = laagste niveau).",
    ),
    Column("niveau", "string", "Niveau", "Naam van het gerealiseerde niveau (alleen ordinale indicatoren)."),
    Column("nulmeting", "number", "Nulmeting", "Waarde van de nulmeting (bij ordinale: plaats op de schaal)."),
    Column("nulmeting_niveau", "string", "Niveau nulmeting", "Naam van het niveau van de nulmeting (alleen ordinaal)."),
    Column("nulmeting_jaar", "integer", "Jaar nulmeting", "Jaar van de nulmeting."),
    Column("streefwaarde", "number", "Streefwaarde", "Streefwaarde (bij ordinale: plaats op de schaal)."),
    Column(
        "streefwaarde_niveau",
        "string",
        "Niveau streefwaarde",
        "Naam van het niveau van de streefwaarde (alleen ordinaal).",
    ),
    Column("streefwaarde_jaar", "integer", "Jaar streefwaarde", "Jaar waarin de streefwaarde bereikt moet zijn."),
    Column("stijgend", "boolean", "Hoger is beter", "true als een hogere waarde een betere uitkomst is."),
    Column("peildatum", "date", "Peildatum", "Datum waarop de waarde is vastgesteld."),
    Column("bron", "string", "Bron", "Bron van de waarde, zoals het departement die opgeeft."),
    *_ORIGIN,
]
MILESTONE_COLUMNS = [
    *_WHERE,
    Column("omschrijving", "string", "Omschrijving", "Wat er bereikt moet worden.", _required()),
    Column("gepland", "date", "Gepland", "Geplande datum.", _required()),
    Column("status", "string", "Status", "Stand van de mijlpaal.", _required(enum=[s.value for s in MilestoneStatus])),
    Column("behaald_op", "date", "Behaald op", "Datum waarop de mijlpaal is behaald."),
    Column("bron", "string", "Bron", "Bron, zoals het departement die opgeeft."),
    *_ORIGIN,
]
TABLES = {"indicatorwaarden": VALUE_COLUMNS, "mijlpalen": MILESTONE_COLUMNS}
_TITLES = {
    "indicatorwaarden": "Realisaties van numerieke en ordinale indicatoren, met nulmeting en streefwaarde",
    "mijlpalen": "Mijlpalen met hun planning en stand",
}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that is just a number ("-3.5") is no formula; numbers themselves are never text here.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_CSV_SPECIAL = (",", '"', "\r", "\n")
NEUTRALISED = (
    "Tekst die met =, +, -, @, een tab of een regelterugloop begint, staat in deze CSV met een enkel "
    "aanhalingsteken (') ervoor, zodat een spreadsheetprogramma haar niet als formule uitvoert; "
    "getallen blijven getallen. De JSON-export en de aanlevering hebben de tekst zonder dat teken."
)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` instead of showing it."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)
