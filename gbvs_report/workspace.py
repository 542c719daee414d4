"""Where things are: a workspace folder with its settings, catalogue, templates and periods.

A workspace is a folder of submissions: one sub-folder per reporting period (`2020-2021/`),
an optional settings file `gbvs.yaml`, an optional `catalogus.yaml` (another strategy than
the shipped GBVS 2018-2022) and an optional `templates/` folder that overrides the report's
templates one file at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .codes import C008
from .diagnostics import Diagnostic, diagnostic, has_errors
from .load import load_document
from .model.catalogue import DEFAULT_CATALOGUE, Catalogue, shipped_catalogues
from .model.settings import Settings
from .model.submission import is_period
from .rules.catalogue import catalogue_findings
from .validation import parse_model

SETTINGS_FILE = "gbvs.yaml"
CATALOGUE_FILE = "catalogus.yaml"
TEMPLATES_DIR = "templates"
DEFAULT_WORKSPACE = Path("indicators")


class PeriodError(Exception):
    """The period cannot be used; the message says why, in Dutch."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    catalogue: Catalogue
    settings: Settings
    catalogue_file: Path = DEFAULT_CATALOGUE  # where the catalogue was read from

    def periods(self) -> list[str]:
        """The period folders that hold at least one submission, oldest first."""
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and is_period(p.name) and any(p.glob("*.yaml")))

    def current_period(self) -> str | None:
        """The period now being reported on: the one in the settings, else the newest
        period folder (even an empty one, as `gbvs init` leaves it)."""
        if self.settings.period:
            return self.settings.period
        folders = sorted(p.name for p in self.root.iterdir() if p.is_dir() and is_period(p.name))
        return folders[-1] if folders else None

    def resolve_period(self, option: str | None = None) -> str:
        """The period a command works on: `option` (--period), else the current period.
        Every command resolves its period here, and refuses one the catalogue does not know
        in the same words."""
        period = option or self.current_period()
        if period is None:
            raise PeriodError(f"{self.root} heeft nog geen periode: geef --period of zet 'periode:' in gbvs.yaml")
        if period not in self.catalogue.periods:
            raise PeriodError(self.catalogue.unknown_period(period))
        return period

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
    settings, findings = Settings(), list[Diagnostic]()
    settings_file = root / SETTINGS_FILE if root is not None else None
    doc = None
    if settings_file is not None and settings_file.is_file():
        doc, findings = load_document(settings_file)
        if doc is not None:
            parsed, findings = parse_model(doc, Settings)
            settings = parsed or settings
    catalogue_file = root / CATALOGUE_FILE if root is not None else None
    if catalogue_file is None or not catalogue_file.is_file():
        catalogue_file = None
        if root is not None and settings.catalogue and doc is not None:  # `catalogus:` in gbvs.yaml
            catalogue_file = _named_catalogue(root, settings.catalogue)
            if catalogue_file is None:
                line, column = doc.locate(("catalogus",))
                shipped = ", ".join(shipped_catalogues())
                message = f"catalogus '{settings.catalogue}' is geen meegeleverde catalogus ({shipped}) en geen bestand"
                return None, [*findings, diagnostic(C008, message, doc.display, line, column, ("catalogus",))]
    catalogue, catalogue_findings = load_catalogue(catalogue_file)
    findings += catalogue_findings
    if has_errors(findings) or catalogue is None:  # a warning (a BOM, say) does not stop the work
        return None, findings
    return Workspace(root or Path("."), catalogue, settings, catalogue_file or DEFAULT_CATALOGUE), []


def _named_catalogue(root: Path, name: str) -> Path | None:
    """The catalogue `catalogus:` in the settings names: a shipped one by its code, or a file."""
    shipped = shipped_catalogues()
    if name in shipped:
        return shipped[name]
    path = root / name
    return path if path.is_file() else None


def load_catalogue(path: Path | None = None) -> tuple[Catalogue | None, list[Diagnostic]]:
    """Load and check a strategy catalogue (the shipped GBVS 2018-2022 by default)."""
    doc, findings = load_document(path or DEFAULT_CATALOGUE)
    if doc is None:
        return None, findings
    catalogue, findings = parse_model(doc, Catalogue)
    if catalogue is None:
        return None, findings
    findings += catalogue_findings(doc, catalogue)
    return (None if has_errors(findings) else catalogue), findings


def submission_files(paths: list[Path]) -> list[Path]:
    """Every submission file named by `paths`: files as given, folders searched for *.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*.y*ml")
                if p.is_file() and p.suffix in (".yaml", ".yml") and _is_submission(p, path)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_submission(path: Path, top: Path) -> bool:
    relative = path.relative_to(top).parts
    if path.name in (SETTINGS_FILE, CATALOGUE_FILE) or TEMPLATES_DIR in relative[:-1]:
        return False
    return not any(part.startswith(".") for part in relative)
