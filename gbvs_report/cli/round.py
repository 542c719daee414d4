"""Commands of a reporting round: init, new, status and export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..oserrors import reason
from ._shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    _period,
    _refuse_on_errors,
    _safe,
    _spelling_note,
    _usage,
    _workspace,
    app,
)
from .options import (
    CATALOGUE,
    DEPARTMENT,
    GOAL,
    PACKAGE,
    PERIOD,
    PeriodOption,
    WorkspaceOption,
    complete_department,
    complete_period,
    format_option,
    output_option,
)


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="MAP", help="Map van de aanleverrepository (standaard: de huidige map).")
    ] = Path("."),
    period: Annotated[
        str | None,
        typer.Option(
            *PERIOD,
            metavar="PERIODE",  # 2020-2021, or 2022 in a yearly catalogue
            help="Eerste periode (standaard: de nieuwste periode van de strategie die is begonnen).",
            autocompletion=complete_period,
        ),
    ] = None,
    catalogue: Annotated[
        str | None,
        typer.Option(
            *CATALOGUE,
            metavar="NAAM|BESTAND",
            help="De strategie: de naam van een meegeleverde catalogus (gbvs-2018-2022, vs-2023-2029) "
            "of het pad van een eigen catalogusbestand (standaard: de GBVS 2018-2022).",
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option(
            *PACKAGE,
            metavar="PIP-VEREISTE",
            help="De gbvs die CI installeert, bijvoorbeeld git+https://example.org/gbvs-report@v0.2.0 "
            "(standaard: waar deze gbvs vandaan komt, als dat een git-commit of wheel-adres is).",
        ),
    ] = None,
) -> None:
    """Maak een nieuwe aanleverrepository met een lege werkmap.

    Schrijft indicators/ (instellingen gbvs.yaml, catalogus.yaml, het JSON-schema voor
    editors in .gbvs/ en een lege periodemap), editorinstellingen (.vscode/), een
    pre-commit-configuratie, CI voor GitHub Actions en GitLab en een .gitignore, en maakt er
    een git-repository van als de map nog niet in een repository staat. Overschrijft niets:
    bestaat een van die bestanden al, dan stopt het met exitcode 2 (een eigen .gitignore
    blijft gewoon staan). Weet gbvs niet waar
    het vandaan komt en is --pakket niet gegeven, dan zegt het wat u in de CI invult.

    Voorbeelden:

      gbvs init aanleveringen-gbvs

      gbvs init . --periode 2022

      gbvs init aanleveringen-vs --catalogus vs-2023-2029

      gbvs init . --pakket git+https://example.org/gbvs-report@v0.2.0
    """
    from ..commands.install_source import PackageSpecError, resolve
    from ..commands.scaffold import ScaffoldError, catalogue_file, init_repository

    try:
        result = init_repository(directory, period, catalogue_file(catalogue), resolve(package))
    except (ScaffoldError, PackageSpecError) as exc:
        raise _usage(str(exc)) from None
    for path in result.written:
        typer.echo(f"geschreven: {_safe(path)}")
    for path in result.kept:
        typer.echo(f"{_safe(path)} bestaat al en blijft zoals het is; zorg dat build/ en .cache/ erin staan", err=True)
    typer.echo(_safe(result.git), err=True)
    if result.source.spec is None:
        typer.echo(
            f"Let op: gbvs weet niet waar CI gbvs vandaan haalt ({_safe(result.source.reason)}). Vul GBVS_PAKKET "
            "in bovenaan .github/workflows/gbvs.yml en .gitlab-ci.yml met de pip-vereiste van gbvs, bijvoorbeeld "
            "git+https://…/gbvs-report@v0.2.0 (vraag het de coördinator); tot dan stopt CI met die vraag. "
            "Een volgende keer geeft gbvs init --pakket het meteen mee.",
            err=True,
        )
    else:
        typer.echo(f"CI installeert gbvs uit {_safe(result.source.reason)}: {_safe(result.source.spec)}", err=True)
    typer.echo(
        f"Werkmap {_safe(result.workspace)} staat klaar voor periode {_safe(result.period)}. "
        f"Een departement begint een aanlevering met: gbvs new --doel N --departement CODE",
        err=True,
    )


@app.command()
def new(
    goal: Annotated[int, typer.Option(*GOAL, metavar="N", help="Nummer van het doel.", show_default=False)],
    department: Annotated[
        str,
        typer.Option(
            *DEPARTMENT,
            metavar="CODE",
            help="Departementscode uit de catalogus, bijvoorbeeld DEF.",
            show_default=False,
            autocompletion=complete_department,
        ),
    ],
    period: PeriodOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Schrijf een aanlevering die klaarstaat om in te vullen.

    Met de indicatoren die het doelschema van het departement vraagt, nulmeting en
    streefwaarde uit de vorige aanlevering van het departement voor dit doel, en bij elk
    veld een korte uitleg. De open plekken meldt gbvs validate als S006 tot ze zijn
    ingevuld. Een bestaand bestand wordt nooit overschreven (exitcode 2).

    Voorbeelden:

      gbvs new --doel 5 --departement DEF

      gbvs new -g 7 -d JenV --periode 2022 --werkmap indicators
    """
    from ..commands.scaffold import ScaffoldError, new_submission
    from ..validate import display_path

    ws = _workspace(workspace)
    try:
        path = new_submission(ws, goal, department, _period(ws, period))
    except ScaffoldError as exc:
        raise _usage(str(exc)) from None
    typer.echo(f"geschreven: {_safe(display_path(path))}")
    typer.echo(
        f"Vul de open velden in en controleer het bestand met: gbvs validate {_safe(display_path(path))}", err=True
    )


@app.command()
def status(
    period: PeriodOption = None,
    workspace: WorkspaceOption = None,
    output_format: Annotated[
        str, format_option("gbvs_report.commands.status:FORMATS", "Uitvoer als tabel (tekst) of als JSON.")
    ] = "tekst",
) -> None:
    """Toon per doel en departement of de aanlevering er is, en in orde.

    Per verwachte aanlevering: eerstverantwoordelijk of bijdragend, de stand (in orde,
    waarschuwingen, fouten, ontbreekt), aantallen bevindingen en wanneer het bestand het
    laatst is gewijzigd; daaronder de totalen. Exitcode 1 zolang er een verwachte
    aanlevering ontbreekt of een fout bevat, zodat CI erop kan wachten.

    Voorbeelden:

      gbvs status

      gbvs status --periode 2020-2021 --formaat json
    """
    from ..commands.status import FORMATS, round_status, summary

    ws = _workspace(workspace)
    result = round_status(ws, _period(ws, period))
    if result.left_aside:  # on stderr: files in sub-folders, a linked period folder, a letter not yet finished
        from ..commands.reporters import Run, human

        typer.echo(human(Run(result.left_aside, 0), colour=False), nl=False, err=True)
    _spelling_note()
    typer.echo(FORMATS[output_format](result), nl=False)
    if output_format == "json":
        typer.echo(summary(result), err=True)
    raise typer.Exit(EXIT_OK if result.complete else EXIT_FINDINGS)


@app.command()
def export(
    output_format: Annotated[
        str,
        format_option("gbvs_report.commands.export_columns:FORMATS", "Bestandsformaat van de tabellen.", required=True),
    ],
    period: PeriodOption = None,
    output: Annotated[Path, output_option("MAP", "Map voor de tabellen en datapackage.json.")] = Path(
        "build/open-data"
    ),
    workspace: WorkspaceOption = None,
) -> None:
    """Schrijf de open data achter het rapport: elke indicatorwaarde als rij.

    Twee tabellen (indicatorwaarden en mijlpalen) met periode, pijler, doel, departement,
    indicator, soort, eenheid, jaar, waarde, nulmeting, streefwaarde, bron, bestand en
    regel, en een Frictionless datapackage.json die ze beschrijft. Met --formaat xlsx één
    Excel-werkmap open-data.xlsx voor mensen, met een tabblad per tabel en een toelichting.
    Weigert (exitcode 1) zolang een aanlevering van de periode een fout bevat.

    Voorbeelden:

      gbvs export --formaat csv

      gbvs export --periode 2020-2021 --formaat json --uitvoer build/open-data/

      gbvs export --formaat xlsx
    """
    from ..commands.export import ExportError, export_period

    ws = _workspace(workspace)
    try:
        result = export_period(ws, _period(ws, period), output, output_format)
    except ExportError as exc:
        raise _usage(str(exc)) from None
    except OSError as exc:
        raise _usage(f"kan niet schrijven in {output}: {reason(exc, output)}") from None
    _refuse_on_errors(result.findings, "Geen open data geschreven", result.period)
    for path in result.outputs:
        typer.echo(f"geschreven: {_safe(path)}")
    counts = ", ".join(f"{n} {'rij' if n == 1 else 'rijen'} in {name}" for name, n in result.rows.items())
    typer.echo(f"Periode {_safe(result.period)}: {_safe(counts)}.", err=True)
    if result.shortened:
        typer.echo(
            f"Let op: {result.shortened} {'tekst is' if result.shortened == 1 else 'teksten zijn'} langer dan een "
            "cel in Excel kan bevatten (32.767 tekens) en in open-data.xlsx ingekort, met een aantekening in de "
            "cel; gbvs export --formaat csv of --formaat json schrijft ze volledig.",
            err=True,
        )
