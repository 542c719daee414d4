"""Write the reference pages of the handbooks from what the code knows, so they cannot drift.

    .venv/bin/python tools/generate_docs.py          # write the pages into docs/referentie/
    .venv/bin/python tools/generate_docs.py MAP      # ... or into MAP

- docs/referentie/meldingen.md: every finding code with its severity, title, explanation and
  example, from gbvs_report.codes (the same texts as `gbvs explain`);
- docs/referentie/formaat.md: every field of a submission with its description, from the JSON
  Schema that `gbvs schema` prints (for the shipped catalogue);
- docs/referentie/instellingen.md and catalogus.md: every key of gbvs.yaml and of a strategy
  catalogue, from the JSON Schema of their models, and the goals of the shipped catalogue;
- docs/referentie/commandos.md: the exit codes and every command's --help.

The pages are made twice over. MkDocs makes them at every build (tools/mkdocs_hooks.py puts
them into the build in memory), so `mkdocs serve` and `mkdocs build --strict` work on a fresh
clone with no step before, and the site always shows the code being built. And they are
committed, so that the links of the handbooks also work where the repository is read as it is
(on a forge, in an editor): tests/test_docs_links.py fails when a committed page differs from
what this script makes, and running this script brings it up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gbvs_report.codes import RULES  # noqa: E402
from gbvs_report.commands.schema import submission_schema  # noqa: E402
from gbvs_report.model.catalogue import Catalogue  # noqa: E402
from gbvs_report.model.settings import Settings  # noqa: E402
from gbvs_report.workspace import load_catalogue  # noqa: E402

REFERENCE = ROOT / "docs" / "referentie"
NOTICE = (
    "<!-- Gemaakt door tools/generate_docs.py uit de code; niet met de hand bewerken. MkDocs maakt deze pagina "
    "bij elke bouw opnieuw; deze kopie is voor wie de repository leest. Bijwerken: "
    ".venv/bin/python tools/generate_docs.py (een test faalt zolang de kopie afwijkt). -->\n\n"
)

LAYERS = {
    "Y": "Y: het bestand en de YAML",
    "S": "S: het formaat",
    "C": "C: de strategiecatalogus",
    "X": "X: tussen bestanden",
    "P": "P: aannemelijkheid (waarschuwingen)",
    "B": "B: de brief aan de Kamer (instellingen, brief:)",
}


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code_block(lines: list[str]) -> list[str]:
    fence = "```"
    while any(fence in line for line in lines):
        fence += "`"
    return [fence + "text", *lines, fence]


# Findings.


def findings_page() -> str:
    out = [
        "# Meldingen",
        "",
        "Elke melding van `gbvs validate` heeft een vaste code. Een code verandert nooit van betekenis; "
        "een nieuwe betekenis krijgt een nieuwe code. Deze pagina bevat dezelfde teksten als "
        "`gbvs explain` en `gbvs explain CODE`.",
        "",
        "| code | soort | titel |",
        "|---|---|---|",
    ]
    out += [f"| [`{r.code}`](#{r.code.lower()}) | {r.severity.dutch} | {cell(r.title)} |" for r in RULES.values()]
    layer = None
    for rule in RULES.values():
        if rule.code[0] != layer:
            layer = rule.code[0]
            out += ["", f"## {LAYERS.get(layer, layer)}"]
        out += [
            "",
            f'<a id="{rule.code.lower()}"></a>',
            "",
            f"### {rule.code}: {rule.title}",
            "",
            f"Soort: **{rule.severity.dutch}**",
            "",
            " ".join(rule.explanation.split()),
        ]
        wrong, _, right = rule.example.partition("   →   ")
        if right:
            out += ["", "Fout:", "", *code_block(wrong.split("\n")), "", "Goed:", "", *code_block(right.split("\n"))]
        elif wrong:
            out += ["", "Voorbeeld:", "", *code_block(wrong.split("\n"))]
    return NOTICE + "\n".join(out) + "\n"


# Schemas.

TYPES = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "true of false",
    "array": "lijst",
    "object": "gegevens",
    "null": "leeg",
}


class SchemaWalker:
    """The fields of a JSON Schema as rows: YAML path, kind of value, required, description."""

    def __init__(
        self, schema: dict[str, Any], *, dutch_titles: bool = False, descriptions: dict[str, str] | None = None
    ) -> None:
        self.definitions = {**schema.get("definitions", {}), **schema.get("$defs", {})}
        self.dutch_titles = dutch_titles  # the submission schema titles its parts in Dutch; pydantic's are English
        self.descriptions = descriptions or {}

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if ref:
            target = dict(self.definitions[ref.rsplit("/", 1)[1]])
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def kind(self, node: dict[str, Any]) -> str:
        node = self.resolve(node)
        options = node.get("anyOf") or node.get("oneOf")
        if options:
            kinds = [self.kind(o) for o in options if o.get("type") != "null"]
            return " of ".join(dict.fromkeys(kinds))
        if "const" in node:
            return f"`{node['const']}`"
        if "enum" in node:
            values = node["enum"]
            if len(values) > 8:
                return f"een van {len(values)} waarden uit de catalogus (zie `gbvs schema`)"
            return "een van: " + ", ".join(f"`{v}`" for v in values)
        if node.get("format") == "date":
            return "datum (JJJJ-MM-DD)"
        if node.get("type") == "array":
            return "lijst van " + self.kind(node.get("items", {}))
        if node.get("type") == "object" and "properties" not in node and "additionalProperties" in node:
            return "gegevens: naam → " + self.kind(node["additionalProperties"])
        if node.get("type") == "object" or "properties" in node:
            return node["title"].lower() if self.dutch_titles and node.get("title") else "gegevens"
        return TYPES.get(node.get("type", ""), node.get("type", ""))

    def rows(self, node: dict[str, Any], prefix: str = "") -> list[tuple[str, str, str, str]]:
        node = self.resolve(node)
        required = set(node.get("required", []))
        rows = []
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            resolved = self.resolve(prop)
            options = [self.resolve(o) for o in (resolved.get("anyOf") or []) if o.get("type") != "null"]
            inner = options[0] if len(options) == 1 else resolved
            description = prop.get("description") or resolved.get("description") or self.descriptions.get(path, "")
            rows.append((path, self.kind(prop), "ja" if name in required else "nee", description))
            if "properties" in inner:
                rows += self.rows(inner, path + ".")
            elif inner.get("type") == "array":
                items = self.resolve(inner.get("items", {}))
                if "properties" in items:
                    rows += self.rows(items, path + "[].")
        return rows

    def table(self, node: dict[str, Any], prefix: str = "") -> list[str]:
        out = ["| sleutel | waarde | verplicht | betekenis |", "|---|---|---|---|"]
        out += [f"| `{p}` | {cell(k)} | {r} | {cell(d)} |" for p, k, r, d in self.rows(node, prefix)]
        return out


def shipped_catalogue() -> Catalogue:
    catalogue, findings = load_catalogue()
    if catalogue is None:
        sys.exit(f"de meegeleverde catalogus is ongeldig: {findings}")
    return catalogue


def format_page() -> str:
    catalogue = shipped_catalogue()
    schema = submission_schema(catalogue)
    walker = SchemaWalker(schema, dutch_titles=True)
    out = [
        "# Het formaat van een aanlevering",
        "",
        "Een aanlevering is één YAML-bestand per departement, doel en periode, in de periodemap "
        "(`2020-2021/doel-05-DEF.yaml`). Deze pagina noemt elke sleutel met de beschrijving uit het "
        "JSON-schema dat `gbvs schema` toont, voor de meegeleverde catalogus "
        f"({cell(catalogue.strategy.title)}, versie {catalogue.strategy.version}). Een onbekende sleutel is een "
        "fout ([S001](meldingen.md#s001)), een ontbrekende verplichte sleutel ook ([S002](meldingen.md#s002)).",
        "",
        "## De aanlevering",
        "",
    ]
    top = {**schema, "properties": {k: v for k, v in schema["properties"].items() if k != "indicatoren"}}
    out += walker.table(top)
    out += [
        "",
        "## Indicatoren",
        "",
        "`indicatoren` is een lijst; elke indicator heeft een `soort` en daarmee zijn eigen sleutels. "
        "Welke indicatoren een doel vraagt, staat in het doelschema van de [catalogus](catalogus.md).",
        "",
    ]
    for name in ("NumericIndicator", "OrdinalIndicator", "MilestoneIndicator"):
        definition = schema["definitions"][name]
        out += [f"### {definition['title']}", "", cell(definition["description"]), ""]
        out += walker.table({"$ref": f"#/definitions/{name}"}, "indicatoren[].")
        out.append("")
    return NOTICE + "\n".join(out).rstrip() + "\n"


def settings_page() -> str:
    schema = Settings.model_json_schema(by_alias=True)
    walker = SchemaWalker(schema)
    out = [
        "# Instellingen: gbvs.yaml",
        "",
        "`gbvs.yaml` staat in de werkmap, naast de periodemappen. Alle sleutels zijn optioneel; een "
        "onbekende sleutel is een fout met regel en kolom. De datum op brief en rapport is "
        "`brief.datum`, anders `SOURCE_DATE_EPOCH`, anders de dag waarop het rapport wordt gemaakt; "
        "`gbvs validate`, `status`, `export` en `report` vergelijken de peildata met diezelfde datum (X004).",
        "",
        *walker.table(schema),
    ]
    return NOTICE + "\n".join(out) + "\n"


CATALOGUE_DESCRIPTIONS = {
    "strategie": "De strategie: kenmerk, titel, looptijd en versie van de catalogus.",
    "departementen": "De ministeries die aanleveren, met hun afkorting.",
    "pijlers": "De pijlers van de strategie, elk met zijn doelen.",
    "pijlers[].doelen[].indicatoren[].departement": "Departement dat de indicator aanlevert.",
}


def catalogue_page() -> str:
    catalogue = shipped_catalogue()
    schema = Catalogue.model_json_schema(by_alias=True)
    walker = SchemaWalker(schema, descriptions=CATALOGUE_DESCRIPTIONS)
    names = catalogue.department_names
    out = [
        "# De strategiecatalogus",
        "",
        "De catalogus beschrijft de strategie: pijlers, doelen, departementen en per doel het "
        "doelschema (welke indicatoren wie aanlevert). `gbvs` levert de catalogus van de "
        f"{cell(catalogue.strategy.title)} mee (versie {catalogue.strategy.version}); een werkmap met een "
        "eigen `catalogus.yaml` gebruikt die (`gbvs init --catalogus BESTAND`). Fouten in een catalogus "
        "meldt `gbvs` als [C008](meldingen.md#c008).",
        "",
        "## Sleutels",
        "",
        *walker.table(schema),
        "",
        "## De doelen van de meegeleverde catalogus",
        "",
    ]
    for pillar in catalogue.pillars:
        out += [f"### {cell(pillar.name)}", "", "| doel | titel | departementen | indicatoren |", "|---|---|---|---|"]
        for goal in pillar.goals:
            departments = ", ".join(f"{d} (eerstverantwoordelijk)" if d == goal.lead else d for d in goal.departments)
            indicators = "; ".join(f"`{s.id}` ({s.kind.value}, {s.department})" for s in goal.indicators)
            out.append(f"| {goal.number} | {cell(goal.title)} | {cell(departments)} | {cell(indicators)} |")
        out.append("")
    out += ["## Departementen", "", "| code | naam |", "|---|---|"]
    out += [f"| `{code}` | {cell(name)} |" for code, name in names.items()]
    return NOTICE + "\n".join(out) + "\n"


def commands_page() -> str:
    """Every command's --help, as `gbvs` prints it (at a fixed width, so the page is stable)."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from gbvs_report.cli import app
    from gbvs_report.cli._shared import EXIT_CODES

    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    names = list(get_command(app).commands)  # type: ignore[attr-defined]
    out = [
        "# Commando's en exitcodes",
        "",
        "Elk commando toont zijn hulp met `gbvs COMMANDO --hulp`; hieronder staat die hulp voor elk "
        "commando, zoals `gbvs` haar toont.",
        "",
        "## Exitcodes",
        "",
        "| code | betekenis |",
        "|---|---|",
    ]
    out += [f"| {code} | {cell(text)} |" for code, text in EXIT_CODES]
    for name in ["", *names]:
        result = runner.invoke(app, [*([name] if name else []), "--hulp"], prog_name="gbvs")
        title = f"gbvs {name}" if name else "gbvs"
        out += ["", f"## {title}", "", *code_block(result.output.rstrip().split("\n"))]
    return NOTICE + "\n".join(out) + "\n"


PAGES = {
    "commandos.md": commands_page,
    "meldingen.md": findings_page,
    "formaat.md": format_page,
    "instellingen.md": settings_page,
    "catalogus.md": catalogue_page,
}


def write_pages(target: Path = REFERENCE) -> list[Path]:
    """Write every generated page into `target` (docs/referentie/ unless told otherwise)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in PAGES.items():
        path = target / name
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else REFERENCE
    for path in write_pages(target):
        print(f"geschreven: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
