"""Findings as values: one `Diagnostic` type and one catalogue of codes.

Every check in the pipeline produces `Diagnostic`s; nothing raises on bad input. Each code is
registered once here, with a Dutch title and an explanation, so that reporters, `--format json`
and the documentation all speak of the same things.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
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

    def describe(self) -> str:
        """The rule as `gbvs explain` prints it: title, severity, explanation, a fix."""
        lines = [f"{self.code}: {self.title} ({self.severity.dutch})", ""]
        lines += textwrap.wrap(self.explanation, 88) + [""]
        wrong, _, right = self.example.partition("   →   ")
        if right:
            lines += ["Fout:", *("    " + part for part in wrong.split("\n")),
                      "Goed:", *("    " + part for part in right.split("\n"))]
        elif wrong:
            lines += ["Voorbeeld:", *("    " + part for part in wrong.split("\n"))]
        return "\n".join(lines).rstrip() + "\n"


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, explanation: str, example: str = "") -> Rule:
    if code in RULES:
        raise ValueError(f"code {code} is al geregistreerd")
    RULES[code] = Rule(code, severity, title, explanation, example)
    return RULES[code]


E, W = Severity.ERROR, Severity.WARNING

RULES_VERSION = "3"
"""Raised whenever a code is added, removed or changes meaning; `--format json` reports it."""

# Layer Y: the file and its YAML.
rule("Y001", E, "Bestand niet te lezen",
     "Het bestand bestaat niet, is geen gewoon bestand of kan niet worden geopend.",
     "gbvs validate indicators/2020-2021/doel-5-DEF.yaml   →   gbvs validate indicators/2020-2021/doel-05-DEF.yaml")
rule("Y002", E, "Geen geldige tekst (UTF-8)",
     "Aanleveringen zijn tekstbestanden in UTF-8. Een bestand uit een tekstverwerker of in een "
     "oude codering (Windows-1252) bevat bytes die geen UTF-8 zijn. Sla het bestand opnieuw op "
     "als UTF-8.", "In de editor: Opslaan als… → Codering: UTF-8")
rule("Y003", E, "YAML-syntaxfout",
     "De YAML-opbouw klopt niet, zodat het bestand niet gelezen kan worden. Vaak gaat het om "
     "een inspringing die niet klopt, een ontbrekende dubbele punt of een niet afgesloten "
     "aanhalingsteken op of vlak vóór de genoemde regel.",
     "titel: 'Conflictpreventie   →   titel: 'Conflictpreventie'")
rule("Y004", E, "Dubbele sleutel",
     "Dezelfde sleutel staat twee keer in dezelfde lijst met gegevens. Alleen één van de twee "
     "waarden zou worden gebruikt; verwijder of hernoem er één. De melding noemt beide regels.",
     "status: op schema\nstatus: vertraagd   →   status: vertraagd")
rule("Y005", E, "Leeg bestand", "Het bestand bevat geen gegevens, of alleen commentaar.",
     "(leeg)   →   periode: 2020-2021\ndoel: 5\n…")
rule("Y006", E, "Ongeldige datum",
     "Een datum bestaat niet in de kalender (bijvoorbeeld 30 februari). Schrijf datums als "
     "JJJJ-MM-DD.", "peildatum: 2021-02-30   →   peildatum: 2021-02-28")
rule("Y007", E, "Hoofdniveau is geen lijst van gegevens",
     "Een aanlevering begint met sleutels als `periode:`, `doel:` en `departement:` op het "
     "hoogste niveau, niet met een opsomming of losse tekst.",
     "- periode: 2020-2021   →   periode: 2020-2021")
rule("Y008", E, "Tab in de inspringing",
     "YAML springt in met spaties; een tab is op deze plek niet toegestaan. Veel editors "
     "kunnen tabs automatisch door spaties vervangen.", "⇥naam: J. de Vries   →     naam: J. de Vries")
rule("Y009", E, "Meer dan één document",
     "Een bestand bevat precies één aanlevering. Een regel met alleen '---' begint een tweede "
     "YAML-document; zet dat in een eigen bestand.", "…\n---\nperiode: 2020-2021   →   (tweede deel in een eigen bestand)")
rule("Y010", W, "Bestand begint met een BOM",
     "Het bestand begint met een onzichtbare 'byte order mark'. Die wordt genegeerd, maar "
     "sommige programma's struikelen erover. Sla het bestand op als UTF-8 zonder BOM.",
     "In de editor: Opslaan als… → Codering: UTF-8 (zonder BOM)")
rule("Y011", E, "Anker of verwijzing niet toegestaan",
     "YAML-ankers (&naam) en verwijzingen (*naam) maken een bestand moeilijk te lezen en kunnen "
     "misbruikt worden om met een klein bestand enorme hoeveelheden gegevens te maken. "
     "Aanleveringen schrijven elke waarde voluit.",
     "bron: &nato NAVO 2024 … bron: *nato   →   bron: NAVO 2024 … bron: NAVO 2024")
rule("Y012", E, "Expliciete tag niet toegestaan",
     "Tags zoals !!str of !python/object veranderen hoe een waarde gelezen wordt. Aanleveringen "
     "gebruiken ze niet: zet tekst die op een getal lijkt tussen aanhalingstekens.",
     "telefoon: !!str 0701234567   →   telefoon: '0701234567'")
rule("Y013", E, "Samenvoegsleutel niet toegestaan",
     "De sleutel '<<' voegt een andere lijst in deze lijst in. Dat verbergt waar een waarde "
     "vandaan komt; schrijf alle sleutels voluit.", "<<: *basis   →   eenheid: procent\n…")
rule("Y014", E, "Bestand te groot",
     "Een aanlevering is een paar kilobyte. Bestanden boven de 1000 kB worden niet gelezen, om "
     "de controle snel en veilig te houden.", "(een ander, kleiner bestand aanleveren)")
rule("Y015", E, "Te diep genest",
     "De gegevens zijn dieper genest dan een aanlevering ooit nodig heeft (32 niveaus). Zo'n "
     "bestand wordt geweigerd voordat het gelezen wordt.", "[[[[[…]]]]]   →   (de opbouw van een aanlevering volgen)")
rule("Y016", E, "Sleutel is geen tekst",
     "Een sleutel (het woord vóór de dubbele punt) moet tekst zijn, geen lijst of opsomming.",
     "? [a, b]\n: 1   →   naam: 1")
rule("Y017", W, "Getal met voorloopnul",
     "YAML leest 05 als het getal 5: de voorloopnul verdwijnt. Bedoelt u een getal, schrijf het "
     "dan zonder nul; bedoelt u tekst (een telefoonnummer, een code), zet het dan tussen "
     "aanhalingstekens.", "doel: 05   →   doel: 5")

# Layer S: the submission's schema.
rule("S001", E, "Onbekende sleutel",
     "Deze sleutel hoort niet in het formaat. Controleer de spelling; `gbvs schema` toont alle "
     "toegestane sleutels.", "streefwaarden:   →   streefwaarde:")
rule("S002", E, "Verplicht veld ontbreekt",
     "Een verplicht veld ontbreekt. De melding wijst de plek aan waar het moet worden "
     "toegevoegd.", "contactpersoon:\n  naam: J. de Vries   →   contactpersoon:\n  naam: J. de Vries\n"
     "  email: j.devries@minbuza.nl")
rule("S003", E, "Verkeerd soort waarde",
     "De waarde heeft niet het verwachte soort: bijvoorbeeld tekst waar een getal hoort, of "
     "een getal waar een datum hoort.", "waarde: '1,37'   →   waarde: 1.37")
rule("S004", E, "Waarde niet toegestaan",
     "De waarde komt niet voor in de lijst van toegestane waarden.",
     "status: goed   →   status: op schema")
rule("S005", E, "Waarde buiten bereik",
     "De waarde ligt buiten het toegestane bereik, of de tekst heeft niet de vereiste vorm.",
     "jaar: 20   →   jaar: 2020")
rule("S006", E, "Nog niet ingevuld",
     "Na de dubbele punt staat nog geen waarde. Een bestand van `gbvs new` laat zo open wat het "
     "departement nog moet invullen; het commentaar op de regel zegt wat er hoort.",
     "peildatum:   →   peildatum: 2023-12-31")

# Layer C: the strategy catalogue.
rule("C001", E, "Onbekend doel",
     "Het doelnummer komt niet voor in de strategie. De GBVS 2018-2022 kent de doelen 1 tot "
     "en met 13.", "doel: 14   →   doel: 13")
rule("C002", E, "Onbekend departement",
     "De departementscode komt niet voor in de catalogus (bijvoorbeeld BZ, DEF, JenV).",
     "departement: Defensie   →   departement: DEF")
rule("C003", E, "Indicator hoort niet bij dit doel",
     "Het doelschema in de catalogus kent deze indicator niet. Gebruik een van de genoemde "
     "indicatoren of vraag de coördinator de catalogus aan te vullen.",
     "id: defensie-bbp-procent   →   id: defensie-bbp")
rule("C004", E, "Verkeerde soort indicator",
     "De soort (numeriek, ordinaal, mijlpaal) of de eenheid wijkt af van het doelschema.",
     "eenheid: euro   →   eenheid: miljoen euro")
rule("C005", E, "Bestand staat in de verkeerde periodemap",
     "De periode in het bestand moet gelijk zijn aan de naam van de map waarin het staat, "
     "bijvoorbeeld `2020-2021/`.", "2018-2019/doel-05-DEF.yaml met periode: 2020-2021   →   2020-2021/doel-05-DEF.yaml")
rule("C006", E, "Onbekende rapportageperiode",
     "De rapportageperiode valt buiten de looptijd van de strategie of heeft niet de vorm "
     "JJJJ-JJJJ van twee opeenvolgende kalenderjaren.", "periode: 2024-2025   →   periode: 2020-2021")
rule("C007", E, "Waarde niet op de schaal",
     "Een ordinale indicator gebruikt de namen van de niveaus op zijn schaal, zoals de "
     "catalogus die noemt.", "waarde: 4   →   waarde: substantieel")
rule("C008", E, "Catalogus ongeldig",
     "De strategiecatalogus zelf bevat een fout; geen aanlevering kan ertegen worden "
     "gecontroleerd totdat die is hersteld.", "eerstverantwoordelijk: Defensie   →   eerstverantwoordelijk: DEF")
rule("C009", E, "Departement draagt niet bij aan dit doel",
     "Volgens de catalogus levert dit departement niet aan voor dit doel. Controleer het "
     "doelnummer en de departementscode.", "doel: 5\ndepartement: OCW   →   doel: 5\ndepartement: DEF")
rule("C010", E, "Verplichte indicator ontbreekt",
     "Het doelschema vraagt deze indicator van dit departement, maar de aanlevering noemt haar niet.",
     "indicatoren: [defensie-bbp]   →   indicatoren: [defensie-bbp, defensie-uitgaven, …]")

# Layer X: across files.
rule("X001", E, "Dubbele aanlevering",
     "Twee bestanden leveren voor hetzelfde doel, hetzelfde departement en dezelfde periode "
     "aan. Het rapport kan er maar één gebruiken; voeg ze samen of verwijder er één.",
     "doel-05-DEF.yaml + doel-05-DEF-v2.yaml   →   doel-05-DEF.yaml")
rule("X002", E, "Tegenstrijdige waarden tussen bestanden",
     "Dezelfde indicator staat bij hetzelfde doel in twee aanleveringen, met verschillende "
     "waarden. Spreek af welk departement de indicator aanlevert en welke waarde klopt.",
     "(BZ) waarde: 0.59 / (DEF) waarde: 0.61   →   beide: waarde: 0.59")
rule("X003", W, "Nulmeting of streefwaarde gewijzigd",
     "De nulmeting of streefwaarde van een indicator wijkt af van de aanlevering voor de vorige "
     "periode, zonder dat de indicator een opmerking heeft. Een gewijzigde streefwaarde moet "
     "de Kamer worden uitgelegd: licht de wijziging toe in 'opmerking'.",
     "streefwaarde: {waarde: 2.5, jaar: 2024}   →   streefwaarde: {waarde: 2.5, jaar: 2024}\n"
     "opmerking: Streefwaarde verhoogd na de NAVO-top van 2023.")

# Layer P: plausibility (warnings).
rule("P001", W, "Realisatie buiten de rapportageperiode",
     "Het jaar van een realisatie ligt buiten de twee jaren van de rapportageperiode. Vaak is "
     "het jaar verkeerd getypt; een realisatie over een eerder jaar hoort in de aanlevering "
     "voor die periode.", "periode: 2020-2021 … jaar: 2012   →   jaar: 2021")
rule("P002", W, "Streefjaar vóór het jaar van de nulmeting",
     "De streefwaarde hoort bij een jaar ná de nulmeting. Controleer of de jaren zijn omgewisseld.",
     "nulmeting: {…, jaar: 2024}\nstreefwaarde: {…, jaar: 2017}   →   (jaren omwisselen)")
rule("P003", W, "Percentage buiten 0-100",
     "Een indicator in procenten heeft een waarde onder 0 of boven 100. Schrijf percentages als "
     "getal van 0 tot 100, niet als fractie of promille.", "waarde: 137   →   waarde: 1.37")
rule("P004", W, "Mijlpaal over datum maar niet behaald",
     "De geplande datum van de mijlpaal ligt vóór de datum van aanlevering, maar de status is "
     "nog 'gepland' of 'op schema'. Werk de status bij (behaald, vertraagd of vervallen).",
     "gepland: 2020-12-31\nstatus: op schema   →   status: vertraagd")
rule("P005", W, "Realisatie beweegt de verkeerde kant op",
     "Bij een indicator waar hoger beter is (of lager, volgens de catalogus) ligt de realisatie "
     "aan de verkeerde kant van de nulmeting. Dat kan kloppen, maar is vaak een tikfout of "
     "een verwisseling van eenheid; licht het anders toe in 'opmerking'.",
     "nulmeting: {waarde: 1.12} … waarde: 0.137   →   waarde: 1.37")
rule("P006", W, "Toelichting leeg of nietszeggend",
     "De toelichting is de kern van de Kamerrapportage. Tekst als 'n.v.t.', 'volgt' of "
     "'TODO' hoort er niet in te staan.", "resultaten: n.v.t.   →   resultaten: In 2021 is …")


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


def strict(findings: list[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning counts as an error."""
    return [replace(d, severity=Severity.ERROR) for d in findings]
