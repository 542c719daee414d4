"""Findings as values: one `Diagnostic` type and one catalogue of codes.

Every check in the pipeline produces `Diagnostic`s; nothing raises on bad input. Each code is
registered once here, with a Dutch title and an explanation, so that reporters, `--format json`
and the documentation all speak of the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def dutch(self) -> str:
        return "fout" if self is Severity.ERROR else "waarschuwing"


@dataclass(frozen=True)
class Rule:
    """A registered finding: its stable code, default severity and guidance."""

    code: str
    severity: Severity
    title: str
    explanation: str
    example: str = ""


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, explanation: str, example: str = "") -> Rule:
    if code in RULES:
        raise ValueError(f"code {code} is al geregistreerd")
    RULES[code] = Rule(code, severity, title, explanation, example)
    return RULES[code]


E, W = Severity.ERROR, Severity.WARNING

# Layer Y: the file and its YAML.
rule("Y001", E, "Bestand niet te lezen",
     "Het bestand bestaat niet, is geen gewoon bestand of kan niet worden geopend.")
rule("Y002", E, "Geen geldige tekst (UTF-8)",
     "Aanleveringen zijn tekstbestanden in UTF-8. Sla het bestand opnieuw op als UTF-8.")
rule("Y003", E, "YAML-syntaxfout",
     "De YAML-opbouw klopt niet, zodat het bestand niet gelezen kan worden. Vaak gaat het om "
     "een inspringing die niet klopt, een ontbrekende dubbele punt of een niet afgesloten "
     "aanhalingsteken op of vlak vóór de genoemde regel.",
     "titel: 'Conflictpreventie   →   titel: 'Conflictpreventie'")
rule("Y004", E, "Dubbele sleutel",
     "Dezelfde sleutel staat twee keer in dezelfde lijst met gegevens. Alleen één van de twee "
     "waarden zou worden gebruikt; verwijder of hernoem er één.")
rule("Y005", E, "Leeg bestand", "Het bestand bevat geen gegevens.")
rule("Y006", E, "Ongeldige datum",
     "Een datum bestaat niet in de kalender (bijvoorbeeld 30 februari). Schrijf datums als "
     "JJJJ-MM-DD.", "peildatum: 2021-02-30   →   peildatum: 2021-02-28")
rule("Y007", E, "Hoofdniveau is geen lijst van gegevens",
     "Een aanlevering begint met sleutels als `periode:`, `doel:` en `departement:` op het "
     "hoogste niveau, niet met een opsomming of losse tekst.")

# Layer S: the submission's schema.
rule("S001", E, "Onbekende sleutel",
     "Deze sleutel hoort niet in het formaat. Controleer de spelling; `gbvs schema` toont alle "
     "toegestane sleutels.", "streefwaarden:   →   streefwaarde:")
rule("S002", E, "Verplicht veld ontbreekt",
     "Een verplicht veld ontbreekt. De melding wijst de plek aan waar het moet worden "
     "toegevoegd.")
rule("S003", E, "Verkeerd soort waarde",
     "De waarde heeft niet het verwachte soort: bijvoorbeeld tekst waar een getal hoort, of "
     "een getal waar een datum hoort.", "waarde: '1,37'   →   waarde: 1.37")
rule("S004", E, "Waarde niet toegestaan",
     "De waarde komt niet voor in de lijst van toegestane waarden.",
     "status: goed   →   status: op schema")
rule("S005", E, "Waarde buiten bereik",
     "De waarde ligt buiten het toegestane bereik, of de tekst heeft niet de vereiste vorm.")
rule("S006", E, "Nog niet ingevuld",
     "Na de dubbele punt staat nog geen waarde. Een bestand van `gbvs new` laat zo open wat het "
     "departement nog moet invullen; het commentaar op de regel zegt wat er hoort.",
     "peildatum:   →   peildatum: 2023-12-31")

# Layer C: the strategy catalogue.
rule("C001", E, "Onbekend doel",
     "Het doelnummer komt niet voor in de strategie. De GBVS 2018-2022 kent de doelen 1 tot "
     "en met 13.")
rule("C002", E, "Onbekend departement",
     "De departementscode komt niet voor in de catalogus (bijvoorbeeld BZ, DEF, JenV).")
rule("C003", E, "Indicator hoort niet bij dit doel",
     "Het doelschema in de catalogus kent deze indicator niet. Gebruik een van de genoemde "
     "indicatoren of vraag de coördinator de catalogus aan te vullen.")
rule("C004", E, "Verkeerde soort indicator",
     "De soort (numeriek, ordinaal, mijlpaal) of de eenheid wijkt af van het doelschema.")
rule("C005", E, "Bestand staat in de verkeerde periodemap",
     "De periode in het bestand moet gelijk zijn aan de naam van de map waarin het staat, "
     "bijvoorbeeld `2020-2021/`.")
rule("C006", E, "Onbekende rapportageperiode",
     "De rapportageperiode valt buiten de looptijd van de strategie of heeft niet de vorm "
     "JJJJ-JJJJ van twee opeenvolgende kalenderjaren.")
rule("C007", E, "Waarde niet op de schaal",
     "Een ordinale indicator gebruikt de namen van de niveaus op zijn schaal, zoals de "
     "catalogus die noemt.", "waarde: 4   →   waarde: substantieel")
rule("C008", E, "Catalogus ongeldig",
     "De strategiecatalogus zelf bevat een fout; geen aanlevering kan ertegen worden "
     "gecontroleerd totdat die is hersteld.")
rule("C009", E, "Departement draagt niet bij aan dit doel",
     "Volgens de catalogus levert dit departement niet aan voor dit doel. Controleer het "
     "doelnummer en de departementscode.")
rule("C010", E, "Verplichte indicator ontbreekt",
     "Het doelschema vraagt deze indicator van dit departement, maar de aanlevering noemt haar niet.")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, located in a file (line and column are 1-based; 0 means unknown)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    path: tuple[str | int, ...] = field(default=(), compare=False)
    hint: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def title(self) -> str:
        return RULES[self.code].title

    def concise(self) -> str:
        """`path:line:col: fout[CODE] message`: the line format editors and CI understand."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.dutch}[{self.code}] {self.message}"


def diagnostic(code: str, message: str, file: str | Path, line: int = 0, column: int = 0,
               path: tuple[str | int, ...] = (), hint: str = "") -> Diagnostic:
    """Build a finding with the severity its code is registered with."""
    return Diagnostic(str(file), line, column, code, message, tuple(path), hint,
                      RULES[code].severity)


def has_errors(findings: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in findings)
