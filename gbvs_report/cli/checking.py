"""Commands that check and explain: validate, fmt, explain, schema and completion."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..oserrors import reason
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
from .options import CHECK, StrictOption, WorkspaceOption, format_option, output_option


def _paths_argument(purpose: str) -> typer.models.ArgumentInfo:
    """The files and folders a command works on, as `validate` and `fmt` take them."""
    return typer.Argument(
        metavar="PAD",
        help=f"Bestanden of mappen {purpose} (standaard: de werkmap waarin u staat, anders indicators/).",
        show_default=False,
    )


@app.command()
def validate(
    paths: Annotated[list[Path] | None, _paths_argument("om te controleren")] = None,
    output_format: Annotated[
        str,
        format_option(
            "gbvs_report.commands.reporters:REPORTERS",
            "Uitvoer: tekst (met de regel uit het bestand), beknopt (één regel per bevinding), json, "
            "github (annotaties) of gitlab (code quality).",
        ),
    ] = "tekst",
    strict: StrictOption = False,
) -> None:
    """Controleer aanleveringen: YAML, formaat, strategiecatalogus, samenhang tussen bestanden
    en aannemelijkheid.

    Elke bevinding begint met `bestand:regel:kolom: fout[CODE] melding`; `gbvs explain CODE`
    legt een code uit. Exitcode 0: geen fouten; 1: fouten gevonden (met --streng ook bij
    waarschuwingen); 2: verkeerd gebruik.

    Voorbeelden:

      gbvs validate indicators/2020-2021/doel-05-DEF.yaml

      gbvs validate --streng indicators/

      gbvs validate --formaat github indicators/
    """
    from ..commands.reporters import REPORTERS, Run, summary
    from ..diagnostics import strict as as_errors
    from ..validate import check_paths

    checked, general = check_paths(_targets(paths))
    findings = general + [d for f in checked for d in f.findings]
    if strict:
        findings = as_errors(findings)
    catalogues = sorted({f.catalogue_version for f in checked if f.catalogue_version})
    run = Run(findings, len(checked), catalogues, strict)
    typer.echo(REPORTERS[output_format](run, _colour()), nl=False)
    if output_format in ("human", "concise"):
        typer.echo(summary(run), err=True)
    _spelling_note()
    raise typer.Exit(EXIT_FINDINGS if run.errors else EXIT_OK)


def _targets(paths: list[Path] | None) -> list[Path]:
    """The paths to check: as given, or the workspace around the working folder (as the other
    commands find it), else indicators/; a path that is not there is misuse."""
    from ..workspace import DEFAULT_WORKSPACE, workspace_root_of

    targets = paths or [workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE]
    missing = [p for p in targets if not os.path.lexists(p)]  # a link is there (and refused as Y019)
    if missing:
        raise _usage(f"{missing[0]} bestaat niet")
    return targets


@app.command()
def fmt(
    paths: Annotated[list[Path] | None, _paths_argument("om op te maken")] = None,
    check: Annotated[
        bool,
        typer.Option(
            *CHECK,
            help="Verander niets; noem de bestanden die anders zouden worden en eindig dan met 1 (voor CI en "
            "pre-commit).",
        ),
    ] = False,
) -> None:
    """Zet aanleveringen in de opmaak die `gbvs new` schrijft: twee spaties per niveau, de
    sleutels in de volgorde van het formaat, bij `nulmeting:` en `streefwaarde:` waarde en
    jaar elk op een eigen regel, tekst zonder aanhalingstekens waar dat kan en anders tussen
    dubbele.

    Commentaar, lege regels, tekstblokken (| en >) en elke waarde blijven zoals ze zijn; een
    vergelijking tussen twee versies toont dan wat er staat, niet hoe het is opgemaakt. Een
    bestand met fouten blijft onveranderd (herstel eerst wat `gbvs validate` meldt). Een
    bestand wordt in één keer vervangen, nooit half. Exitcode 0: alles is (nu) opgemaakt; 1:
    een bestand met fouten, of met --controleer een bestand dat anders zou worden; 2:
    verkeerd gebruik.

    Voorbeelden:

      gbvs fmt indicators/2022/doel-05-DEF.yaml

      gbvs fmt indicators/

      gbvs fmt --controleer indicators/
    """
    from ..commands.fmt import format_paths, shown

    outcome = format_paths(_targets(paths), check)
    for path in outcome.changed:
        typer.echo(f"{'zou worden opgemaakt' if check else 'opgemaakt'}: {_safe(shown(path))}")
    for path, why in outcome.refused:
        typer.echo(f"{_safe(shown(path))}: {why}", err=True)
    if outcome.findings:
        from ..commands.reporters import Run, concise

        typer.echo(concise(Run(outcome.findings, 0)), nl=False, err=True)
    files = len(outcome.changed) + len(outcome.unchanged) + len(outcome.refused)
    word = "bestand" if files == 1 else "bestanden"
    changed = len(outcome.changed)
    done = ("zou" if changed == 1 else "zouden") + " worden opgemaakt" if check else "opgemaakt"
    summary = f"{files} {word}: {changed} {done}, {len(outcome.unchanged)} al in orde"
    if outcome.refused:
        summary += f", {len(outcome.refused)} met fouten niet veranderd"
    typer.echo(summary, err=True)
    failed = outcome.refused or outcome.findings or (check and outcome.changed)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


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
        output_option("BESTAND", "Schrijf het schema naar dit bestand in plaats van naar het scherm."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Toon het JSON Schema (draft-07) van een aanlevering, voor editors met de YAML language
    server en andere validators.

    Het schema volgt de catalogus van de werkmap (een eigen catalogus.yaml of 'catalogus:' in
    gbvs.yaml); buiten een werkmap die van de GBVS 2018-2022.

    Voorbeelden:

      gbvs schema --uitvoer gbvs-aanlevering.schema.json

      gbvs schema --werkmap indicators

    Koppel het schema in een YAML-bestand met de regel
    `# yaml-language-server: $schema=gbvs-aanlevering.schema.json`.
    """
    from ..commands.schema import schema_text
    from ..workspace import open_workspace, workspace_root_of

    if workspace is not None and not workspace.is_dir():
        raise _usage(f"{workspace} is geen map")
    ws, findings = open_workspace(workspace or workspace_root_of(Path.cwd()))
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
        raise _usage(f"{output} kan niet worden geschreven: {reason(exc, output)}") from None
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
