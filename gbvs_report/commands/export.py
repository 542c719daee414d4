"""The open data behind the report: every indicator value of one period as a table, with a
Frictionless `datapackage.json` that describes the tables for an open data portal.

Two tables, because their columns differ in kind: `indicatorwaarden` (numeric and ordinal
indicators, one row per realisation) and `mijlpalen` (one row per milestone). Each row keeps
the file and line it comes from, so that anyone can trace a figure back to its submission.

The CSV is the open data; a text cell that a spreadsheet would evaluate as a formula gets a
single quote in front (CSV injection). `--format xlsx` writes the same rows as one typed workbook
for people, byte for byte the same for the same submissions.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, has_errors
from ..model.catalogue import IndicatorSpec
from ..model.submission import MilestoneIndicator, MilestoneStatus, NumericIndicator, OrdinalIndicator
from ..report import formatting
from ..report.collect import collect_period
from ..validate import CheckedFile, display_path
from ..workspace import Workspace
from .build import BuildError, check_output_dir, write_atomically

FORMATS = ("csv", "json", "xlsx")
WORKBOOK = "open-data.xlsx"  # --format xlsx: one workbook for people; the data package does not list it
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # a Table Schema type
    title: str
    description: str
    constraints: dict[str, Any] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "title": self.title,
            "description": self.description,
        }
        return entry | ({"constraints": self.constraints} if self.constraints else {})


def _required(**more: Any) -> dict[str, Any]:
    return {"required": True, **more}


_WHERE = [
    Column(
        "periode", "string", "Periode", "Rapportageperiode van twee kalenderjaren.", _required(pattern=r"\d{4}-\d{4}")
    ),
    Column("pijler", "string", "Pijler", "Pijler van de strategie waaronder het doel valt.", _required()),
    Column("doel", "integer", "Doel", "Nummer van het doel in de strategie.", _required(minimum=1)),
    Column(
        "departement", "string", "Departement", "Code van het aanleverende ministerie, bijvoorbeeld DEF.", _required()
    ),
    Column("indicator", "string", "Indicator", "Kenmerk van de indicator in de strategiecatalogus.", _required()),
    Column("indicatornaam", "string", "Naam van de indicator", "Naam van de indicator zoals het rapport haar noemt."),
]
_ORIGIN = [
    Column("bestand", "string", "Bestand", "Aanleveringsbestand waaruit de rij komt, binnen de werkmap.", _required()),
    Column("regel", "integer", "Regel", "Regel in dat bestand waar de waarde staat.", _required(minimum=1)),
]
VALUE_COLUMNS = [
    *_WHERE,
    Column(
        "soort",
        "string",
        "Soort",
        "numeriek (een getal in een eenheid) of ordinaal (een niveau op een schaal).",
        _required(enum=["numeriek", "ordinaal"]),
    ),
    Column(
        "eenheid",
        "string",
        "Eenheid",
        "Eenheid van een numerieke indicator; leeg bij ordinale.",  # the units: _field_schema
    ),
    Column("jaar", "integer", "Jaar", "Het jaar waarover de realisatie gaat; leeg als er nog geen realisatie is."),
    Column(
        "waarde",
        "number",
        "Waarde",
        "De realisatie: een getal in de eenheid, of bij een ordinale indicator de plaats van het niveau op "
        "de schaal (1 = laagste niveau).",
    ),
    Column("niveau", "string", "Niveau", "Naam van het gerealiseerde niveau (alleen ordinale indicatoren)."),
    Column("nulmeting", "number", "Nulmeting", "Waarde van de nulmeting (bij ordinale: plaats op de schaal)."),
    Column("nulmeting_niveau", "string", "Niveau nulmeting", "Naam van het niveau van de nulmeting (alleen ordinaal)."),
    Column("nulmeting_jaar", "integer", "Jaar nulmeting", "Jaar van de nulmeting."),
    Column("streefwaarde", "number", "Streefwaarde", "Streefwaarde (bij ordinale: plaats op de schaal)."),
    Column(
        "streefwaarde_niveau",
        "string",
        "Niveau streefwaarde",
        "Naam van het niveau van de streefwaarde (alleen ordinaal).",
    ),
    Column("streefwaarde_jaar", "integer", "Jaar streefwaarde", "Jaar waarin de streefwaarde bereikt moet zijn."),
    Column("stijgend", "boolean", "Hoger is beter", "true als een hogere waarde een betere uitkomst is."),
    Column("peildatum", "date", "Peildatum", "Datum waarop de waarde is vastgesteld."),
    Column("bron", "string", "Bron", "Bron van de waarde, zoals het departement die opgeeft."),
    *_ORIGIN,
]
MILESTONE_COLUMNS = [
    *_WHERE,
    Column("omschrijving", "string", "Omschrijving", "Wat er bereikt moet worden.", _required()),
    Column("gepland", "date", "Gepland", "Geplande datum.", _required()),
    Column("status", "string", "Status", "Stand van de mijlpaal.", _required(enum=[s.value for s in MilestoneStatus])),
    Column("behaald_op", "date", "Behaald op", "Datum waarop de mijlpaal is behaald."),
    Column("bron", "string", "Bron", "Bron, zoals het departement die opgeeft."),
    *_ORIGIN,
]
TABLES = {"indicatorwaarden": VALUE_COLUMNS, "mijlpalen": MILESTONE_COLUMNS}
_TITLES = {
    "indicatorwaarden": "Realisaties van numerieke en ordinale indicatoren, met nulmeting en streefwaarde",
    "mijlpalen": "Mijlpalen met hun planning en stand",
}


class ExportError(Exception):
    """The export cannot be made; the message says why, in Dutch."""


@dataclass
class ExportResult:
    period: str
    findings: list[Diagnostic]
    outputs: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def _rows_of(checked: CheckedFile, workspace: Workspace, pillar: str) -> dict[str, list[dict]]:
    """The table rows one submission contributes, each with the line it comes from."""
    path, submission = checked.path, checked.submission
    assert submission is not None
    goal = workspace.catalogue.goals[submission.goal]
    shown = path.relative_to(workspace.root).as_posix() if path.is_relative_to(workspace.root) else str(path)
    values: list[dict] = []
    milestones: list[dict] = []
    for i, indicator in enumerate(submission.indicators):
        spec = goal.indicator(indicator.id)
        where = {
            "periode": submission.period,
            "pijler": pillar,
            "doel": submission.goal,
            "departement": submission.department,
            "indicator": indicator.id,
            "indicatornaam": spec.name if spec else None,
            "bestand": shown,
        }

        def line(*at: str | int, i: int = i) -> int:
            return checked.line(("indicatoren", i, *at))

        if isinstance(indicator, MilestoneIndicator):
            milestones.append(
                where
                | {
                    "omschrijving": indicator.description,
                    "gepland": indicator.planned,
                    "status": indicator.status.value,
                    "behaald_op": indicator.reached,
                    "bron": indicator.source,
                    "regel": line(),
                }
            )
            continue
        values += _value_rows(indicator, spec, where, line)
    return {"indicatorwaarden": values, "mijlpalen": milestones}


def _value_rows(
    indicator: NumericIndicator | OrdinalIndicator,
    spec: IndicatorSpec | None,
    where: dict[str, Any],
    line: Callable[..., int],
) -> list[dict]:
    ordinal = isinstance(indicator, OrdinalIndicator)
    scale = list(spec.scale) if spec else []

    def number(value: Any) -> Any:
        if not ordinal:
            return value
        return scale.index(value) + 1 if value in scale else None

    def level(value: Any) -> Any:
        return value if ordinal else None

    common = where | {
        "soort": indicator.kind,
        "eenheid": indicator.unit if isinstance(indicator, NumericIndicator) else None,
        "nulmeting": number(indicator.baseline.value),
        "nulmeting_niveau": level(indicator.baseline.value),
        "nulmeting_jaar": indicator.baseline.year,
        "streefwaarde": number(indicator.target.value),
        "streefwaarde_niveau": level(indicator.target.value),
        "streefwaarde_jaar": indicator.target.year,
        "stijgend": spec.ascending if spec else None,
    }
    if not indicator.actuals:  # still publish the baseline and target
        return [
            common | {"jaar": None, "waarde": None, "niveau": None, "peildatum": None, "bron": None, "regel": line()}
        ]
    return [
        common
        | {
            "jaar": actual.year,
            "waarde": number(actual.value),
            "niveau": level(actual.value),
            "peildatum": actual.as_of,
            "bron": actual.source,
            "regel": line("realisaties", j),
        }
        for j, actual in enumerate(indicator.actuals)
    ]


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 417 people, not 417.0
    return value.isoformat() if hasattr(value, "isoformat") else value


# CSV injection (OWASP): a spreadsheet that opens the CSV evaluates a cell that starts with one
# of these as a formula, `=HYPERLINK(...)` or `@SUM(...)` from a submission's `bron` included.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that is just a number ("-3.5") is no formula; numbers themselves are never text here.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_CSV_SPECIAL = (",", '"', "\r", "\n")
NEUTRALISED = (
    "Tekst die met =, +, -, @, een tab of een regelterugloop begint, staat in deze CSV met een enkel "
    "aanhalingsteken (') ervoor, zodat een spreadsheetprogramma haar niet als formule uitvoert; "
    "getallen blijven getallen. De JSON-export en de aanlevering hebben de tekst zonder dat teken."
)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` instead of showing it."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def _csv_field(value: Any) -> str:
    """One CSV field: quoted as the csv module would, and a text that a spreadsheet would
    evaluate prefixed with a single quote and always quoted, as OWASP recommends."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = _json_value(value)
    if not isinstance(value, str):
        return str(value)  # a number stays a number, minus sign and all
    if is_formula_like(value):
        return '"' + ("'" + value).replace('"', '""') + '"'
    if any(c in value for c in _CSV_SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_line(fields: list[Any]) -> str:
    return ",".join(_csv_field(f) for f in fields) + "\r\n"


def _write_table(target: Path, columns: list[Column], rows: list[dict], file_format: str) -> None:
    names = [c.name for c in columns]

    def write(temp: Path) -> None:
        if file_format == "csv":
            with temp.open("w", encoding="utf-8", newline="") as handle:
                handle.write(_csv_line(names))
                handle.writelines(_csv_line([row.get(n) for n in names]) for row in rows)
        else:
            # JSON keeps every text exactly as submitted: it is no spreadsheet format, and whoever
            # reads it reads strings, so there is nothing to neutralise.
            records = [{n: _json_value(row.get(n)) for n in names} for row in rows]
            temp.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    write_atomically(target, write)


def _field_schema(column: Column, workspace: Workspace) -> dict[str, Any]:
    """A column's schema; the units are the catalogue's, each with how the report writes it."""
    entry = column.schema()
    if column.name == "periode":  # the catalogue's rhythm: a period of one year is named by its year
        periods = workspace.catalogue.periods
        entry["description"] = f"Rapportageperiode, {workspace.catalogue.rhythm} ({', '.join(periods)})."
        entry["constraints"] = {"required": True, "enum": list(periods)}
    if column.name == "pijler":  # the column keeps its name; its title is the catalogue's
        levels = workspace.catalogue.levels
        group, goal = levels.group.singular.capitalize(), levels.goal.singular
        the_goal = f"{'het' if goal == 'doel' else 'de'} {goal}"
        entry |= {"title": group, "description": f"{group} van de strategie waaronder {the_goal} valt."}
    if column.name == "eenheid":
        units = workspace.catalogue.units.values()
        entry["constraints"] = {"enum": [u.code for u in units]}
        notations = "; ".join(f"{u.code}: {formatting.quantity(1234.5, u)}".replace("\xa0", " ") for u in units)
        entry["description"] = f"{entry['description']} Zo schrijft het rapport een waarde: {notations}."
    return entry


def datapackage(workspace: Workspace, period: str, file_format: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the exported tables."""
    strategy = workspace.catalogue.strategy
    paper = f" (Kamerstuk {strategy.parliamentary_paper})" if strategy.parliamentary_paper else ""
    mediatype = "text/csv" if file_format == "csv" else "application/json"
    return {
        "profile": "tabular-data-package",
        "name": f"{strategy.code.lower()}-voortgang-{period}",
        "title": f"Voortgang {strategy.short_title}, periode {period}: indicatoren per doel en departement",
        "description": f"De cijfers achter de voortgangsrapportage over de {strategy.short_title} "
        f"({strategy.title}{paper}), periode {period}: per doel en departement de nulmeting, "
        "de streefwaarde en de realisaties van elke indicator, en de stand van de mijlpalen.",
        "keywords": [strategy.short_title, "voortgangsrapportage", "indicatoren", period],
        "licenses": [LICENSE],
        "contributors": [{"title": workspace.settings.organisation, "role": "publisher"}],
        "sources": [{"title": f"{strategy.title}{paper}"}],
        "resources": [
            {
                "name": name,
                "path": f"{name}.{file_format}",
                "title": _TITLES[name],
                **({"description": NEUTRALISED} if file_format == "csv" else {}),
                "profile": "tabular-data-resource",
                "format": file_format,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "schema": {"fields": [_field_schema(c, workspace) for c in columns], "missingValues": [""]},
            }
            for name, columns in TABLES.items()
        ],
    }


# The workbook (--format xlsx): the same rows, for people who open them in Excel. Typed cells
# (numbers, dates shown the Dutch way), a bold frozen header with a filter, and a sheet that
# explains every column from the same Column definitions as the data package.
SHEETS = {"indicatorwaarden": "Indicatorwaarden", "mijlpalen": "Mijlpalen"}
EXPLANATION = "Toelichting"
DATE_FORMAT = "d-m-yyyy"
_DUTCH_KINDS = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "date": "datum",
    "boolean": "ja of nee",
}
_WIDTH = (8, 60)  # narrowest and widest column, in characters
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold
_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def workbook_time(submitted: list[dt.date], period: str) -> dt.datetime:
    """The time the workbook says it was created and modified: the day of the latest submission
    in it (or the first day of the period), so that the same data give the same bytes."""
    day = max(submitted, default=dt.date(int(period[:4]), 1, 1))
    return max(dt.datetime.combine(day, dt.time()), _ZIP_EPOCH)


def _sheet_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one typed cell. Text always stays text: openpyxl would store a text that starts
    with '=' as a formula, and Excel would evaluate it."""
    value = _sheet_value(value)
    if isinstance(value, str):
        value = _NOT_IN_XML.sub("\N{REPLACEMENT CHARACTER}", value)  # openpyxl refuses them
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text when someone edits the cell, too
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _shown_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10  # 31-12-2024
    return max((len(part) for part in str(_sheet_value(value)).splitlines()), default=0)


def _fill_sheet(sheet: Any, header: list[str], rows: list[list[Any]], first_row: int = 1) -> None:
    """A table on `sheet` from `first_row`: bold header, frozen, with a filter, and each column
    as wide as its text (within _WIDTH)."""
    from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    bold = Font(bold=True)
    for j, title in enumerate(header, start=1):
        _put(sheet, first_row, j, title).font = bold
    for i, values in enumerate(rows, start=first_row + 1):
        for j, value in enumerate(values, start=1):
            if value is not None:
                _put(sheet, i, j, value)
    last = get_column_letter(len(header))
    sheet.freeze_panes = f"A{first_row + 1}"
    sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + max(len(rows), 1)}"
    for j, title in enumerate(header, start=1):
        widest = max([len(title) + 3, *(_shown_width(values[j - 1]) + 1 for values in rows)])
        sheet.column_dimensions[get_column_letter(j)].width = min(max(widest, _WIDTH[0]), _WIDTH[1])


def _explanation_rows() -> list[list[Any]]:
    return [
        [
            SHEETS[name],
            column.title,
            column.name,
            _DUTCH_KINDS[column.kind],
            "ja" if column.constraints.get("required") else "nee",
            column.description,
        ]
        for name, columns in TABLES.items()
        for column in columns
    ]


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The zip `data` again with every entry dated `when`: openpyxl dates them at the time of saving."""
    stamp = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


def _write_workbook(
    target: Path, workspace: Workspace, period: str, tables: dict[str, list[dict]], when: dt.datetime
) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    book.remove(book.active)
    for name, columns in TABLES.items():
        sheet = book.create_sheet(SHEETS[name])
        rows = [[row.get(c.name) for c in columns] for row in tables[name]]
        _fill_sheet(sheet, [c.title for c in columns], rows)
    described = datapackage(workspace, period, "csv")
    notes = book.create_sheet(EXPLANATION)
    intro = [
        described["title"],
        described["description"],
        "Elke rij noemt het aanleveringsbestand en de regel waar de waarde staat. Tekst staat als tekst in de "
        "cellen, ook als zij met =, +, - of @ begint: niets wordt als formule uitgevoerd. Ja of nee staat als "
        "'ja' of 'nee', datums als dag-maand-jaar.",
        f"Licentie: {LICENSE['title']} ({LICENSE['name']}). Dezelfde gegevens staan als open data in CSV met "
        "een datapackage.json (gbvs export --format csv).",
    ]
    for i, line in enumerate(intro, start=1):
        cell = _put(notes, i, 1, line)
        if i == 1:
            cell.font = Font(bold=True, size=13)
    header = ["Tabblad", "Kolom", "Naam in de open data", "Soort", "Altijd gevuld", "Beschrijving"]
    _fill_sheet(notes, header, _explanation_rows(), first_row=len(intro) + 2)
    notes.column_dimensions["F"].width = 90
    for row in notes.iter_rows(min_row=len(intro) + 3, min_col=6, max_col=6):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    properties = book.properties
    properties.title = described["title"]
    properties.creator = properties.lastModifiedBy = workspace.settings.organisation
    properties.language = "nl-NL"
    properties.created = properties.modified = when
    buffer = io.BytesIO()
    # Not book.save(): that stamps the time of saving into the properties as "modified".
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    data = _fixed_zip(buffer.getvalue(), when)
    write_atomically(target, lambda temp: temp.write_bytes(data))


def export_period(workspace: Workspace, period: str, output: Path, file_format: str) -> ExportResult:
    """Write the period's tables and their datapackage.json; with errors in any submission, nothing."""
    if file_format not in FORMATS:
        raise ExportError(f"onbekend formaat '{file_format}'; kies uit: {', '.join(FORMATS)}")
    if not workspace.period_dir(period).is_dir():
        raise ExportError(
            f"{display_path(workspace.period_dir(period))} bestaat niet: periode {period} heeft nog geen aanleveringen"
        )
    try:
        check_output_dir(workspace, output)
    except BuildError as exc:  # the same rule as for the report
        raise ExportError(str(exc)) from None
    report, findings = collect_period(workspace, period)
    result = ExportResult(period, findings)
    if has_errors(findings):
        return result
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    submitted: list[dt.date] = []
    for pillar in report.pillars:
        for section in pillar.goals:
            for path, _ in section.submissions:
                checked = report.checked(path)
                for name, rows in _rows_of(checked, workspace, pillar.pillar.name).items():
                    tables[name] += rows
                if checked.submission is not None:
                    submitted.append(checked.submission.submitted)
    result.rows = {name: len(rows) for name, rows in tables.items()}
    if file_format == "xlsx":
        target = output / WORKBOOK
        _write_workbook(target, workspace, period, tables, workbook_time(submitted, period))
        result.outputs.append(target)
        return result
    for name, columns in TABLES.items():
        target = output / f"{name}.{file_format}"
        _write_table(target, columns, tables[name], file_format)
        result.outputs.append(target)
    descriptor = json.dumps(datapackage(workspace, period, file_format), ensure_ascii=False, indent=2) + "\n"
    write_atomically(output / "datapackage.json", lambda temp: temp.write_text(descriptor, encoding="utf-8"))
    result.outputs.append(output / "datapackage.json")
    return result
