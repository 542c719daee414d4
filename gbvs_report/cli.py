"""The `gbvs` command: a thin layer that reads options, calls a pipeline stage and maps the
result to output and an exit code. Heavy imports (WeasyPrint) happen inside the commands."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.completion import completion_init, get_completion_script

from . import __version__, clitext
from .diagnostics import Diagnostic, Severity, has_errors

clitext.install()  # click's and typer's own texts (usage, help, errors) in Dutch

if TYPE_CHECKING:
    from .commands.build import BuildResult
    from .workspace import Workspace

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + the signal's number, as shells report it
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
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gbvs {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Toon het versienummer en stop.")
    ] = None,
) -> None:
    """Voortgangsrapportage GBVS."""


def _safe(text: object) -> str:
    """Data and paths as they may be shown on a terminal: control and bidirectional
    characters escaped (a file name or a value never moves the cursor or forges a line)."""
    from .commands.reporters import safe

    return safe(str(text))


def _usage(message: str) -> typer.Exit:
    # line by line: a message of several lines keeps them (findings under a heading)
    typer.echo("gbvs: " + "\n".join(_safe(line) for line in message.split("\n")), err=True)
    return typer.Exit(EXIT_USAGE)


def _print_findings(findings: list[Diagnostic]) -> None:
    from .commands.reporters import Run, human

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
    from .commands.reporters import REPORTERS, Run, summary
    from .diagnostics import strict as as_errors
    from .validate import check_paths
    from .workspace import DEFAULT_WORKSPACE, workspace_root_of

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
    from .codes import RULES
    from .validation import suggest

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
    from .commands.schema import schema_text
    from .workspace import open_workspace

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
    from .commands.build import write_atomically

    if output.is_dir():
        raise _usage(f"{output} is een map; geef een bestandsnaam")
    try:
        write_atomically(output, lambda temp: temp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise _usage(f"{output} kan niet worden geschreven: {exc.strerror or exc}") from None
    typer.echo(f"geschreven: {_safe(output)}", err=True)


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


@app.command()
def report(
    period: PeriodOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="MAP", help="Map voor HTML en PDF.")] = Path(
        "build"
    ),
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            metavar="MAP",
            help="Map met aanleveringen (standaard: de werkmap rond de huidige map, anders indicators/).",
            show_default=False,
        ),
    ] = None,
    html_only: Annotated[bool, typer.Option("--html-only", help="Alleen HTML, geen PDF.")] = False,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Maak een concept, ook als aanleveringen fouten bevatten: die worden weggelaten en "
            "met hun bevindingen in de bijlage Problemen genoemd; elke pagina zegt CONCEPT.",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Weiger een definitief rapport ook bij waarschuwingen.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Zoveel processen maken de delen van de PDF tegelijk op (standaard: het aantal kernen).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Maak elk deel van de PDF opnieuw op, zonder de cache van opgemaakte delen "
            "($XDG_CACHE_HOME/gbvs, standaard ~/.cache/gbvs) te lezen of te vullen.",
        ),
    ] = False,
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
    from .commands.build import BuildError, build_report
    from .pdf.layout import default_jobs
    from .report.html import TemplateProblem

    ws = _workspace(workspace)
    try:
        result = build_report(
            ws,
            _period(ws, period),
            output,
            pdf=not html_only,
            draft=draft,
            strict=strict,
            progress=progress_printer(),
            jobs=jobs or default_jobs(),
            cache=not no_cache,
        )
    except BuildError as exc:
        raise _usage(str(exc)) from None
    except OSError as exc:  # the output folder is a file, read-only, full, or a document's name is a folder
        where = exc.filename or output
        raise _usage(
            f"kan niet schrijven in {_safe(str(where))}: {exc.strerror or exc}; er is niets vervangen"
        ) from None
    except TemplateProblem as exc:  # a workspace's own template: no document is written
        typer.echo(f"gbvs: geen rapport gemaakt: {_safe(str(exc))}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    _print_findings(result.findings)
    if result.templates_refused:
        typer.echo(
            "Geen rapport gemaakt: de map templates/ van de werkmap bevat koppelingen of iets anders dan "
            "gewone bestanden. Vervang die door de bestanden zelf.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    if result.refused:
        why = "fouten" if has_errors(result.findings) else "waarschuwingen (--strict)"
        typer.echo(
            f"Geen rapport gemaakt: de aanleveringen bevatten {why}. Herstel ze, of maak een concept met --draft.",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
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
    from .dutch import words

    warnings = sum(d.severity is Severity.WARNING for d in result.findings)
    parts = []
    if result.missing:
        parts.append(f"{len(result.missing)} verwachte aanlevering(en) ontbreken (doel {_safe(words(result.missing))})")
    if result.left_out:
        parts.append(f"{len(result.left_out)} aanlevering(en) weggelaten wegens fouten")
    if warnings:
        parts.append(f"{warnings} waarschuwing(en) staan open (zie hierboven; --strict weigert dan)")
    if parts:
        kind = "Het concept" if result.draft else "Het rapport"
        typer.echo(f"{kind} over {result.period} is gemaakt, maar: {'; '.join(parts)}.", err=True)


def _catalogue_values(kind: str, incomplete: str) -> list[str]:
    """Tab completion from the catalogue of the workspace in sight; nothing when there is none."""
    from .workspace import DEFAULT_WORKSPACE, open_workspace, workspace_root_of

    root = workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
    ws, _ = open_workspace(root) if root.is_dir() else (None, [])
    if ws is None:
        return []
    values = list(ws.catalogue.department_names) if kind == "department" else list(ws.catalogue.periods)
    return [v for v in values if v.lower().startswith(incomplete.lower())]


def _complete_department(incomplete: str) -> list[str]:
    return _catalogue_values("department", incomplete)


def _complete_period(incomplete: str) -> list[str]:
    return _catalogue_values("period", incomplete)


PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        metavar="JJJJ-JJJJ",
        help="Rapportageperiode (standaard: 'periode' in gbvs.yaml, anders de nieuwste periodemap).",
        autocompletion=_complete_period,
    ),
]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        metavar="MAP",
        help="Map met aanleveringen (standaard: de werkmap waarin u staat, anders indicators/).",
        show_default=False,
    ),
]


def _workspace(option: Path | None) -> Workspace:
    """The workspace named by --workspace, else the one around the working folder, else indicators/."""
    from .workspace import DEFAULT_WORKSPACE, open_workspace, workspace_root_of

    root = option or workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
    if not root.is_dir():
        raise _usage(
            f"{root} is geen map met aanleveringen; geef de werkmap met --workspace of maak er een met gbvs init"
        )
    ws, findings = open_workspace(root)
    if ws is None:
        _print_findings(findings)
        raise typer.Exit(EXIT_FINDINGS)
    return ws


def _period(ws: Workspace, option: str | None) -> str:
    """The period a command works on; the same rule, and the same refusal, for every command."""
    from .workspace import PeriodError

    try:
        return ws.resolve_period(option)
    except PeriodError as exc:
        raise _usage(str(exc)) from None


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="MAP", help="Map van de aanleverrepository (standaard: de huidige map).")
    ] = Path("."),
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="JJJJ-JJJJ",
            help="Eerste periode (standaard: de nieuwste periode van de strategie die is begonnen).",
        ),
    ] = None,
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogus",
            "--catalogue",
            metavar="NAAM|BESTAND",
            help="De strategie: de naam van een meegeleverde catalogus (gbvs-2018-2022, vs-2023-2029) "
            "of het pad van een eigen catalogusbestand (standaard: de GBVS 2018-2022).",
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option(
            "--pakket",
            metavar="PIP-VEREISTE",
            help="De gbvs die CI installeert, bijvoorbeeld git+https://example.org/gbvs-report@v0.2.0 "
            "(standaard: waar deze gbvs vandaan komt, als dat een git-commit of wheel-adres is).",
        ),
    ] = None,
) -> None:
    """Maak een nieuwe aanleverrepository met een lege werkmap.

    Schrijft indicators/ (instellingen gbvs.yaml, catalogus.yaml, het JSON-schema voor
    editors in .gbvs/ en een lege periodemap), editorinstellingen (.vscode/), een
    pre-commit-configuratie en CI voor GitHub Actions en GitLab, en maakt er een
    git-repository van als de map nog niet in een repository staat. Overschrijft niets:
    bestaat een van die bestanden al, dan stopt het met exitcode 2. Weet gbvs niet waar
    het vandaan komt en is --pakket niet gegeven, dan zegt het wat u in de CI invult.

    Voorbeelden:

      gbvs init aanleveringen-gbvs

      gbvs init . --period 2022

      gbvs init aanleveringen-vs --catalogus vs-2023-2029

      gbvs init . --pakket git+https://example.org/gbvs-report@v0.2.0
    """
    from .commands.install_source import PackageSpecError, resolve
    from .commands.scaffold import ScaffoldError, catalogue_file, init_repository

    try:
        result = init_repository(directory, period, catalogue_file(catalogue), resolve(package))
    except (ScaffoldError, PackageSpecError) as exc:
        raise _usage(str(exc)) from None
    for path in result.written:
        typer.echo(f"geschreven: {_safe(path)}")
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
        f"Een departement begint een aanlevering met: gbvs new --goal N --department CODE",
        err=True,
    )


@app.command()
def new(
    goal: Annotated[int, typer.Option("--goal", "-g", metavar="N", help="Nummer van het doel.", show_default=False)],
    department: Annotated[
        str,
        typer.Option(
            "--department",
            "-d",
            metavar="CODE",
            help="Departementscode uit de catalogus, bijvoorbeeld DEF.",
            show_default=False,
            autocompletion=_complete_department,
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

      gbvs new --goal 5 --department DEF

      gbvs new -g 7 -d JenV --period 2022 --workspace indicators
    """
    from .commands.scaffold import ScaffoldError, new_submission
    from .validate import display_path

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
        str, typer.Option("--format", "-f", metavar="text|json", help="Uitvoer als tabel (text) of als JSON.")
    ] = "text",
) -> None:
    """Toon per doel en departement of de aanlevering er is, en in orde.

    Per verwachte aanlevering: eerstverantwoordelijk of bijdragend, de stand (in orde,
    waarschuwingen, fouten, ontbreekt), aantallen bevindingen en wanneer het bestand het
    laatst is gewijzigd; daaronder de totalen. Exitcode 1 zolang er een verwachte
    aanlevering ontbreekt of een fout bevat, zodat CI erop kan wachten.

    Voorbeelden:

      gbvs status

      gbvs status --period 2020-2021 --format json
    """
    from .commands.status import format_text, round_status, summary, to_json

    if output_format not in ("text", "json"):
        raise _usage(f"onbekend formaat '{output_format}'; kies text of json")
    ws = _workspace(workspace)
    result = round_status(ws, _period(ws, period))
    if result.left_aside:  # beside the table, on stderr: files in sub-folders, a linked period folder
        from .commands.reporters import Run, human

        typer.echo(human(Run(result.left_aside, 0), colour=False), nl=False, err=True)
    typer.echo(to_json(result) if output_format == "json" else format_text(result), nl=False)
    if output_format == "json":
        typer.echo(summary(result), err=True)
    raise typer.Exit(EXIT_OK if result.complete else EXIT_FINDINGS)


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
            "--sinds",
            "-s",
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
        typer.Option(
            "--format",
            "-f",
            metavar="human|markdown|json|html",
            help="Uitvoer: human (terminal), markdown (merge request, CI), json of html (een toegankelijke redline).",
        ),
    ] = "human",
) -> None:
    """Toon wat een lezer van het rapport zou zien veranderen tussen twee versies van een periode.

    Statussen van doelen en departementen, cijfers (oude en nieuwe waarde), toelichtingen,
    mijlpalen en aanleveringen die erbij kwamen of verdwenen, elk met bestand en regel.
    Alleen geldige aanleveringen tellen, zoals in het rapport; weggelaten bestanden worden
    genoemd. Exitcode 0: niets veranderd; 1: wel veranderingen; 2: verkeerd gebruik.

    Voorbeelden:

      gbvs diff --sinds origin/main

      gbvs diff --sinds HEAD~1 --format html > wijzigingen.html

      gbvs diff concept-1/indicators concept-2/indicators --period 2020-2021
    """
    from .commands.diff import DiffError, diff_folders, diff_since
    from .commands.diff_output import RENDERERS

    if output_format not in RENDERERS:
        raise _usage(f"onbekend formaat '{output_format}'; kies uit: {', '.join(RENDERERS)}")
    folders = folders or []
    try:
        if since is not None:
            if folders:
                raise _usage("geef twee mappen of --sinds REVISIE, niet allebei")
            from .workspace import DEFAULT_WORKSPACE, workspace_root_of

            root = workspace or workspace_root_of(Path.cwd()) or DEFAULT_WORKSPACE
            result = diff_since(since, root, period)
        elif len(folders) == 2:
            if workspace is not None:
                raise _usage("--workspace hoort bij --sinds; met twee mappen zijn die de werkmappen")
            result = diff_folders(folders[0], folders[1], period)
        else:
            raise _usage("geef twee werkmappen (gbvs diff OUD NIEUW) of een revisie (gbvs diff --sinds REVISIE)")
    except DiffError as exc:
        raise _usage(str(exc)) from None
    typer.echo(RENDERERS[output_format](result), nl=False)
    raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)


@app.command()
def export(
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="csv|json|xlsx", help="Bestandsformaat van de tabellen.", show_default=False
        ),
    ],
    period: PeriodOption = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="MAP", help="Map voor de tabellen en datapackage.json.")
    ] = Path("build/open-data"),
    workspace: WorkspaceOption = None,
) -> None:
    """Schrijf de open data achter het rapport: elke indicatorwaarde als rij.

    Twee tabellen (indicatorwaarden en mijlpalen) met periode, pijler, doel, departement,
    indicator, soort, eenheid, jaar, waarde, nulmeting, streefwaarde, bron, bestand en
    regel, en een Frictionless datapackage.json die ze beschrijft. Met --format xlsx één
    Excel-werkmap open-data.xlsx voor mensen, met een tabblad per tabel en een toelichting.
    Weigert (exitcode 1) zolang een aanlevering van de periode een fout bevat.

    Voorbeelden:

      gbvs export --format csv

      gbvs export --period 2020-2021 --format json --output build/open-data/

      gbvs export --format xlsx
    """
    from .commands.export import FORMATS, ExportError, export_period

    if output_format not in FORMATS:
        raise _usage(f"onbekend formaat '{output_format}'; kies uit: {', '.join(FORMATS)}")
    ws = _workspace(workspace)
    try:
        result = export_period(ws, _period(ws, period), output, output_format)
    except ExportError as exc:
        raise _usage(str(exc)) from None
    except OSError as exc:
        raise _usage(f"kan niet schrijven in {output}: {exc.strerror or exc}") from None
    _refuse_on_errors(result.findings, "Geen open data geschreven", result.period)
    for path in result.outputs:
        typer.echo(f"geschreven: {_safe(path)}")
    counts = ", ".join(f"{n} {'rij' if n == 1 else 'rijen'} in {name}" for name, n in result.rows.items())
    typer.echo(f"Periode {_safe(result.period)}: {_safe(counts)}.", err=True)


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


def main() -> None:
    """Run `gbvs`. An interrupt (Ctrl-C, SIGINT) and a request to stop (SIGTERM, as CI sends
    it) end the work the same way: every temporary file is removed on the way out, earlier
    outputs stay as they were, and one Dutch line says so."""
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        app()
    except SystemExit:
        if not stopped:
            raise
    # Out of the handler, the interrupted work and everything it held are gone; what it made
    # in the temporary folder goes with it (WeasyPrint removes its font folder when collected).
    gc.collect()
    print("gbvs: afgebroken; niets is half geschreven, eerdere uitvoer is onveranderd.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # End with the code shells expect, before the interpreter reports the interrupt itself.
    os._exit(EXIT_INTERRUPTED if stopped[0] == signal.SIGINT else EXIT_TERMINATED)
