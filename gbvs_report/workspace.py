"""Where things are: a workspace folder with its settings, catalogue, templates and periods.

A workspace is a folder of submissions: one sub-folder per reporting period (`2020-2021/`),
an optional settings file `gbvs.yaml`, an optional `catalogus.yaml` (another strategy than
the shipped GBVS 2018-2022) and an optional `templates/` folder that overrides the report's
templates one file at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .catalogue import Catalogue
from .check import load_catalogue, parse_model
from .diagnostics import Diagnostic, has_errors
from .load import load_document
from .model import PERIOD_PATTERN, is_period

SETTINGS_FILE = "gbvs.yaml"
CATALOGUE_FILE = "catalogus.yaml"
TEMPLATES_DIR = "templates"
DEFAULT_WORKSPACE = Path("indicators")


class _SettingsPart(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class Signatory(_SettingsPart):
    """Who signs the letter: the office on one line, the name under it."""

    office: str = Field(alias="functie", min_length=1,
                        description="Functie, zoals 'De Minister van Buitenlandse Zaken'.")
    name: str = Field(default="", alias="naam", description="Naam onder de functie (optioneel).")


class Letter(_SettingsPart):
    """The covering letter to parliament (Kamerbrief) that opens the report."""

    dossier_number: str = Field(default="", alias="kamerstuk",
                                description="Nummer van het Kamerdossier, bijvoorbeeld '33 694'.")
    dossier_title: str = Field(default="", alias="dossiertitel",
                               description="Titel van het Kamerdossier.")
    addressee: str = Field(default="Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                           alias="aan", min_length=1, description="Geadresseerde van de brief.")
    place: str = Field(default="Den Haag", alias="plaats", min_length=1, description="Plaats boven de brief.")
    date: dt.date | None = Field(default=None, alias="datum",
                                 description="Datum van de brief (JJJJ-MM-DD). Zonder datum: SOURCE_DATE_EPOCH, "
                                             "anders de laatste datum van aanlevering.")
    subject: str = Field(default="", alias="onderwerp", description="Onderwerp van de brief (optioneel).")
    body: str = Field(default="", alias="tekst", description="Tekst van de brief (Markdown).")
    signatory: Signatory | None = Field(default=None, alias="ondertekening",
                                        description="De minister die ondertekent.")
    co_signers: list[str] = Field(default_factory=list, alias="mede_namens",
                                  description="Bewindspersonen namens wie mede wordt ondertekend, "
                                              "zoals 'de Minister van Defensie'.")


class Settings(_SettingsPart):
    """The workspace's settings file, `gbvs.yaml`: what the report says about itself."""

    title: str = Field(default="Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie",
                       alias="titel", min_length=1, description="Titel van het rapport.")
    organisation: str = Field(default="Ministerie van Buitenlandse Zaken", alias="organisatie",
                              min_length=1, description="Coördinerend ministerie, op de titelpagina.")
    example_notice: bool = Field(default=False, alias="voorbeeldrapport",
                                 description="true als het rapport op voorbeelddata berust.")
    letter: Letter = Field(default_factory=Letter, alias="brief",
                           description="De aanbiedingsbrief aan de Tweede Kamer.")
    abbreviations: dict[str, str] = Field(default_factory=dict, alias="afkortingen",
                                          description="Afkortingen en hun betekenis; de bijlage noemt "
                                                      "alleen de afkortingen die in het rapport voorkomen.")
    period: str | None = Field(default=None, alias="periode", pattern=PERIOD_PATTERN,
                               description="De periode waarvoor nu wordt aangeleverd, bijvoorbeeld 2022-2023.")


@dataclass(frozen=True)
class Workspace:
    root: Path
    catalogue: Catalogue
    settings: Settings

    def periods(self) -> list[str]:
        """The period folders that hold at least one submission, oldest first."""
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and is_period(p.name) and any(p.glob("*.yaml")))

    def current_period(self) -> str | None:
        """The period now being reported on: the one in the settings, else the newest
        period folder (even an empty one, as `gbvs init` leaves it)."""
        if self.settings.period:
            return self.settings.period
        folders = sorted(p.name for p in self.root.iterdir() if p.is_dir() and is_period(p.name))
        return folders[-1] if folders else None

    def period_dir(self, period: str) -> Path:
        return self.root / period

    @property
    def template_dir(self) -> Path:
        return self.root / TEMPLATES_DIR


def workspace_root_of(path: Path) -> Path | None:
    """The nearest folder at or above `path` that holds a settings or catalogue file."""
    here = path.resolve()
    for folder in [here, *here.parents] if here.is_dir() else here.parents:
        if (folder / SETTINGS_FILE).is_file() or (folder / CATALOGUE_FILE).is_file():
            return folder
    return None


def open_workspace(root: Path | None) -> tuple[Workspace | None, list[Diagnostic]]:
    """Read a workspace's settings and catalogue; either can be absent, neither may be wrong.

    `None` stands for files outside any workspace: default settings and the shipped catalogue.
    """
    settings, findings = Settings(), []
    settings_file = root / SETTINGS_FILE if root is not None else None
    if settings_file is not None and settings_file.is_file():
        doc, findings = load_document(settings_file)
        if doc is not None:
            parsed, findings = parse_model(doc, Settings)
            settings = parsed or settings
    catalogue_file = root / CATALOGUE_FILE if root is not None else None
    own = catalogue_file is not None and catalogue_file.is_file()
    catalogue, catalogue_findings = load_catalogue(catalogue_file if own else None)
    findings += catalogue_findings
    if has_errors(findings) or catalogue is None:  # a warning (a BOM, say) does not stop the work
        return None, findings
    return Workspace(root or Path("."), catalogue, settings), []


def submission_files(paths: list[Path]) -> list[Path]:
    """Every submission file named by `paths`: files as given, folders searched for *.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.y*ml")
                            if p.is_file() and p.suffix in (".yaml", ".yml") and _is_submission(p, path))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_submission(path: Path, top: Path) -> bool:
    relative = path.relative_to(top).parts
    if path.name in (SETTINGS_FILE, CATALOGUE_FILE) or TEMPLATES_DIR in relative[:-1]:
        return False
    return not any(part.startswith(".") for part in relative)
