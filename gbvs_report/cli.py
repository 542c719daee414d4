"""The `gbvs` command: a thin layer that reads options, calls a pipeline stage and maps the
result to output and an exit code. Heavy imports (WeasyPrint) happen inside the commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .diagnostics import Diagnostic, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="gbvs",
    help="Voortgangsrapportage GBVS: controleer aanleveringen van departementen en maak de "
         "tweejaarlijkse Kamerrapportage (HTML en PDF).",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gbvs {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Toon het versienummer en stop.")] = None,
) -> None:
    """Voortgangsrapportage GBVS."""


def _usage(message: str) -> typer.Exit:
    typer.echo(f"gbvs: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _print_findings(findings: list[Diagnostic]) -> None:
    for finding in sorted(findings):
        typer.echo(finding.concise())
        if finding.hint:
            typer.echo(f"    tip: {finding.hint}")


def _summary(files: int, findings: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in findings)
    warnings = len(findings) - errors
    word = "bestand" if files == 1 else "bestanden"
    return f"{files} {word} gecontroleerd: {errors} {'fout' if errors == 1 else 'fouten'}, " \
           f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}"


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Bestanden of mappen om te controleren (standaard: indicators/).", show_default=False)] = None,
) -> None:
    """Controleer aanleveringen tegen het formaat en de strategiecatalogus.

    Elke bevinding verschijnt als `bestand:regel:kolom: fout[CODE] melding`.
    Exitcode 0: geen fouten; 1: fouten gevonden; 2: verkeerd gebruik.

    Voorbeelden:

      gbvs validate indicators/2020-2021/doel-05-DEF.yaml

      gbvs validate indicators/
    """
    from .collect import check_paths

    targets = paths or [Path("indicators")]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise _usage(f"{missing[0]} bestaat niet")
    checked, general = check_paths(targets)
    findings = general + [d for f in checked for d in f.findings]
    _print_findings(findings)
    typer.echo(_summary(len(checked), findings), err=True)
    raise typer.Exit(EXIT_FINDINGS if any(d.severity is Severity.ERROR for d in findings) else EXIT_OK)


def progress_printer(stream=None):
    """Report the long steps on a terminal, numbered; stay quiet when output goes elsewhere
    (a pipe, a CI log), so that logs hold only findings and results."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        return lambda step: None
    steps = iter(range(1, 100))

    def show(step: str) -> None:
        print(f"[{next(steps)}] {step} …", file=stream, flush=True)

    return show


@app.command()
def report(
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="JJJJ-JJJJ",
                                                  help="Rapportageperiode (standaard: de laatste).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Map voor HTML en PDF.")] = Path("build"),
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Map met aanleveringen.")] = Path("indicators"),
    html_only: Annotated[bool, typer.Option("--html-only", help="Alleen HTML, geen PDF.")] = False,
    draft: Annotated[bool, typer.Option(
        "--draft", help="Maak een concept, ook als aanleveringen fouten bevatten: die worden weggelaten en "
                        "met hun bevindingen in de bijlage Problemen genoemd; elke pagina zegt CONCEPT.")] = False,
) -> None:
    """Maak de Kamerrapportage van één periode als HTML en PDF.

    Weigert (exitcode 1) zolang een aanlevering een fout bevat, en toont dan de bevindingen.
    Met --draft komt er toch een concept (bestandsnaam eindigt op -concept), zonder de
    aanleveringen met fouten.

    Voorbeelden:

      gbvs report

      gbvs report --period 2018-2019 --output build/

      gbvs report --draft
    """
    from .build import BuildError, build_report
    from .workspace import open_workspace

    if not workspace.is_dir():
        raise _usage(f"{workspace} is geen map met aanleveringen")
    ws, findings = open_workspace(workspace)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    try:
        result = build_report(ws, period, output, pdf=not html_only, draft=draft, progress=progress_printer())
    except BuildError as exc:
        raise _usage(str(exc)) from None
    _print_findings(result.findings)
    if result.refused:
        typer.echo("Geen rapport gemaakt: de aanleveringen bevatten fouten. "
                   "Herstel ze, of maak een concept met --draft.", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    for name in result.left_out:
        typer.echo(f"gbvs: weggelaten uit het concept wegens fouten: {name}", err=True)
    for refused in result.refused_urls:
        typer.echo(f"gbvs: externe bron geweigerd: {refused}", err=True)
    for warning in result.layout_warnings:
        typer.echo(f"gbvs: waarschuwing bij de PDF-opmaak: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"geschreven: {path}")


def main() -> None:
    app()
