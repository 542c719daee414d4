"""Bring the Dutch catalogue of the command-line framework's texts up to date.

    .venv/bin/python tools/update_cli_catalogue.py          # extract, merge, compile
    .venv/bin/python tools/update_cli_catalogue.py --check  # exit 1 when a text lacks Dutch

Extracts every msgid from the installed click and typer (what they mark for gettext) and from
gbvs_report/clitext.py (the English templates of typer's own copy of click), merges them into
gbvs_report/locale/nl/LC_MESSAGES/gbvs-cli.po keeping the existing translations, and compiles
the .mo beside it with Babel. New texts arrive with an empty translation: fill them in the .po
and run this again; tests/test_dutch_cli.py fails until every text has its Dutch.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gbvs_report"
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "gbvs-cli.po"
MO = PO.with_suffix(".mo")
SOURCES = ("click", "typer")


def extracted() -> list[tuple[str | tuple[str, ...], str, int]]:
    """(msgid, file, line) for every text marked for gettext in click, typer and clitext.py."""
    found = []
    for name in SOURCES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:  # the texts of a missing package would be dropped
            sys.exit(f"{name} is niet geïnstalleerd: installeer eerst de ontwikkelomgeving (make install)")
        folder = Path(spec.origin).parent
        for filename, lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.py", "python")]
        ):
            found.append((message, f"{name}/{filename}", lineno))
    clitext = PACKAGE / "clitext.py"
    for lineno, message, _comments, _context in extract_from_file("python", clitext):
        found.append((message, "gbvs_report/clitext.py", lineno))
    return found


def template() -> Catalog:
    catalog = Catalog(locale="nl", domain="gbvs-cli", project="gbvs-report", copyright_holder=None, fuzzy=False)
    for message, filename, lineno in extracted():
        catalog.add(message, locations=[(filename, lineno)])
    return catalog


def read(path: Path = PO) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="nl", domain="gbvs-cli")


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(s and s.strip() for s in strings):
            missing.append(str(message.id))
    return missing


HEADER = """\
# Dutch for the texts of click and typer in the `gbvs` command (gbvs_report/clitext.py).
# Kept up to date with tools/update_cli_catalogue.py; the .mo beside it is compiled from it."""


def main(argv: list[str]) -> int:
    catalog = read() if PO.exists() else Catalog(locale="nl", domain="gbvs-cli", fuzzy=False)
    new = template()
    new.creation_date = catalog.creation_date  # no change in the file when no text changed
    catalog.update(new, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.header_comment = HEADER
    catalog.project, catalog.version = "gbvs-report", ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "gbvs-report"
    catalog.revision_date = catalog.creation_date
    if "--check" in argv:
        missing = untranslated(catalog)
        for msgid in missing:
            print(f"zonder vertaling: {msgid!r}", file=sys.stderr)
        return 1 if missing else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)
    MO.write_bytes(compiled(read()))
    print(f"{len(catalog)} teksten, {len(untranslated(catalog))} zonder vertaling: {PO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
