"""The open data behind the report: every indicator value of one period as a table, with a
Frictionless `datapackage.json` that describes the tables for an open data portal.

Two tables, because their columns differ in kind: `indicatorwaarden` (numeric and ordinal
indicators, one row per realisation) and `mijlpalen` (one row per milestone). Each row keeps
the file and line it comes from, so that anyone can trace a figure back to its submission.

The CSV is the open data; a text cell that a spreadsheet would evaluate as a formula gets a
single quote in front (CSV injection). `--formaat xlsx` writes the same rows as one typed workbook
for people, byte for byte the same for the same submissions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, has_errors
from ..model.catalogue import IndicatorSpec
from ..model.submission import MilestoneIndicator, NumericIndicator, OrdinalIndicator
from ..names import printable
from ..report import formatting
from ..report.collect import collect_period
from ..validate import CheckedFile, display_path
from ..workspace import Workspace
from .build import BuildError, check_output_dir, write_atomically
from .export_columns import (
    _CSV_SPECIAL,
    _TITLES,
    FORMATS,
    LICENSE,
    NEUTRALISED,
    TABLES,
    WORKBOOK,
    Column,
    is_formula_like,
)
from .export_xlsx import shortened, workbook_time, write_workbook


class ExportError(Exception):
    """The export cannot be made; the message says why, in Dutch."""


@dataclass
class ExportResult:
    period: str
    findings: list[Diagnostic]
    outputs: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    shortened: int = 0  # cells of the workbook whose text is cut to fit (it says so in the cell)


def _rows_of(checked: CheckedFile, workspace: Workspace, pillar: str) -> dict[str, list[dict]]:
    """The table rows one submission contributes, each with the line it comes from."""
    path, submission = checked.path, checked.submission
    assert submission is not None
    goal = workspace.catalogue.goals[submission.goal]
    shown = printable(path.relative_to(workspace.root).as_posix() if path.is_relative_to(workspace.root) else str(path))
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


# The workbook (--formaat xlsx): the same rows, for people who open them in Excel. Typed cells
# (numbers, dates shown the Dutch way), a bold frozen header with a filter, and a sheet that
# explains every column from the same Column definitions as the data package.
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
        write_workbook(target, tables, workbook_time(submitted, period), datapackage(workspace, period, "csv"))
        result.outputs.append(target)
        result.shortened = shortened(tables)
        return result
    for name, columns in TABLES.items():
        target = output / f"{name}.{file_format}"
        _write_table(target, columns, tables[name], file_format)
        result.outputs.append(target)
    descriptor = json.dumps(datapackage(workspace, period, file_format), ensure_ascii=False, indent=2) + "\n"
    write_atomically(output / "datapackage.json", lambda temp: temp.write_text(descriptor, encoding="utf-8"))
    result.outputs.append(output / "datapackage.json")
    return result
