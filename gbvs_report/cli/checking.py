"""Commands that check and explain: validate, explain, schema and completion."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ._shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    SHELLS,
    _colour,
    _print_findings,
    _safe,
    _spelling_note,
    _usage,
    app,
    get_completion_script,
)


class OutputFormat(str, Enum):
    human = "human"
    concise = "concise"
    json = "json"
    github = "github"
    gitlab = "gitlab"


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PAD",
            help="Bestanden of mappen om te controleren (standaard: de werkmap waarin u staat, anders indicators/).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAAT",
            help="Uitvoer: human (met de regel uit het bestand), concise "
            "(één regel per bevinding), json, github (annotaties) of gitlab (code quality).",
        ),
    ] = OutputFormat.human,
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
    from ..commands.reporters import REPORTERS, Run, summary
    from ..diagnostics import strict as as_errors
    from ..validate import check_paths
    from ..workspace import DEFAULT_WORKSPACE, workspace_root_of

    # Without paths: the workspace around the working folder, as the other commands find it.
    targets = paths or [workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE]
    missing = [p for p in targets if not os.path.lexists(p)]  # a link is there (and refused as Y019)
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
    _spelling_note()
    raise typer.Exit(EXIT_FINDINGS if run.errors else EXIT_OK)


@app.command()
def explain(
    code: Annotated[
        str | None, typer.Argument(metavar="CODE", help="De code uit een melding, zoals S003.", show_default=False)
    ] = None,
) -> None:
    """Leg een meldingscode uit: wat er mis is en een voorbeeld van het herstel.
    Zonder code: de lijst van alle codes.

    Voorbeelden:

      gbvs explain S003

      gbvs explain
    """
    from ..codes import RULES
    from ..validation import suggest

    if code is None:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.severity.dutch:<12}  {rule.title}")
        return
    found = RULES.get(code.strip().upper())
    if found is None:
        raise _usage(f"onbekende code '{code}'.{suggest(code.upper(), list(RULES))} `gbvs explain` toont alle codes.")
    typer.echo(found.describe(), nl=False)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="BESTAND",
            help="Schrijf het schema naar dit bestand in plaats van naar het scherm.",
            show_default=False,
        ),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            metavar="MAP",
            help="Werkmap met een eigen catalogus.yaml (standaard: de meegeleverde catalogus van de GBVS 2018-2022).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Toon het JSON Schema (draft-07) van een aanlevering, voor editors met de YAML language
    server en andere validators.

    Voorbeelden:

      gbvs schema --output gbvs-aanlevering.schema.json

      gbvs schema --workspace indicators

    Koppel het schema in een YAML-bestand met de regel
    `# yaml-language-server: $schema=gbvs-aanlevering.schema.json`.
    """
    from ..commands.schema import schema_text
    from ..workspace import open_workspace

    if workspace is not None and not workspace.is_dir():
        raise _usage(f"{workspace} is geen map")
    ws, findings = open_workspace(workspace)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    text = schema_text(ws.catalogue)
    if output is None:
        typer.echo(text, nl=False)
        return
    from ..commands.build import write_atomically

    if output.is_dir():
        raise _usage(f"{output} is een map; geef een bestandsnaam")
    try:
        write_atomically(output, lambda temp: temp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise _usage(f"{output} kan niet worden geschreven: {exc.strerror or exc}") from None
    typer.echo(f"geschreven: {_safe(output)}", err=True)


@app.command()
def completion(
    shell: Annotated[str, typer.Argument(metavar="bash|zsh", help="De shell.", show_default=False)],
) -> None:
    """Toon het script voor het aanvullen van commando's en opties met Tab.

    Laad het in elke nieuwe shell, bijvoorbeeld vanuit ~/.bashrc of ~/.zshrc.

    Voorbeelden:

      eval "$(gbvs completion bash)"

      gbvs completion zsh > ~/.zfunc/_gbvs
    """
    if shell not in SHELLS:
        raise _usage(f"shell '{shell}' wordt niet ondersteund; kies uit: {', '.join(SHELLS)}")
    typer.echo(get_completion_script(prog_name="gbvs", complete_var="_GBVS_COMPLETE", shell=shell))
