"""Validation: a loaded document into a model, and every model error into a located finding.

Layer S, the schema: pydantic's errors, translated into Dutch and followed back to the line
and column they come from, with a "bedoelt u ...?" suggestion for a misspelt key or value, and
where a key belongs that stands at the wrong indentation (`key_places`). After a syntax error,
the findings that may follow from it say so (`consequences`).
When the schema refuses a submission, `SubmissionParts.salvage` keeps the parts that are
usable on their own, so that the rules can still look at them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from .codes import S001, S002, S003, S004, S005, S006, Y007
from .consequences import after_syntax_error
from .diagnostics import Diagnostic, Rule, diagnostic
from .dutch import path_words
from .key_places import Slot, misplaced, nested_models, slots
from .load import Document, PathPart
from .model.submission import Indicator, Key, Submission, is_period

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "int_from_float": "een geheel getal",
    "float_type": "een getal (met een punt als decimaalteken, zonder aanhalingstekens)",
    "float_parsing": "een getal (met een punt als decimaalteken, zonder aanhalingstekens)",
    "finite_number": "een gewoon getal (geen .inf of .nan)",
    "string_type": "tekst",
    "bool_type": "true of false",
    "bool_parsing": "true of false",
    "date_type": "een datum in de vorm JJJJ-MM-DD (zonder aanhalingstekens)",
    "date_parsing": "een datum in de vorm JJJJ-MM-DD",
    "date_from_datetime_inexact": "een datum zonder tijd",
    "model_type": "een lijst van sleutels en waarden",
    "model_attributes_type": "een lijst van sleutels en waarden",
    "dict_type": "een lijst van sleutels en waarden",
    "list_type": "een opsomming (regels die met '-' beginnen)",
    "tuple_type": "een opsomming (regels die met '-' beginnen)",
}


def _known_keys(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every YAML key the format knows, for "bedoelt u ...?" suggestions."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(field.alias or name)
        for sub in nested_models(field.annotation):
            keys |= _known_keys(sub, seen)
    return keys


def closest(word: str, options: list[str] | set[str]) -> str:
    """The option closest to `word` when one is close enough, else ''."""
    lowered = {o.lower(): o for o in options}
    match = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else ""


def did_you_mean(suggestion: str) -> str:
    """` Bedoelt u 'x'?`, or '' without a suggestion."""
    return f" Bedoelt u '{suggestion}'?" if suggestion else ""


def suggest(word: str, options: list[str] | set[str]) -> str:
    """` Bedoelt u 'x'?` when one of `options` is close to `word`, else ''."""
    return did_you_mean(closest(word, options))


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[PathPart, ...]:
    """Follow pydantic's `loc` through the data, dropping parts that are not in it
    (the tag pydantic adds for a discriminated union)."""
    path: list[PathPart] = []
    current = data
    parts = list(loc)
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(current, dict):
            if part in current:
                current = current[part]
                path.append(part)
            elif isinstance(part, str) and part in current.values():
                pass  # the tag pydantic adds for a discriminated union (the value of 'soort')
            else:
                path.append(part)
                break
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        else:
            break
        i += 1
    return tuple(path)


def _shown(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "een lijst" if isinstance(value, list) else "een lijst van sleutels en waarden"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _finding(
    doc: Document, error: ErrorDetails, keys: set[str], slots: dict[Slot, frozenset[str]], moved: set[Any]
) -> Diagnostic:
    """One pydantic error as a located finding: a blank, an unknown key, a key at the wrong
    indentation, a missing field, or a value that is not allowed (`_value_finding`). A key
    that belongs elsewhere is noted in `moved` as (the mapping it belongs in, the key)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    path = _data_path(doc.data, error["loc"])
    where = path_words(path) or "het bestand"
    name = str(path[-1]) if path else ""
    if value is None and kind not in ("missing", "union_tag_not_found", "extra_forbidden"):
        # A key with nothing after it: a blank still to be filled in, as `gbvs new` leaves them.
        # The key is the place to point at; an empty value has no position of its own.
        line, col = doc.locate(path, key=True)
        return diagnostic(S006, f"'{where}' is nog niet ingevuld", doc.display, line, col, path)
    if kind == "extra_forbidden" or error["loc"][-1:] == ("[key]",):
        line, col = doc.locate(path, key=True)
        if name in keys:
            return misplaced(doc, path, slots, moved)
        meant = closest(name, keys)
        return diagnostic(
            S001, f"onbekende sleutel '{name}'.{did_you_mean(meant)}", doc.display, line, col, path, suggestion=meant
        )
    if kind in ("missing", "union_tag_not_found"):
        missing = name if kind == "missing" else _discriminator(ctx)
        parent = path[:-1] if kind == "missing" else path
        line, col = doc.locate(parent)
        where = path_words(parent) or "het hoogste niveau"
        return diagnostic(
            S002, f"verplicht veld '{missing}' ontbreekt in {where}", doc.display, line, col, (*parent, missing)
        )
    if kind == "union_tag_invalid":
        name = _discriminator(ctx)
        path = (*path, name)
    return _value_finding(doc, error, path, where, name)


_BOUNDS = {
    "greater_than_equal": "minstens",
    "less_than_equal": "hoogstens",
    "greater_than": "groter dan",
    "less_than": "kleiner dan",
}


def _value_finding(doc: Document, error: ErrorDetails, path: tuple[PathPart, ...], where: str, name: str) -> Diagnostic:
    """A value of the wrong kind (S003), not among the allowed ones (S004) or out of range (S005)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    line, col = doc.locate(path)

    def found(rule: Rule, message: str, hint: str = "", suggestion: str = "") -> Diagnostic:
        return diagnostic(rule, message, doc.display, line, col, path, hint, suggestion)

    if kind in ("enum", "literal_error", "union_tag_invalid"):
        expected = ctx.get("expected") or ctx.get("expected_tags") or ""
        shown = value if kind != "union_tag_invalid" else ctx.get("tag")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",") if o.strip(" '")]
        meant = closest(str(shown), options)
        return found(
            S004,
            f"{_shown(shown)} is geen toegestane waarde voor '{name}'; kies uit: "
            f"{', '.join(options)}.{did_you_mean(meant)}",
            suggestion=meant,
        )
    if path in doc.comma_joined and isinstance(value, str):
        whole, _, decimals = value.partition(",")
        return found(
            S003,
            f"'{where}' heeft een komma als decimaalteken: {value}. Tussen {{ }} scheidt een komma twee "
            f"waarden, dus YAML las {whole} en een sleutel '{decimals}'",
            f"Schrijf {name}: {_with_point(value)}, met een punt als decimaalteken.",
        )
    if kind in _TYPE_NAMES:
        return found(S003, f"'{where}' moet {_TYPE_NAMES[kind]} zijn, maar is {_shown(value)}", _trap_hint(kind, value))
    if kind in _BOUNDS:
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return found(S005, f"'{where}' moet {_BOUNDS[kind]} {bound} zijn, maar is {_shown(value)}")
    if kind in ("string_too_short", "too_short"):
        return found(S005, f"'{where}' mag niet leeg zijn")
    if kind == "string_pattern_mismatch":
        return found(S005, f"{_shown(value)} heeft niet de vorm die '{name}' vraagt", _pattern_hint(name))
    if kind == "value_error":
        return found(S005, str(ctx.get("error", error["msg"])))
    return found(S003, f"'{where}' heeft niet het juiste soort waarde")


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_LOOSE_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DUTCH_DATE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
_YES_NO = {"ja", "nee", "yes", "no", "y", "n", "on", "off", "j", "waar", "onwaar"}


def _trap_hint(kind: str, value: Any) -> str:
    """Explain the YAML trap behind a wrong kind of value, where there is a familiar one."""
    if value is None:
        return "Vul een waarde in na de dubbele punt."
    if kind == "string_type" and isinstance(value, (int, float, bool, dt.date)):
        return "YAML leest dit niet als tekst; zet de waarde tussen aanhalingstekens."
    if not isinstance(value, str):
        return ""
    if kind.startswith(("float", "int")):
        if _THOUSANDS.match(value):
            return (
                "Schrijf getallen zonder punten tussen de duizendtallen en met een punt als decimaalteken: 1234567.8."
            )
        if _DECIMAL_COMMA.match(value.strip()):
            return f"Schrijf getallen met een punt: {_with_point(value.strip())} in plaats van {value.strip()}."
        if "," in value:
            return "Schrijf getallen met een punt: 1.37 in plaats van 1,37."
        if _NUMBER.match(value.strip()):
            return "Haal de aanhalingstekens weg: tussen aanhalingstekens is een getal tekst."
    if kind.startswith("bool") and value.strip().lower() in _YES_NO:
        return "Schrijf true of false; woorden als 'ja' of 'yes' zijn in YAML gewoon tekst."
    if kind.startswith("date"):
        if re.match(r"^\d{4}-\d\d-\d\d$", value.strip()):  # a date written well, but in quotes
            return "Haal de aanhalingstekens weg: tussen aanhalingstekens is een datum tekst."
        if _LOOSE_DATE.match(value):
            return "Schrijf maand en dag met twee cijfers: JJJJ-MM-DD, bijvoorbeeld 2021-03-05."
        if _DUTCH_DATE.match(value):
            return "Schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2021-03-05 voor 5 maart 2021."
    return ""


def _with_point(value: str) -> str:
    """`1,12` → `1.12`; `1.234,5` (a Dutch thousand) → `1234.5`."""
    whole, _, decimals = value.partition(",")
    return f"{whole.replace('.', '')}.{decimals}"


def _discriminator(ctx: dict[str, Any]) -> str:
    """The YAML key of a discriminated union; pydantic names it as "'kind' | 'soort'"."""
    names = re.findall(r"'([^']+)'", str(ctx.get("discriminator", "")))
    return names[-1] if names else "soort"


def _pattern_hint(name: str) -> str:
    return {
        Key.PERIOD: "Bijvoorbeeld: 2020-2021.",
        Key.EMAIL: "Bijvoorbeeld: naam@minbuza.nl.",
        Key.ID: "Alleen kleine letters, cijfers en '-', zoals in de catalogus.",
    }.get(name, "")


def parse_model(doc: Document, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate a document against a model; every error becomes a located finding.

    The findings include what loading found (`Document.findings`); a value loading already
    reported (an impossible date) is not reported a second time. A document read past a
    syntax error (`Document.set_aside`) never becomes a model: it is not the file's content.
    """
    findings = list(doc.findings)
    if not isinstance(doc.data, dict):
        line, col = doc.locate(())
        return None, findings + after_syntax_error(
            doc,
            [
                diagnostic(
                    Y007, "het bestand moet beginnen met sleutels zoals 'periode:' en 'doel:'", doc.display, line, col
                )
            ],
        )
    try:
        parsed = model.model_validate(doc.data, by_alias=True)
    except ValidationError as exc:
        keys = _known_keys(model)
        moved: set[Any] = set()
        schema = [_finding(doc, error, keys, slots(model), moved) for error in exc.errors(include_url=False)]
        schema = [d for d in schema if d.path not in doc.reported]
        return None, sorted(findings + after_syntax_error(doc, list(_without_echoes(schema, moved))))
    return (None if doc.set_aside else parsed), sorted(findings)


def _without_echoes(findings: list[Diagnostic], moved: set[Any]) -> set[Diagnostic]:
    """Drop "field X is missing" where the same mapping has a misspelt key that means X, or
    where X stands elsewhere at the wrong indentation: that finding already says what to do."""
    meant = {(d.path[:-1], d.suggestion) for d in findings if d.code == S001.code and d.suggestion}
    meant |= moved
    emptied = {target for target, _ in moved}  # `toelichting:` with all its keys fallen out of it
    return {
        d
        for d in findings
        if not (d.code == S002.code and (d.path[:-1], d.path[-1]) in meant)
        and not (d.code == S006.code and d.path in emptied)
    }


@dataclass
class SubmissionParts:
    """The parts of a submission that are usable even when other parts are wrong, so that a
    broken section does not hide what the catalogue and plausibility checks find elsewhere."""

    period: str | None
    goal: int | None
    department: str | None
    submitted: dt.date | None
    narrative: dict[str, Any]
    indicators: list[tuple[int, Indicator]]
    """The indicators that are valid on their own, with their place in the list."""
    ids: list[tuple[int, str]]
    """Every indicator id in the file, valid indicator or not."""

    @classmethod
    def of(cls, sub: Submission) -> SubmissionParts:
        return cls(
            sub.period,
            sub.goal,
            sub.department,
            sub.submitted,
            {"resultaten": sub.narrative.results, Key.OUTLOOK: sub.narrative.outlook},
            list(enumerate(sub.indicators)),
            [(i, x.id) for i, x in enumerate(sub.indicators)],
        )

    @classmethod
    def salvage(cls, data: dict[Any, Any]) -> SubmissionParts:
        def get(key: str, kind: type | tuple[type, ...]) -> Any:
            value = data.get(key)
            return value if isinstance(value, kind) and not isinstance(value, bool) else None

        items = data.get(Key.INDICATORS)
        items = items if isinstance(items, list) else []
        valid = []
        for i, item in enumerate(items):
            with contextlib.suppress(ValidationError):
                valid.append((i, _INDICATOR.validate_python(item, by_alias=True)))
        ids = [
            (i, item[Key.ID])
            for i, item in enumerate(items)
            if isinstance(item, dict) and isinstance(item.get(Key.ID), str)
        ]
        period = get(Key.PERIOD, str) or (str(get(Key.PERIOD, int) or "") or None)  # a year period: 2029
        narrative = get(Key.NARRATIVE, dict) or {}
        return cls(
            period if period and is_period(period) else None,
            get(Key.GOAL, int),
            get(Key.DEPARTMENT, str),
            get(Key.SUBMITTED, dt.date),
            narrative,
            valid,
            ids,
        )


_INDICATOR: TypeAdapter[Indicator] = TypeAdapter(Indicator)
