"""Layer B, the letter to parliament (`brief:` in gbvs.yaml): is it finished?

A final report is sent with a letter that a minister signs; a letter without a subject, a
signatory, a text or a date, or with an instruction of `gbvs init` still in it, is not one.
The coordinator writes the letter last, while the departments check their own submissions, so
these findings are warnings where they are made (`letter_findings`); the report turns them into
errors (a final report is refused, a draft names them in its problems annex).

Also the logo: an image file inside the workspace, never a link, never an address on the
internet, never a file elsewhere (`logo_file`, which the report uses to find it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..codes import B001, B002, B003, B004, B005, B006
from ..diagnostics import Diagnostic, diagnostic
from ..load import Document, PathPart
from ..model.settings import Settings

LETTER = "brief"
PLACEHOLDER = re.compile(r"\[in te vullen\b[^\]]*\]", re.IGNORECASE)
"""What `gbvs init` writes where the coordinator must still write something."""
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def letter_findings(doc: Document | None, settings: Settings, root: Path | None = None) -> list[Diagnostic]:
    """What keeps the letter in `settings` from being sent, each located in the settings file
    `doc` (or naming gbvs.yaml when the workspace has none); `root` is the workspace, where the
    logo must be."""
    display = doc.display if doc is not None else "gbvs.yaml"
    letter = settings.letter
    found: list[Diagnostic] = []

    def add(rule: Any, at: tuple[PathPart, ...], message: str, hint: str = "") -> None:
        line, column = doc.locate(at) if doc is not None else (0, 0)
        found.append(diagnostic(rule, message, display, line, column, at, hint))

    top = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    placeholders = [
        *_placeholders(top.get(LETTER), (LETTER,)),
        *_placeholders(top.get("kernboodschappen"), ("kernboodschappen",)),
    ]
    shown = {at[:2] for at, _ in placeholders}
    if not letter.subject.strip() and (LETTER, "onderwerp") not in shown:
        add(B001, (LETTER, "onderwerp"), "de brief heeft geen onderwerp ('Betreft')", "Zet het onder brief.onderwerp.")
    if letter.signatory is None and (LETTER, "ondertekening") not in shown:
        add(
            B002,
            (LETTER, "ondertekening"),
            "niemand ondertekent de brief",
            "Zet onder brief.ondertekening de functie en de naam van de bewindspersoon.",
        )
    if not letter.body.strip() and (LETTER, "tekst") not in shown:
        add(
            B003,
            (LETTER, "tekst"),
            "de brief heeft geen tekst: alleen de openingszin",
            "Schrijf onder brief.tekst de kernboodschappen en de context voor de Kamer.",
        )
    if letter.date is None:
        add(
            B004,
            (LETTER, "datum"),
            "de brief heeft geen datum; hij krijgt nu de dag waarop het rapport wordt gemaakt",
            "Zet de datum van ondertekening onder brief.datum (JJJJ-MM-DD).",
        )
    for at, text in placeholders:
        line, column = _where(doc, at, text) if doc is not None else (0, 0)
        found.append(
            diagnostic(
                B005,
                f"'{_dotted(at)}' bevat nog een aanwijzing: {text}",
                display,
                line,
                column,
                at,
                "Vervang de aanwijzing door de tekst zelf, of maak het veld leeg als het niet van toepassing is.",
            )
        )
    if letter.logo.strip():
        problem = _logo_problem(letter.logo.strip(), root)
        if problem:
            add(B006, (LETTER, "logo"), problem, "Zet het logo als PNG of JPEG in de werkmap en noem het pad.")
    return sorted(found)


def logo_file(settings: Settings, root: Path | None) -> Path | None:
    """The logo's file when the settings name one that may be used, else None."""
    name = settings.letter.logo.strip()
    if not name or root is None or _logo_problem(name, root):
        return None
    return root / name


def _logo_problem(name: str, root: Path | None) -> str:
    """Why the logo named `name` cannot be used, in Dutch; '' when it can."""
    if _ADDRESS.match(name):
        return f"het logo '{name}' is een adres; gbvs haalt niets op: zet de afbeelding zelf in de werkmap"
    if root is None:
        return "het logo staat niet in een werkmap"
    path = root / name
    if Path(name).is_absolute() or not os.path.abspath(path).startswith(os.path.abspath(root) + os.sep):
        return f"het logo '{name}' ligt buiten de werkmap; noem een afbeelding in de werkmap"
    if Path(name).suffix.lower() not in LOGO_TYPES:
        return f"het logo '{name}' is geen PNG- of JPEG-bestand"
    folder = root
    for part in Path(name).parts:
        folder = folder / part
        if os.path.islink(folder):
            return f"het logo '{name}' is (of ligt in) een koppeling; gbvs volgt geen koppelingen"
    if not path.is_file():
        return f"het logo '{name}' bestaat niet in de werkmap"
    if not path.resolve().is_relative_to(root.resolve()):
        return f"het logo '{name}' ligt buiten de werkmap; noem een afbeelding in de werkmap"
    return ""


def _placeholders(data: Any, at: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """Every text under `data` that still holds an instruction of `gbvs init`, with its path."""
    if isinstance(data, str):
        match = PLACEHOLDER.search(data)
        if match:
            yield at, match.group(0)
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield from _placeholders(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _placeholders(value, (*at, i))


def _where(doc: Document, at: tuple[PathPart, ...], text: str) -> tuple[int, int]:
    """The line and column of `text` in the file, at or after the value at `at` (a block of
    text begins on the line after its key); the value's own place when it cannot be found."""
    line, column = doc.locate(at)
    lines = doc.text.splitlines()
    for number in range(line, min(len(lines), line + 200) + 1):
        found = lines[number - 1].find(text, column - 1 if number == line else 0)
        if found >= 0:
            return number, found + 1
    return line, column


def _dotted(at: tuple[PathPart, ...]) -> str:
    return ".".join(str(p) for p in at)
