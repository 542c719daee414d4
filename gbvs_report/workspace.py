"""Where things are: a workspace folder with its settings, catalogue, templates and periods.

A workspace is a folder of submissions: one sub-folder per reporting period (`2020-2021/`),
an optional settings file `gbvs.yaml`, an optional `catalogus.yaml` (another strategy than
the shipped GBVS 2018-2022) and an optional `templates/` folder that overrides the report's
templates one file at a time.

The workspace is also a boundary: nothing outside it is read. Links are never followed (a
submission, settings file, catalogue or template that is a link is a finding, Y019), what is
not a regular file is never opened or waited on (Y018, see `load.open_regular`), and only the
files directly in a period folder are submissions (a YAML file below one is a warning, Y020).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .codes import C008, Y019, Y020
from .diagnostics import Diagnostic, diagnostic, has_errors
from .load import Document, boundary_finding, load_document
from .model.catalogue import DEFAULT_CATALOGUE, Catalogue, shipped_catalogues
from .model.settings import Settings
from .model.submission import is_period, is_submission_name
from .names import printable
from .rules.catalogue import catalogue_findings
from .rules.letter import letter_findings
from .rules.spelling import Speller
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
    findings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    """What reading the settings and the catalogue found that does not stop the work (a BOM,
    say): every command that checks a period shows it (see `validate.settings_findings`)."""
    settings_document: Document | None = field(default=None, compare=False, repr=False)
    """The settings file as read, with the position of every value; None without one."""

    @cached_property
    def letter_findings(self) -> list[Diagnostic]:
        """What keeps the letter in the settings from being sent (layer B, warnings): every
        checked period carries them (`CheckedPeriod.letter_findings`); `gbvs report` refuses a
        final report on them."""
        return letter_findings(self.settings_document, self.settings, self.root)

    @cached_property
    def speller(self) -> Speller:
        """The spelling of this workspace's texts: Dutch, its `woordenlijst.txt` and the
        abbreviations its settings name."""
        return Speller.for_workspace(self.root, frozenset(self.settings.abbreviations))

    def periods(self) -> list[str]:
        """The period folders that hold at least one submission, by the one rule of what a
        submission is (`counts_as_submission`), oldest first (a link to a folder elsewhere is
        no period folder: see `period_files`)."""
        return sorted(p.name for p in self.root.iterdir() if is_period(p.name) and _real_dir(p) and _holds_any(p))

    def current_period(self) -> str | None:
        """The period now being reported on: the one in the settings, else the newest
        period folder (even an empty one, as `gbvs init` leaves it)."""
        if self.settings.period:
            return self.settings.period
        folders = sorted(p.name for p in self.root.iterdir() if p.is_dir() and is_period(p.name))
        return folders[-1] if folders else None

    def resolve_period(self, option: str | None = None) -> str:
        """The period a command works on: `option` (--periode), else the current period.
        Every command resolves its period here, and refuses one the catalogue does not know
        in the same words."""
        period = option or self.current_period()
        if period is None:
            raise PeriodError(f"{self.root} heeft nog geen periode: geef --periode of zet 'periode:' in gbvs.yaml")
        if period not in self.catalogue.periods:
            raise PeriodError(self.catalogue.unknown_period(period))
        return period

    def period_dir(self, period: str) -> Path:
        return self.root / period

    def period_files(self, period: str) -> tuple[list[Path], list[Diagnostic]]:
        """The submissions of a period (the files directly in its folder), and the findings
        about what does not count: YAML files in sub-folders (Y020), a period folder that is
        a link to somewhere else (Y019)."""
        folder = self.period_dir(period)
        if os.path.islink(folder):
            return [], [_folder_link(folder)]
        if not folder.is_dir():
            return [], []
        return submission_search([folder])

    @property
    def template_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    def template_findings(self) -> list[Diagnostic]:
        """Everything in the workspace's templates folder that the report must not read: a
        link (to anywhere, even inside the workspace), a pipe, a device, a socket; and the
        folder itself when it is a link. The report refuses while there is any."""
        folder = self.template_dir
        if os.path.islink(folder):
            return [_folder_link(folder)]
        if not folder.is_dir():
            return []
        findings: list[Diagnostic] = []
        for here, dirs, files in os.walk(folder):  # never follows a link to a folder
            for name in sorted(dirs + files):
                path = Path(here) / name
                if name in dirs and not os.path.islink(path):
                    continue
                finding = boundary_finding(path, display_path(path))
                if finding is not None:
                    findings.append(finding)
        return sorted(findings)


def workspace_root_of(path: Path) -> Path | None:
    """The nearest folder at or above `path` that holds a settings or catalogue file. For a
    file, the search starts in the folder that lists it (a link is not followed to where it
    points: its target's folder never decides the workspace)."""
    folder_itself = path.is_dir() and not path.is_symlink()
    here = path.resolve() if folder_itself else Path(os.path.abspath(path)).parent.resolve()
    for folder in [here, *here.parents]:
        # lexists: a settings file that is a link or a pipe marks the workspace too (and is
        # then refused by `open_workspace`), rather than making a folder further up the root
        if os.path.lexists(folder / SETTINGS_FILE) or os.path.lexists(folder / CATALOGUE_FILE):
            return folder
    return None


def open_workspace(root: Path | None) -> tuple[Workspace | None, list[Diagnostic]]:
    """Read a workspace's settings and catalogue; either can be absent, neither may be wrong.

    `None` stands for files outside any workspace: default settings and the shipped catalogue.
    """
    settings, findings = Settings(), list[Diagnostic]()
    settings_file = root / SETTINGS_FILE if root is not None else None
    doc = None
    # whatever stands there is read: a link, a folder or a pipe is a finding, never skipped
    if settings_file is not None and os.path.lexists(settings_file):
        doc, findings = load_document(settings_file)
        if doc is not None:
            parsed, findings = parse_model(doc, Settings)
            settings = parsed or settings
    catalogue_file = root / CATALOGUE_FILE if root is not None else None
    if catalogue_file is None or not os.path.lexists(catalogue_file):
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
    found = Workspace(root or Path("."), catalogue, settings, catalogue_file or DEFAULT_CATALOGUE, tuple(findings), doc)
    return found, []


def _named_catalogue(root: Path, name: str) -> Path | None:
    """The catalogue `catalogus:` in the settings names: a shipped one by its code, or a file."""
    shipped = shipped_catalogues()
    if name in shipped:
        return shipped[name]
    path = root / name  # a file of the workspace's own: never a link, never outside it
    inside = path.resolve().is_relative_to(root.resolve()) and not path.is_symlink()
    return path if inside and path.is_file() else None


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


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it; a byte
    of a name that is not UTF-8 as \\xNN (names.printable)."""
    if not path.is_absolute():
        return printable(str(path))  # already relative, as given (and no system call per file)
    try:
        return printable(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return printable(str(path))


def submission_files(paths: list[Path]) -> list[Path]:
    """Every submission file named by `paths` (see `submission_search`)."""
    return submission_search(paths)[0]


def submission_search(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Every submission file named by `paths`, and a finding for each YAML file that does not
    count because it lies below a period folder.

    Files named are taken as given. Folders are searched without following links. A
    submission lives directly in its period folder: every YAML name there is taken, whatever
    stands there (a link, a pipe or a folder with a submission's name is refused when it is
    read). A YAML file in a folder below a period folder (`2020-2021/oud/`) is a warning (Y020)
    and is left out. Other folders (a workspace, a folder of examples) are searched all the
    way down; settings, catalogue, templates and hidden files are never submissions.
    """
    found: list[Path] = []
    stray: list[tuple[Path, str]] = []
    links: list[Path] = []
    for path in paths:
        if path.is_dir():
            _search(path, path.name if is_period(path.name) else None, 0, found, stray, links)
        else:
            found.append(path)  # named: checked all the same, with the warning when it is below a period
            period = _period_above(path)
            if period is not None:
                stray.append((path, period))
    findings = [_folder_link(path) for path in links] + [
        diagnostic(
            Y020,
            f"staat in een submap van de periodemap; alleen bestanden direct in {period}/ tellen mee",
            display_path(path),
            hint=f"Verplaats het bestand naar de map van zijn periode, of haal het uit de werkmap; "
            f"het telt nu niet mee in de controle, het rapport en de open data van {period}.",
        )
        for path, period in stray
    ]
    return list(dict.fromkeys(found)), findings


def _search(
    folder: Path, period: str | None, depth: int, found: list[Path], stray: list[tuple[Path, str]], links: list[Path]
) -> None:
    """Search `folder`; `period` is the period folder it is in (or is), `depth` how far below
    that period folder it lies. Links to folders are noted in `links`, never followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in (SETTINGS_FILE, CATALOGUE_FILE):
            continue
        path = folder / name
        is_yaml = is_submission_name(name)
        if is_yaml and period is not None and depth == 0:
            found.append(path)
        elif entry.is_dir(follow_symlinks=False):
            if name == TEMPLATES_DIR:
                continue
            if period is not None:
                _search(path, period, depth + 1, found, stray, links)
            else:
                _search(path, name if is_period(name) else None, 0, found, stray, links)
        elif entry.is_symlink() and entry.is_dir():
            links.append(path)
        elif is_yaml:
            if period is None:
                found.append(path)
            else:
                stray.append((path, period))


def counts_as_submission(name: str) -> bool:
    """The one rule for what a file directly in a period folder is: a submission when its name
    ends in `.yaml` or `.yml`, unless it is hidden or the workspace's own settings or catalogue."""
    return not name.startswith(".") and name not in (SETTINGS_FILE, CATALOGUE_FILE) and is_submission_name(name)


def _holds_any(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(counts_as_submission(entry.name) for entry in entries)
    except OSError:
        return False


def _period_above(path: Path) -> str | None:
    """The period folder of a workspace that a file lies below, deeper than directly in it."""
    parents = Path(os.path.abspath(path)).parents
    for depth, folder in enumerate(parents):
        if is_period(folder.name) and (
            os.path.lexists(folder.parent / SETTINGS_FILE) or os.path.lexists(folder.parent / CATALOGUE_FILE)
        ):
            return folder.name if depth > 0 else None
    return None


def _folder_link(path: Path) -> Diagnostic:
    return diagnostic(
        Y019,
        "deze map is een koppeling (symbolische link) naar een map elders; gbvs volgt geen koppelingen",
        display_path(path),
        hint="Zet de bestanden zelf in de werkmap; wat via de koppeling bereikbaar is, telt niet mee.",
    )


def _real_dir(path: Path) -> bool:
    """A folder, and not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
