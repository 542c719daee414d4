"""The open data as one workbook for people (`gbvs export --formaat xlsx`): typed cells, Dutch
column titles, a sheet that explains the columns, and the same bytes for the same submissions."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from .build import write_atomically
from .export_columns import LICENSE, TABLES, is_formula_like

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
CELL_MAX = 32_767  # the most characters a cell holds in Excel (openpyxl cuts a longer text silently)
SHORTENED = (
    " [… ingekort: de tekst heeft {length} tekens, een cel in Excel hoogstens 32.767; de volledige tekst "
    "staat in de open data als CSV of JSON: gbvs export --formaat csv of --formaat json]"
)


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


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _fitted(text: str) -> str:
    """`text` as a cell can hold it: a text too long for a cell is cut, and says so at its end."""
    if len(text) <= CELL_MAX:
        return text
    mark = SHORTENED.format(length=_thousands(len(text)))
    return text[: CELL_MAX - len(mark)].rstrip() + mark


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one typed cell. Text always stays text: openpyxl would store a text that starts
    with '=' as a formula, and Excel would evaluate it. A text longer than a cell can hold is
    cut with a mark that says so (the CSV and JSON hold it whole)."""
    value = _sheet_value(value)
    if isinstance(value, str):
        value = _fitted(_NOT_IN_XML.sub("\N{REPLACEMENT CHARACTER}", value))  # openpyxl refuses them
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


def shortened(tables: dict[str, list[dict]]) -> int:
    """How many cells of the workbook of `tables` hold a text cut to fit (`_fitted`)."""
    return sum(
        isinstance(value, str) and len(value) > CELL_MAX
        for rows in tables.values()
        for row in rows
        for value in row.values()
    )


def write_workbook(target: Path, tables: dict[str, list[dict]], when: dt.datetime, described: dict[str, Any]) -> None:
    """The workbook: a sheet per table and a sheet that explains them from `described`, the
    data package's descriptor."""
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    book.remove(book.active)
    for name, columns in TABLES.items():
        sheet = book.create_sheet(SHEETS[name])
        rows = [[row.get(c.name) for c in columns] for row in tables[name]]
        _fill_sheet(sheet, [c.title for c in columns], rows)
    notes = book.create_sheet(EXPLANATION)
    intro = [
        described["title"],
        described["description"],
        "Elke rij noemt het aanleveringsbestand en de regel waar de waarde staat. Tekst staat als tekst in de "
        "cellen, ook als zij met =, +, - of @ begint: niets wordt als formule uitgevoerd. Ja of nee staat als "
        "'ja' of 'nee', datums als dag-maand-jaar. Een cel in Excel bevat hoogstens 32.767 tekens: een "
        "langere tekst is ingekort en eindigt dan met '[… ingekort: …]'; de CSV en de JSON bevatten elke tekst "
        "volledig.",
        f"Licentie: {LICENSE['title']} ({LICENSE['name']}). Dezelfde gegevens staan als open data in CSV met "
        "een datapackage.json (gbvs export --formaat csv).",
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
    properties.creator = properties.lastModifiedBy = described["contributors"][0]["title"]
    properties.language = "nl-NL"
    properties.created = properties.modified = when
    buffer = io.BytesIO()
    # Not book.save(): that stamps the time of saving into the properties as "modified".
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    data = _fixed_zip(buffer.getvalue(), when)
    write_atomically(target, lambda temp: temp.write_bytes(data))
