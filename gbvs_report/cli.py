"""The `gbvs` command: a thin layer that reads options, calls a pipeline stage and maps the
result to output and an exit code. Heavy imports (WeasyPrint) happen inside the commands."""

from __future__ import annotations

import os
import sys
from enum import Enum
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
    from .reporters import Run, human

    typer.echo(human(Run(findings, 0), colour=_colour()), nl=False)


def _colour() -> bool:
    """Colour on a terminal, plain text when piped or when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class OutputFormat(str, Enum):
    human = "human"
    concise = "concise"
    json = "json"
    github = "github"
    gitlab = "gitlab"


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Bestanden of mappen om te controleren (standaard: indicators/).", show_default=False)] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="Uitvoer: human (met de regel uit het bestand), concise (één regel per "
        "bevinding), json, github (annotaties) of gitlab (code quality).")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option("--strict", help="Tel waarschuwingen als fouten.")] = False,
) -> None:
    """Controleer aanleveringen: YAML, formaat, strategiecatalogus, samenhang tussen bestanden
    en aannemelijkheid.

    Elke bevinding begint met `bestand:regel:kolom: fout[CODE] melding`; `gbvs explain CODE`
    legt een code uit. Exitcode 0: geen fouten; 1: fouten gevonden (met --strict ook bij
    waarschuwingen); 2: verkeerd gebruik.

    Voorbeelden:

      gbvs validate indicators/2020-2021/doel-05-DEF.yaml

      gbvs validate --strict indicators/

      gbvs validate --format github indicators/
    """
    from .collect import check_paths
    from .diagnostics import strict as as_errors
    from .reporters import REPORTERS, Run, summary

    targets = paths or [Path("indicators")]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise _usage(f"{missing[0]} bestaat niet")
    checked, general = check_paths(targets)
    findings = general + [d for f in checked for d in f.findings]
    if strict:
        findings = as_errors(findings)
    catalogues = sorted({f.catalogue_version for f in checked if f.catalogue_version})
    run = Run(findings, len(checked), catalogues, strict)
    typer.echo(REPORTERS[output_format.value](run, _colour()), nl=False)
    if output_format in (OutputFormat.human, OutputFormat.concise):
        typer.echo(summary(run), err=True)
    raise typer.Exit(EXIT_FINDINGS if run.errors else EXIT_OK)


@app.command()
def explain(
    code: Annotated[Optional[str], typer.Argument(help="De code uit een melding, zoals S003.",
                                                  show_default=False)] = None,
) -> None:
    """Leg een meldingscode uit: wat er mis is en een voorbeeld van het herstel.
    Zonder code: de lijst van alle codes.

    Voorbeelden:

      gbvs explain S003

      gbvs explain
    """
    from .check import suggest
    from .diagnostics import RULES

    if code is None:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.severity.dutch:<12}  {rule.title}")
        return
    rule = RULES.get(code.strip().upper())
    if rule is None:
        raise _usage(f"onbekende code '{code}'.{suggest(code.upper(), list(RULES))} "
                     "`gbvs explain` toont alle codes.")
    typer.echo(rule.describe(), nl=False)


@app.command()
def schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Schrijf het schema naar dit bestand "
                                                   "in plaats van naar het scherm.", show_default=False)] = None,
    workspace: Annotated[Optional[Path], typer.Option(
        "--workspace", "-w", help="Werkmap met een eigen catalogus.yaml (standaard: de meegeleverde "
        "catalogus van de GBVS 2018-2022).", show_default=False)] = None,
) -> None:
    """Toon het JSON Schema (draft-07) van een aanlevering, voor editors met de YAML language
    server en andere validators.

    Voorbeelden:

      gbvs schema --output gbvs-aanlevering.schema.json

      gbvs schema --workspace indicators

    Koppel het schema in een YAML-bestand met de regel
    `# yaml-language-server: $schema=gbvs-aanlevering.schema.json`.
    """
    import json

    from .schema import submission_schema
    from .workspace import open_workspace

    if workspace is not None and not workspace.is_dir():
        raise _usage(f"{workspace} is geen map")
    ws, findings = open_workspace(workspace)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    text = json.dumps(submission_schema(ws.catalogue), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    from .build import write_atomically

    if output.is_dir():
        raise _usage(f"{output} is een map; geef een bestandsnaam")
    try:
        write_atomically(output, lambda temp: temp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise _usage(f"{output} kan niet worden geschreven: {exc.strerror or exc}") from None
    typer.echo(f"geschreven: {output}", err=True)


@app.command()
def report(
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="JJJJ-JJJJ",
                                                  help="Rapportageperiode (standaard: de laatste).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Map voor HTML en PDF.")] = Path("build"),
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Map met aanleveringen.")] = Path("indicators"),
    html_only: Annotated[bool, typer.Option("--html-only", help="Alleen HTML, geen PDF.")] = False,
) -> None:
    """Maak de Kamerrapportage van één periode als HTML en PDF.

    Weigert (exitcode 1) zolang een aanlevering van de periode een fout bevat, en toont dan
    de bevindingen.

    Voorbeelden:

      gbvs report

      gbvs report --period 2018-2019 --output build/
    """
    from .build import BuildError, build_report
    from .workspace import open_workspace

    if not workspace.is_dir():
        raise _usage(f"{workspace} is geen map met aanleveringen")
    ws, findings = open_workspace(workspace)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    interactive = sys.stderr.isatty()
    progress = (lambda step: typer.echo(f"… {step}", err=True)) if interactive else (lambda step: None)
    try:
        result = build_report(ws, period, output, pdf=not html_only, progress=progress)
    except BuildError as exc:
        raise _usage(str(exc)) from None
    _print_findings(result.findings)
    if any(d.severity is Severity.ERROR for d in result.findings):
        typer.echo(f"Geen rapport gemaakt: de aanleveringen voor {result.period} bevatten fouten.", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    for refused in result.refused_urls:
        typer.echo(f"gbvs: externe bron geweigerd: {refused}", err=True)
    for warning in result.layout_warnings:
        typer.echo(f"gbvs: waarschuwing bij de PDF-opmaak: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"geschreven: {path}")


def main() -> None:
    app()
