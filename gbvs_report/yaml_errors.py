"""YAML's own error messages, in Dutch and at the place where the mistake is.

libyaml reports problems in English and sometimes where it noticed them rather than where
they are (an unclosed quote is noticed at the end of the file). This module turns them into
located findings a policy officer can act on.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .codes import Y003, Y008, Y009
from .diagnostics import Diagnostic, diagnostic


def reader_error(exc: YAMLError, name: str, text: str) -> Diagnostic:
    """The reader refuses a character (a control character, say) before parsing starts."""
    line, column = _position(text, getattr(exc, "position", None))
    return diagnostic(
        Y003,
        f"YAML kan niet worden gelezen: {_reader_problem(exc)}",
        name,
        line,
        column,
        hint="Verwijder onzichtbare stuurtekens uit het bestand.",
    )


def _position(text: str, index: int | None) -> tuple[int, int]:
    if index is None:
        return (1, 1)
    index = min(max(index, 0), len(text))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _reader_problem(exc: YAMLError) -> str:
    character = getattr(exc, "character", None)
    if isinstance(character, int):
        return f"het teken U+{character:04X} is niet toegestaan"
    return "ongeldig teken in de tekst"


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def syntax_errors(exc: MarkedYAMLError, name: str, text: str) -> list[Diagnostic]:
    """A parse error as findings; a tab in the indentation is reported on every line that has
    one, so that all of them are fixed in one go (libyaml stops at the first)."""
    first = syntax_error(exc, name, text)
    if first.code != Y008.code:
        return [first]
    found = [first]
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and number != first.line:
            found.append(diagnostic(Y008, first.message, name, number, indent.index("\t") + 1, hint=first.hint))
    return sorted(found)


def syntax_error(exc: MarkedYAMLError, name: str, text: str) -> Diagnostic:
    """A parse error as a finding: a tab, a second document, an unclosed quote, or the rest."""
    context, problem = exc.context or "", exc.problem or ""
    if context.startswith("expected a single document"):
        line, column = _mark(exc.problem_mark)
        return diagnostic(
            Y009,
            "het bestand bevat meer dan één document ('---')",
            name,
            line,
            column,
            hint="Zet elke aanlevering in een eigen bestand en verwijder de tweede '---'.",
        )
    mark = exc.problem_mark
    if "tab character" in problem or (mark is not None and "\t" in _line(text, mark.line)[: mark.column + 1]):
        line, column = _mark(mark)
        return diagnostic(
            Y008,
            "een tab wordt hier niet geaccepteerd; gebruik spaties om in te springen",
            name,
            line,
            column,
            hint="Vervang de tab door spaties (bijvoorbeeld twee per niveau).",
        )
    if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        # The parser stumbles at the end of the file; the mistake is where the quote opened.
        line, column = _mark(exc.context_mark)
        return diagnostic(
            Y003,
            "YAML-syntaxfout: het aanhalingsteken dat hier begint, wordt nergens afgesloten",
            name,
            line,
            column,
            hint="Sluit de tekst af met hetzelfde aanhalingsteken.",
        )
    opened = exc.context_mark
    if (
        context.startswith(("while parsing a flow mapping", "while parsing a flow sequence"))
        and opened is not None
        and mark is not None
        and mark.line > opened.line
    ):
        # `{waarde: 1.12, jaar: 2017` and the next line: the bracket was never closed on its line.
        bracket, closing = ("{", "}") if "mapping" in context else ("[", "]")
        line, column = _mark(opened)
        return diagnostic(
            Y003,
            f"YAML-syntaxfout: de haak '{bracket}' die hier begint, wordt niet gesloten",
            name,
            line,
            column,
            hint=f"Sluit af met '{closing}' aan het eind van wat tussen de haken hoort.",
        )
    keyless = _keyless_line_before(text, mark) if problem.startswith("mapping values are not allowed") else None
    if (context.startswith("while scanning a simple key") and opened is not None) or keyless is not None:
        # `departement DEF`: libyaml notices the missing colon only on the next line.
        line, column = _mark(opened) if keyless is None else keyless
        found = re.match(r"[^\s:]+", _line(text, line - 1)[column - 1 :])
        key = found.group() if found else "sleutel"
        rest = _line(text, line - 1)[column - 1 + len(key) :]
        if rest.startswith(":") and rest[1:2] not in ("", " "):
            return diagnostic(
                Y003,
                f"YAML-syntaxfout: na '{key}:' ontbreekt een spatie",
                name,
                line,
                column,
                hint=f"Zet een spatie na de dubbele punt: '{key}: {rest[1:].strip()}'.",
            )
        return diagnostic(
            Y003,
            "YAML-syntaxfout: na de sleutel op deze regel ontbreekt een ':'",
            name,
            line,
            column,
            hint=f"Zet een dubbele punt en een spatie na de sleutel: '{key}: …'.",
        )
    odd = _odd_indentation(text, mark) if problem.startswith(_INDENTATION_PROBLEMS) else None
    if odd is not None:
        line, column, key, other, shift = odd
        return diagnostic(
            Y003,
            f"YAML-syntaxfout: '{key}:' springt {_spaces(abs(shift))} {'verder' if shift > 0 else 'minder ver'} in dan "
            f"'{other}:' op de regel erboven",
            name,
            line,
            column,
            hint=f"Laat '{key}:' even ver inspringen als '{other}:' ({_spaces(column - 1 - shift)}).",
        )
    line, column = _mark(exc.problem_mark or exc.context_mark)
    return diagnostic(
        Y003,
        f"YAML-syntaxfout: {_dutch_problem(problem, context)}",
        name,
        line,
        column,
        hint="Controleer de inspringing en de leestekens op deze regel en de regel ervoor.",
    )


_KEY_VALUE = re.compile(r"^\s*(-\s+)?[^\s#][^#]*?:(\s|$)")


def _keyless_line_before(text: str, mark: Any) -> tuple[int, int] | None:
    """Where a line without its colon starts, when libyaml found a ':' on the line after it:
    `naam Test Persoon` followed by `email: ...` at the same indentation reads as one text
    that runs on into the next line, and the colon there is what libyaml trips over."""
    if mark is None:
        return None
    lines = text.splitlines()
    if not 0 < mark.line < len(lines):
        return None
    here = lines[mark.line]
    before = next((i for i in range(mark.line - 1, -1, -1) if lines[i].strip()), None)
    if before is None:
        return None
    previous = lines[before]
    indent = len(previous) - len(previous.lstrip(" "))
    if indent != len(here) - len(here.lstrip(" ")) or previous.lstrip().startswith(("#", "-")):
        return None
    if _KEY_VALUE.match(previous) or previous.rstrip().endswith(":"):
        return None
    return before + 1, indent + 1


def _spaces(n: int) -> str:
    return f"{n} {'spatie' if n == 1 else 'spaties'}"


_INDENTATION_PROBLEMS = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>, but found",
)
_KEY = re.compile(r"^( *)(-\s+)?([^\s#:'\"][^\s:]*):(\s|$)")


def _odd_indentation(text: str, mark: Any) -> tuple[int, int, str, str, int] | None:
    """A key indented differently from the key with a value on the line above it, where it
    can be neither that key's neighbour nor inside it: its line and column, the two keys and
    how many spaces too far (positive) or not far enough it stands."""
    if mark is None:
        return None
    lines = text.splitlines()
    if not 0 < mark.line < len(lines):
        return None
    here = _KEY.match(lines[mark.line])
    before = next((i for i in range(mark.line - 1, -1, -1) if lines[i].strip()), None)
    if before is None:
        return None
    above = _KEY.match(lines[before])
    if here is None or above is None or here.group(2) or not lines[before].split(":", 1)[1].strip():
        return None  # a list item, or a key above that opens a mapping (its children go deeper)
    own = len(here.group(1))
    sibling = len(above.group(1)) + len(above.group(2) or "")
    if own == sibling:
        return None
    return mark.line + 1, own + 1, here.group(3), above.group(3), own - sibling


_PROBLEMS = {
    "mapping values are not allowed here": "hier mag geen ':' staan (ontbreekt een spatie na de dubbele punt of een aanhalingsteken?)",
    "could not find expected ':'": "er ontbreekt een ':' na de sleutel",
    "found unexpected end of stream": "het bestand houdt onverwacht op (is een aanhalingsteken niet afgesloten?)",
    "expected <block end>, but found": "de inspringing klopt niet",
    "did not find expected key": "de inspringing klopt niet of er ontbreekt een '-' of ':'",
    "did not find expected '-' indicator": "in deze opsomming ontbreekt een '-' of de inspringing klopt niet",
    "found undefined alias": "verwijzing (*) naar een anker dat niet bestaat",
    "found character that cannot start any token": "dit teken kan hier niet staan (zet de tekst tussen aanhalingstekens)",
    "did not find expected node content": "hier ontbreekt een waarde",
    "did not find expected ',' or ']'": "er ontbreekt een ',' of ']'",
    "did not find expected ',' or '}'": "er ontbreekt een ',' of '}'",
    "found unknown escape character": "onbekende escape-code na '\\' (gebruik enkele aanhalingstekens)",
    "did not find URI escaped octet": "ongeldige tekens in een tag",
    "found a tab character": "een tab wordt hier niet geaccepteerd; gebruik spaties",
    "mapping values are not allowed in this context": "hier mag geen ':' staan (zet de tekst tussen aanhalingstekens)",
    "did not find expected <document start>": "na de gegevens staat nog tekst die er niet bij hoort (klopt de inspringing?)",
    "did not find expected comment or line break": "na deze waarde mag op dezelfde regel alleen commentaar (#) volgen",
    "found unexpected ':'": "onverwachte ':' (zet de tekst tussen aanhalingstekens)",
    "block sequence entries are not allowed in this context": "hier kan geen opsomming met '-' beginnen (klopt de inspringing?)",
    "did not find expected alphabetic or numeric character": "na '&' of '*' hoort een naam",
    "did not find expected whitespace or line break": "hier hoort een spatie of een nieuwe regel",
    "found an indentation indicator equal to 0": "de inspringing van een tekstblok (| of >) kan niet 0 zijn",
    "found unknown directive name": "onbekende regel die met '%' begint (zet tekst tussen aanhalingstekens)",
    "could not find expected directive name": "onbekende regel die met '%' begint (zet tekst tussen aanhalingstekens)",
    "found duplicate %YAML directive": "de regel '%YAML' staat er twee keer",
    "found incompatible YAML document": "deze YAML-versie wordt niet ondersteund",
    "found undefined tag handle": "onbekende tag (tags zijn niet toegestaan)",
}


def _dutch_problem(problem: str, context: str) -> str:
    for english, dutch in _PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    text = problem or context or "onbekende fout"
    return f"de opbouw klopt niet ({text})"
