"""What every command shares: the app, options, messages, the workspace and the period."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.completion import completion_init, get_completion_script

from .. import clitext, package_version
from ..diagnostics import Diagnostic, Severity, has_errors
from .options import HELP, VERSION, PeriodOption, WorkspaceOption

if TYPE_CHECKING:
    from ..workspace import Workspace


clitext.install()  # click's and typer's own texts (usage, help, errors) in Dutch


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + the signal's number, as shells report it

EXIT_CODES = (
    (
        EXIT_OK,
        "gelukt; geen fouten gevonden (waarschuwingen mogen). `gbvs status`: de ronde is compleet. "
        "`gbvs diff`: een lezer ziet niets veranderen",
    ),
    (
        EXIT_FINDINGS,
        "fouten gevonden in aanleveringen, instellingen of catalogus: het rapport of de open data is niet "
        "gemaakt (`gbvs report --concept` maakt dan wel een concept en eindigt met 0, behalve bij fouten in "
        "instellingen of catalogus). Ook: `gbvs validate --streng` en `gbvs report --streng` bij "
        "waarschuwingen; een eigen sjabloon van de werkmap dat niet te gebruiken is (bestand en regel in de "
        "melding). `gbvs status`: er ontbreekt een verwachte aanlevering, of een aanlevering is onvolledig of "
        "bevat een fout. `gbvs diff`: er veranderde iets. `gbvs fmt`: een bestand bevat fouten en is niet "
        "opgemaakt, of met `--controleer` zou een bestand worden opgemaakt",
    ),
    (
        EXIT_USAGE,
        "verkeerd gebruik: onbekende optie, pad of periode die niet bestaat, uitvoermap binnen de "
        "aanleveringen, onbekende code bij `gbvs explain`, onbekende revisie of geen git-repository bij "
        "`gbvs diff --sinds`. `gbvs init` en `gbvs new`: een bestand dat geschreven zou worden, bestaat al, "
        "of doel en departement horen volgens de catalogus niet bij elkaar. De uitvoer kan niet worden "
        "geschreven (de uitvoermap is een bestand, alleen-lezen of vol, of er staat een map waar een document "
        "moet komen): eerdere uitvoer blijft staan",
    ),
    (
        EXIT_INTERRUPTED,
        "afgebroken met Ctrl-C (SIGINT): tijdelijke bestanden zijn opgeruimd, eerdere uitvoer is onveranderd",
    ),
    (EXIT_TERMINATED, "gestopt met SIGTERM (zoals CI een taak stopt): net als bij Ctrl-C, met één regel uitleg"),
)
"""Every exit code and what it means: the README and the handbooks show this table."""


SHELLS = ("bash", "zsh")


# Shell completion works through `gbvs completion`, which prints the script; typer's own
# --install-completion would edit the user's shell start-up files, so it stays off.
completion_init()


app = typer.Typer(
    name="gbvs",
    help="Voortgangsrapportage GBVS: controleer aanleveringen van departementen en maak de "
    "tweejaarlijkse Kamerrapportage (HTML en PDF).",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": HELP},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gbvs {package_version()}")
        raise typer.Exit()


# Commands that never take a day for today: they run whatever SOURCE_DATE_EPOCH holds.
_WITHOUT_A_DAY = {"explain", "schema", "completion"}


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool | None, typer.Option(*VERSION, callback=_version, is_eager=True, help="Toon het versienummer en stop.")
    ] = None,
) -> None:
    """Voortgangsrapportage GBVS."""
    from ..clock import EpochError, epoch_date

    if ctx.invoked_subcommand in _WITHOUT_A_DAY or ctx.resilient_parsing:
        return
    try:
        epoch_date()  # the day a check or a letter takes for today: refused once, here, when unusable
    except EpochError as exc:
        raise _usage(str(exc)) from None


def _safe(text: object) -> str:
    """Data and paths as they may be shown on a terminal: control and bidirectional
    characters escaped (a file name or a value never moves the cursor or forges a line)."""
    from ..commands.reporters import safe

    return safe(str(text))


def _usage(message: str) -> typer.Exit:
    # line by line: a message of several lines keeps them (findings under a heading)
    typer.echo("gbvs: " + "\n".join(_safe(line) for line in message.split("\n")), err=True)
    return typer.Exit(EXIT_USAGE)


def _print_findings(findings: list[Diagnostic]) -> None:
    from ..commands.reporters import Run, human

    typer.echo(human(Run(findings, 0), colour=_colour()), nl=False)


def _refuse_on_errors(findings: list[Diagnostic], refusal: str, period: str) -> None:
    """Show the findings; stop with exit code 1 when any is an error."""
    _print_findings(findings)
    if any(d.severity is Severity.ERROR for d in findings):
        typer.echo(f"{refusal}: de aanleveringen voor {_safe(period)} bevatten fouten.", err=True)
        raise typer.Exit(EXIT_FINDINGS)


def _colour() -> bool:
    """Colour on a terminal, plain text when piped or when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def progress_printer(stream=None):
    """Report the long steps on a terminal, numbered; stay quiet when output goes elsewhere
    (a pipe, a CI log), so that logs hold only findings and results."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        return lambda step: None
    steps = itertools.count(1)

    def show(step: str) -> None:
        print(f"[{next(steps)}] {step} …", file=stream, flush=True)

    return show


def _workspace(option: Path | None) -> Workspace:
    """The workspace named by --werkmap, else the one around the working folder, else indicators/."""
    from ..workspace import DEFAULT_WORKSPACE, open_workspace, workspace_root_of

    root = option or workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
    if not root.is_dir():
        raise _usage(
            f"{root} is geen map met aanleveringen; geef de werkmap met --werkmap of maak er een met gbvs init"
        )
    ws, findings = open_workspace(root)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    return ws


def _spelling_note() -> None:
    """Say once, on stderr, when the spelling could not be checked (no Dutch dictionary here)."""
    from ..rules.spelling import not_checked

    note = not_checked()
    if note:
        typer.echo(f"gbvs: {note}", err=True)


def _period(ws: Workspace, option: str | None) -> str:
    """The period a command works on; the same rule, and the same refusal, for every command."""
    from ..workspace import PeriodError

    try:
        return ws.resolve_period(option)
    except PeriodError as exc:
        raise _usage(str(exc)) from None


__all__ = [
    "EXIT_CODES",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "PeriodOption",
    "SHELLS",
    "Severity",
    "WorkspaceOption",
    "_colour",
    "_period",
    "_print_findings",
    "_refuse_on_errors",
    "_safe",
    "_spelling_note",
    "_usage",
    "_workspace",
    "app",
    "get_completion_script",
    "has_errors",
    "progress_printer",
]
