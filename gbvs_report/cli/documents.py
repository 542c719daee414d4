"""Commands that make documents: report and diff."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..oserrors import reason
from ._shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    Severity,
    _period,
    _print_findings,
    _safe,
    _spelling_note,
    _usage,
    _workspace,
    app,
    has_errors,
    progress_printer,
)
from .options import (
    DRAFT,
    HTML_ONLY,
    JOBS,
    NO_CACHE,
    SINCE,
    STRICT,
    PeriodOption,
    WorkspaceOption,
    format_option,
    output_option,
)

if TYPE_CHECKING:
    from ..commands.build import BuildResult


@app.command()
def report(
    period: PeriodOption = None,
    output: Annotated[Path, output_option("MAP", "Map voor de documenten (HTML, PDF en Word).")] = Path("build"),
    workspace: WorkspaceOption = None,
    html_only: Annotated[bool, typer.Option(*HTML_ONLY, help="Alleen HTML (en de brief in Word), geen PDF.")] = False,
    draft: Annotated[
        bool,
        typer.Option(
            *DRAFT,
            help="Maak een concept, ook als aanleveringen fouten bevatten: die worden weggelaten en "
            "met hun bevindingen in de bijlage Problemen genoemd; elke pagina zegt CONCEPT.",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option(*STRICT, help="Weiger een definitief rapport ook bij waarschuwingen.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            *JOBS,
            metavar="N",
            min=1,
            help="Zoveel processen maken de delen van de PDF tegelijk op (standaard en hoogstens: het aantal "
            "kernen; meer maken het niet sneller, wel zwaarder).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            *NO_CACHE,
            help="Maak elk deel van de PDF opnieuw op, zonder de cache van opgemaakte delen "
            "($XDG_CACHE_HOME/gbvs, standaard ~/.cache/gbvs) te lezen of te vullen.",
        ),
    ] = False,
) -> None:
    """Maak de Kamerrapportage van één periode als HTML en PDF.

    Weigert (exitcode 1) zolang een aanlevering een fout bevat, en toont dan de bevindingen.
    Met --concept komt er toch een concept (bestandsnaam eindigt op -concept), zonder de
    aanleveringen met fouten.

    Voorbeelden:

      gbvs report

      gbvs report --periode 2018-2019 --uitvoer build/

      gbvs report --concept
    """
    from ..commands.build import BuildError, build_report
    from ..pdf.layout import worker_count
    from ..report.html import TemplateProblem

    ws = _workspace(workspace)
    workers, fewer = worker_count(jobs)
    if fewer and not html_only:
        typer.echo(f"gbvs: {fewer}", err=True)
    try:
        result = build_report(
            ws,
            _period(ws, period),
            output,
            pdf=not html_only,
            draft=draft,
            strict=strict,
            progress=progress_printer(),
            jobs=workers,
            cache=not no_cache,
        )
    except BuildError as exc:
        raise _usage(str(exc)) from None
    except OSError as exc:  # the output folder is a file, read-only, full, or a document's name is a folder
        where = exc.filename or output
        raise _usage(f"kan niet schrijven in {_safe(str(where))}: {reason(exc)}") from None
    except TemplateProblem as exc:  # a workspace's own template: no document is written
        typer.echo(f"gbvs: geen rapport gemaakt: {_safe(str(exc))}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    _print_findings(result.findings)
    _spelling_note()
    if result.templates_refused:
        typer.echo(
            "Geen rapport gemaakt: de map templates/ van de werkmap bevat koppelingen of iets anders dan "
            "gewone bestanden. Vervang die door de bestanden zelf.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    if result.refused:
        letter = any(d.code.startswith("B") for d in result.findings)
        submissions = any(not d.code.startswith("B") and d.severity is Severity.ERROR for d in result.findings)
        why = "fouten" if has_errors(result.findings) else "waarschuwingen (--streng)"
        what = (
            f"de aanleveringen bevatten {why} en de brief is niet af (gbvs.yaml, brief:)"
            if letter and submissions
            else "de brief is niet af (gbvs.yaml, brief:)"
            if letter
            else f"de aanleveringen bevatten {why}"
        )
        typer.echo(
            f"Geen rapport gemaakt: {what}. Herstel dat, of maak een concept met --concept.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    for note in result.notes:
        typer.echo(f"gbvs: {_safe(note)}", err=True)
    for name in result.left_out:
        typer.echo(f"gbvs: weggelaten uit het concept wegens fouten: {_safe(name)}", err=True)
    for refused in result.refused_urls:
        typer.echo(f"gbvs: externe bron geweigerd: {_safe(refused)}", err=True)
    for warning in result.layout_warnings:
        typer.echo(f"gbvs: waarschuwing bij de PDF-opmaak: {_safe(warning)}", err=True)
    for path in result.outputs:
        typer.echo(f"geschreven: {_safe(path)}")
    _report_summary(result)


def _report_summary(result: BuildResult) -> None:
    """What the report leaves out or passes over, in one place, so that nobody sends a report
    to parliament without knowing it."""
    from ..dutch import words

    warnings = sum(d.severity is Severity.WARNING for d in result.findings)
    parts = []
    if result.missing:
        count = len(result.missing)
        parts.append(
            ("1 verwachte aanlevering ontbreekt" if count == 1 else f"{count} verwachte aanleveringen ontbreken")
            + f" (doel {_safe(words(result.missing))})"
        )
    if result.left_out:
        count = len(result.left_out)
        parts.append(f"{count} {'aanlevering' if count == 1 else 'aanleveringen'} weggelaten wegens fouten")
    if result.draft and any(d.code.startswith("B") for d in result.findings):
        parts.append("de brief is niet af (zie hierboven en de bijlage Problemen)")
    if warnings:
        open_ = "1 waarschuwing staat" if warnings == 1 else f"{warnings} waarschuwingen staan"
        parts.append(f"{open_} open (zie hierboven; --streng weigert dan)")
    if parts:
        kind = "Het concept" if result.draft else "Het rapport"
        typer.echo(f"{kind} over {result.period} is gemaakt, maar: {'; '.join(parts)}.", err=True)


@app.command()
def diff(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OUD NIEUW", help="Twee werkmappen om te vergelijken (niet samen met --sinds).", show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            *SINCE,
            metavar="REVISIE",
            help="Vergelijk de werkmap zoals die in deze git-revisie staat "
            "(commit, tak, tag, origin/main) met de werkkopie.",
            show_default=False,
        ),
    ] = None,
    period: PeriodOption = None,
    workspace: WorkspaceOption = None,
    output_format: Annotated[
        str,
        format_option(
            "gbvs_report.commands.diff_output:RENDERERS",
            "Uitvoer: tekst (terminal), markdown (merge request, CI), json of html (een toegankelijke redline).",
        ),
    ] = "tekst",
) -> None:
    """Toon wat een lezer van het rapport zou zien veranderen tussen twee versies van een periode.

    Statussen van doelen en departementen, cijfers (oude en nieuwe waarde), toelichtingen,
    mijlpalen en aanleveringen die erbij kwamen of verdwenen, elk met bestand en regel.
    Alleen geldige aanleveringen tellen, zoals in het rapport; weggelaten bestanden worden
    genoemd. Exitcode 0: niets veranderd; 1: wel veranderingen; 2: verkeerd gebruik.

    Voorbeelden:

      gbvs diff --sinds origin/main

      gbvs diff --sinds HEAD~1 --formaat html > wijzigingen.html

      gbvs diff concept-1/indicators concept-2/indicators --periode 2020-2021
    """
    from ..commands.diff import diff_folders, diff_since
    from ..commands.diff_model import DiffError
    from ..commands.diff_output import RENDERERS

    folders = folders or []
    try:
        if since is not None:
            if folders:
                raise _usage("geef twee mappen of --sinds REVISIE, niet allebei")
            from ..workspace import DEFAULT_WORKSPACE, workspace_root_of

            root = workspace or workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
            result = diff_since(since, root, period)
        elif len(folders) == 2:
            if workspace is not None:
                raise _usage("--werkmap hoort bij --sinds; met twee mappen zijn die de werkmappen")
            result = diff_folders(folders[0], folders[1], period)
        else:
            raise _usage("geef twee werkmappen (gbvs diff OUD NIEUW) of een revisie (gbvs diff --sinds REVISIE)")
    except DiffError as exc:
        raise _usage(str(exc)) from None
    typer.echo(RENDERERS[output_format](result), nl=False)
    raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)
