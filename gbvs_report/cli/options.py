"""Every option of `gbvs`, declared once, in Dutch.

Each option has a Dutch long name, the one that help shows and Tab offers (`--periode`,
`--werkmap`, `--uitvoer`, ...). The English name it had before stays accepted as a hidden alias,
so that scripts keep working: not shown in help, not named in messages, offered by Tab only when
no Dutch name fits what was typed (see `clitext.hide_alias`). Short names (`-p`, `-w`, `-o`)
stay as they are.

The values of `--formaat` are the names of each command's registry of formats (`REPORTERS`,
`RENDERERS`, `FORMATS`), shown in Dutch where a name is a word (`tekst`, `beknopt`); the English
names are accepted too. A new format is one entry in its registry, and `--formaat` offers it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from .. import clitext


def names(dutch: str, english: str | None = None, short: str | None = None) -> list[str]:
    """An option's names: the Dutch one shown, the English one as a hidden alias, the short one."""
    if english is not None:
        clitext.hide_alias(english, dutch)
    return [name for name in (dutch, english, short) if name]


# The option names, each declared here and nowhere else.
PERIOD = names("--periode", "--period", "-p")
WORKSPACE = names("--werkmap", "--workspace", "-w")
OUTPUT = names("--uitvoer", "--output", "-o")
FORMAT = names("--formaat", "--format", "-f")
STRICT = names("--streng", "--strict")
DRAFT = names("--concept", "--draft")
HTML_ONLY = names("--alleen-html", "--html-only")
JOBS = names("--taken", "--jobs", "-j")
NO_CACHE = names("--zonder-cache", "--no-cache")
GOAL = names("--doel", "--goal", "-g")
DEPARTMENT = names("--departement", "--department", "-d")
CATALOGUE = names("--catalogus", "--catalogue")
PACKAGE = names("--pakket")
SINCE = names("--sinds", None, "-s")
CHECK = names("--controleer", "--check")
VERSION = names("--versie", "--version")
HELP = ["-h", *names("--hulp", "--help")]  # "-h" first: misuse messages name it ("Probeer 'gbvs new -h'")


FORMAT_WORDS = {"human": "tekst", "text": "tekst", "concise": "beknopt"}
"""The Dutch name of a format whose registry name is an English word; the others (json, csv,
markdown, github, ...) are the same in both languages."""


def format_names(registry: Iterable[str]) -> list[str]:
    """The names `--formaat` shows for a registry of formats, in the registry's order."""
    return list(dict.fromkeys(FORMAT_WORDS.get(name, name) for name in registry))


class Registry:
    """A command's registry of formats (`module:NAME`, a dict or tuple of format names), read
    when first needed: at help, at Tab, when the option is given. Importing the module where
    the formats are made costs more than `gbvs --help` may take."""

    def __init__(self, where: str) -> None:
        self.where = where

    @cached_property
    def names(self) -> list[str]:
        module, _, attribute = self.where.partition(":")
        return list(getattr(importlib.import_module(module), attribute))

    def __str__(self) -> str:  # the metavar in help: `tekst|beknopt|json|github|gitlab`
        return "|".join(format_names(self.names))

    def chosen(self, value: Any) -> str | None:
        """The registry's name of the format the user gave (in Dutch or English), or a usage
        error that lists the Dutch names."""
        if value is None:
            return None
        by_name = {FORMAT_WORDS.get(name, name): name for name in self.names} | {n: n for n in self.names}
        chosen = by_name.get(str(value).strip().lower())
        if chosen is None:
            shown = ", ".join(f"'{name}'" for name in format_names(self.names))
            raise typer.BadParameter(f"'{value}' is geen geldige keuze; kies uit {shown}.")
        return chosen

    def complete(self, incomplete: str) -> list[str]:
        """Tab offers the Dutch names; an English one only when no Dutch name fits."""
        shown = [name for name in format_names(self.names) if name.startswith(incomplete)]
        return shown or [name for name in self.names if name.startswith(incomplete)]


def format_option(where: str, text: str, *, required: bool = False) -> Any:
    """`--formaat` / `-f` for one command, with the choices of its registry (`module:NAME`)."""
    registry = Registry(where)
    return typer.Option(
        *FORMAT,
        metavar=cast(str, registry),  # shown as text, read only when help is
        help=text,
        callback=registry.chosen,
        autocompletion=registry.complete,
        show_default=not required,
    )


def _catalogue_values(kind: str, incomplete: str) -> list[str]:
    """Tab completion from the catalogue of the workspace in sight; nothing when there is none."""
    from ..workspace import DEFAULT_WORKSPACE, open_workspace, workspace_root_of

    root = workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
    ws, _ = open_workspace(root) if root.is_dir() else (None, [])
    if ws is None:
        return []
    values = list(ws.catalogue.department_names) if kind == "department" else list(ws.catalogue.periods)
    return [v for v in values if v.lower().startswith(incomplete.lower())]


def complete_department(incomplete: str) -> list[str]:
    return _catalogue_values("department", incomplete)


def complete_period(incomplete: str) -> list[str]:
    return _catalogue_values("period", incomplete)


PeriodOption = Annotated[
    str | None,
    typer.Option(
        *PERIOD,
        metavar="PERIODE",  # 2020-2021, or 2022 in a yearly catalogue
        help="Rapportageperiode (standaard: 'periode' in gbvs.yaml, anders de nieuwste periodemap).",
        autocompletion=complete_period,
    ),
]

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        *WORKSPACE,
        metavar="MAP",
        help="Map met aanleveringen (standaard: de werkmap waarin u staat, anders indicators/).",
        show_default=False,
    ),
]

StrictOption = Annotated[bool, typer.Option(*STRICT, help="Tel waarschuwingen als fouten.")]


def output_option(metavar: str, text: str) -> Any:
    """`--uitvoer` / `-o`: a folder or a file, depending on the command."""
    return typer.Option(*OUTPUT, metavar=metavar, help=text)
