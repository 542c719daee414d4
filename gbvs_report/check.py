"""Stage 3, check: turn a loaded document into a model, and every problem into a located finding.

Two layers run here: the schema (pydantic's errors, translated into Dutch and followed back
to the line and column they come from) and the catalogue (does the goal exist, does the
department contribute to it, does each indicator belong to the goal's schema).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .catalogue import DEFAULT_CATALOGUE, Catalogue, Goal
from .diagnostics import Diagnostic, diagnostic, has_errors
from .load import Document, PathPart, load_document
from .model import Indicator, IndicatorKind, NumericIndicator, OrdinalIndicator, Submission, is_period
from .plausibility import plausibility_checks

M = TypeVar("M", bound=BaseModel)
Add = Callable[..., None]
"""`add(code, path, message, hint="", key=False)`: record a finding located at `path`."""

_TYPE_NAMES = {
    "int_type": "een geheel getal", "int_parsing": "een geheel getal", "int_from_float": "een geheel getal",
    "float_type": "een getal (met een punt als decimaalteken, zonder aanhalingstekens)",
    "float_parsing": "een getal (met een punt als decimaalteken, zonder aanhalingstekens)",
    "finite_number": "een gewoon getal (geen .inf of .nan)",
    "string_type": "tekst", "bool_type": "true of false", "bool_parsing": "true of false",
    "date_type": "een datum in de vorm JJJJ-MM-DD (zonder aanhalingstekens)",
    "date_parsing": "een datum in de vorm JJJJ-MM-DD", "date_from_datetime_inexact": "een datum zonder tijd",
    "model_type": "een lijst van sleutels en waarden", "model_attributes_type": "een lijst van sleutels en waarden",
    "dict_type": "een lijst van sleutels en waarden", "list_type": "een opsomming (regels die met '-' beginnen)",
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
        for sub in _nested_models(field.annotation):
            keys |= _known_keys(sub, seen)
    return keys


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _nested_models(arg)
    if hasattr(annotation, "__metadata__"):
        found += _nested_models(annotation.__origin__)
    return found


def suggest(word: str, options: list[str] | set[str]) -> str:
    """` Bedoelt u 'x'?` when one of `options` is close to `word`, else ''."""
    lowered = {o.lower(): o for o in options}
    match = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    return f" Bedoelt u '{lowered[match[0]]}'?" if match else ""


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


def _finding(doc: Document, error: dict[str, Any], keys: set[str]) -> Diagnostic:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    path = _data_path(doc.data, error["loc"])
    where = ".".join(str(p) for p in path) or "het bestand"
    name = str(path[-1]) if path else ""
    if value is None and kind not in ("missing", "union_tag_not_found", "extra_forbidden"):
        # A key with nothing after it: a blank still to be filled in, as `gbvs new` leaves them.
        # The key is the place to point at; an empty value has no position of its own.
        line, col = doc.locate(path, key=True)
        return diagnostic("S006", f"'{where}' is nog niet ingevuld", doc.display, line, col, path)
    if kind == "extra_forbidden" or error["loc"][-1:] == ("[key]",):
        line, col = doc.locate(path, key=True)
        return diagnostic("S001", f"onbekende sleutel '{name}'.{suggest(name, keys)}", doc.display, line, col, path)
    if kind in ("missing", "union_tag_not_found"):
        missing = name if kind == "missing" else _discriminator(ctx)
        parent = path[:-1] if kind == "missing" else path
        line, col = doc.locate(parent)
        where = ".".join(str(p) for p in parent) or "het hoogste niveau"
        return diagnostic("S002", f"verplicht veld '{missing}' ontbreekt in {where}", doc.display, line, col,
                          (*parent, missing))
    if kind == "union_tag_invalid":
        path = (*path, _discriminator(ctx))
        name = path[-1]
    line, col = doc.locate(path)
    if kind in ("enum", "literal_error", "union_tag_invalid"):
        expected = ctx.get("expected") or ctx.get("expected_tags") or ""
        shown = value if kind != "union_tag_invalid" else ctx.get("tag")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ",").split(",") if o.strip(" '")]
        return diagnostic("S004", f"{_shown(shown)} is geen toegestane waarde voor '{name}'; kies uit: "
                          f"{', '.join(options)}.{suggest(str(shown), options)}", doc.display, line, col, path)
    if kind in _TYPE_NAMES:
        hint = _trap_hint(kind, value)
        return diagnostic("S003", f"'{where}' moet {_TYPE_NAMES[kind]} zijn, maar is {_shown(value)}",
                          doc.display, line, col, path, hint)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = {"greater_than_equal": "minstens", "less_than_equal": "hoogstens",
                "greater_than": "groter dan", "less_than": "kleiner dan"}[kind]
        return diagnostic("S005", f"'{where}' moet {word} {bound} zijn, maar is {_shown(value)}",
                          doc.display, line, col, path)
    if kind == "string_too_short":
        return diagnostic("S005", f"'{where}' mag niet leeg zijn", doc.display, line, col, path)
    if kind == "string_pattern_mismatch":
        return diagnostic("S005", f"{_shown(value)} heeft niet de vorm die '{name}' vraagt", doc.display,
                          line, col, path, hint=_pattern_hint(name))
    if kind == "too_short":
        return diagnostic("S005", f"'{where}' mag niet leeg zijn", doc.display, line, col, path)
    if kind == "value_error":
        return diagnostic("S005", str(ctx.get("error", error["msg"])), doc.display, line, col, path)
    return diagnostic("S003", f"'{where}' heeft niet het juiste soort waarde", doc.display, line, col, path)


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
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
            return ("Schrijf getallen zonder punten tussen de duizendtallen en met een punt als decimaalteken: "
                    "1234567.8.")
        if "," in value:
            return "Schrijf getallen met een punt: 1.37 in plaats van 1,37."
        if _NUMBER.match(value.strip()):
            return "Haal de aanhalingstekens weg: tussen aanhalingstekens is een getal tekst."
    if kind.startswith("bool") and value.strip().lower() in _YES_NO:
        return "Schrijf true of false; woorden als 'ja' of 'yes' zijn in YAML gewoon tekst."
    if kind.startswith("date"):
        if _LOOSE_DATE.match(value):
            return "Schrijf maand en dag met twee cijfers: JJJJ-MM-DD, bijvoorbeeld 2021-03-05."
        if _DUTCH_DATE.match(value):
            return "Schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2021-03-05 voor 5 maart 2021."
        if re.match(r"^\d{4}-\d\d-\d\d$", value.strip()):
            return "Haal de aanhalingstekens weg: tussen aanhalingstekens is een datum tekst."
    return ""


def _discriminator(ctx: dict[str, Any]) -> str:
    """The YAML key of a discriminated union; pydantic names it as "'kind' | 'soort'"."""
    names = re.findall(r"'([^']+)'", str(ctx.get("discriminator", "")))
    return names[-1] if names else "soort"


def _pattern_hint(name: str) -> str:
    return {"periode": "Bijvoorbeeld: 2020-2021.", "email": "Bijvoorbeeld: naam@minbuza.nl.",
            "id": "Alleen kleine letters, cijfers en '-', zoals in de catalogus."}.get(name, "")


def parse_model(doc: Document, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate a document against a model; every error becomes a located finding.

    The findings include what loading found (`Document.findings`); a value loading already
    reported (an impossible date) is not reported a second time.
    """
    findings = list(doc.findings)
    if not isinstance(doc.data, dict):
        line, col = doc.locate(())
        return None, findings + [diagnostic("Y007", "het bestand moet beginnen met sleutels zoals 'periode:' en "
                                            "'doel:'", doc.display, line, col)]
    try:
        return model.model_validate(doc.data, by_alias=True), sorted(findings)
    except ValidationError as exc:
        keys = _known_keys(model)
        schema = [_finding(doc, error, keys) for error in exc.errors(include_url=False)]
        schema = [d for d in schema if d.path not in doc.reported]
        return None, sorted(findings + list(_without_echoes(schema)))


def _without_echoes(findings: list[Diagnostic]) -> set[Diagnostic]:
    """Drop "field X is missing" where the same mapping has a misspelt key that means X:
    the unknown-key finding already says what to do."""
    meant = {(d.path[:-1], d.message.rsplit("'", 2)[-2]) for d in findings
             if d.code == "S001" and "Bedoelt u" in d.message}
    return {d for d in findings if not (d.code == "S002" and (d.path[:-1], d.path[-1]) in meant)}


def load_catalogue(path: Path | None = None) -> tuple[Catalogue | None, list[Diagnostic]]:
    """Load and check a strategy catalogue (the shipped GBVS 2018-2022 by default)."""
    doc, findings = load_document(path or DEFAULT_CATALOGUE)
    if doc is None:
        return None, findings
    catalogue, findings = parse_model(doc, Catalogue)
    if catalogue is None:
        return None, findings
    findings += catalogue_findings(doc, catalogue)
    return (None if has_errors(findings) else catalogue), findings


def catalogue_findings(doc: Document, catalogue: Catalogue) -> list[Diagnostic]:
    """Cross-references inside the catalogue: codes that must exist, numbers that must be unique."""
    found: list[Diagnostic] = []
    known = catalogue.department_names

    def bad(path: tuple[PathPart, ...], message: str) -> None:
        line, col = doc.locate(path)
        found.append(diagnostic("C008", message, doc.display, line, col, path))

    seen_goals: set[int] = set()
    for p, pillar in enumerate(catalogue.pillars):
        for g, goal in enumerate(pillar.goals):
            at = ("pijlers", p, "doelen", g)
            if goal.number in seen_goals:
                bad((*at, "nummer"), f"doel {goal.number} staat twee keer in de catalogus")
            seen_goals.add(goal.number)
            for code, where in [(goal.lead, (*at, "eerstverantwoordelijk")),
                                *((c, (*at, "bijdragend", i)) for i, c in enumerate(goal.contributors))]:
                if code not in known:
                    bad(where, f"departement '{code}' staat niet in de lijst van departementen")
            ids: set[str] = set()
            for i, spec in enumerate(goal.indicators):
                here = (*at, "indicatoren", i)
                if spec.id in ids:
                    bad((*here, "id"), f"indicator '{spec.id}' staat twee keer bij doel {goal.number}")
                ids.add(spec.id)
                if spec.department not in goal.departments:
                    bad((*here, "departement"), f"'{spec.department}' levert niet aan voor doel {goal.number}")
                if spec.kind is IndicatorKind.NUMERIC and spec.unit is None:
                    bad(here, f"numerieke indicator '{spec.id}' heeft geen eenheid")
                if spec.kind is IndicatorKind.ORDINAL and len(spec.scale) < 2:
                    bad(here, f"ordinale indicator '{spec.id}' heeft geen schaal van minstens twee niveaus")
    return found


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
        return cls(sub.period, sub.goal, sub.department, sub.submitted,
                   {"resultaten": sub.narrative.results, "vooruitblik": sub.narrative.outlook},
                   list(enumerate(sub.indicators)), [(i, x.id) for i, x in enumerate(sub.indicators)])

    @classmethod
    def salvage(cls, data: dict[Any, Any]) -> SubmissionParts:
        def get(key: str, kind: type | tuple[type, ...]) -> Any:
            value = data.get(key)
            return value if isinstance(value, kind) and not isinstance(value, bool) else None

        items = data.get("indicatoren")
        items = items if isinstance(items, list) else []
        valid = []
        for i, item in enumerate(items):
            try:
                valid.append((i, _INDICATOR.validate_python(item, by_alias=True)))
            except ValidationError:
                pass
        ids = [(i, item["id"]) for i, item in enumerate(items)
               if isinstance(item, dict) and isinstance(item.get("id"), str)]
        period = get("periode", str)
        narrative = get("toelichting", dict) or {}
        return cls(period if period and is_period(period) else None, get("doel", int), get("departement", str),
                   get("datum_aanlevering", dt.date), narrative, valid, ids)


_INDICATOR: TypeAdapter[Indicator] = TypeAdapter(Indicator)


def check_submission(doc: Document, catalogue: Catalogue) -> tuple[Submission | None, list[Diagnostic]]:
    """Schema, catalogue and plausibility: all findings of a file, whatever part is broken.

    The submission is returned only when the schema accepts it; it is usable for the report
    only when, in addition, no finding is an error.
    """
    submission, findings = parse_model(doc, Submission)
    if not isinstance(doc.data, dict):
        return None, findings
    parts = SubmissionParts.of(submission) if submission else SubmissionParts.salvage(doc.data)
    found: list[Diagnostic] = []

    def add(code: str, path: tuple[PathPart, ...], message: str, hint: str = "", key: bool = False) -> None:
        line, col = doc.locate(path, key=key)
        found.append(diagnostic(code, message, doc.display, line, col, path, hint))

    goal = _catalogue_checks(doc, parts, catalogue, add)
    plausibility_checks(parts, goal, add)
    return submission, sorted(findings + found)


def _catalogue_checks(doc: Document, sub: SubmissionParts, catalogue: Catalogue, add: Add) -> Goal | None:
    """The catalogue layer; returns the goal the submission is for, when it exists."""
    if sub.period is not None:
        if sub.period not in catalogue.periods:
            add("C006", ("periode",), f"periode {sub.period} hoort niet bij de {catalogue.strategy.short_title}; "
                f"geldige periodes: {', '.join(catalogue.periods)}")
        folder = doc.path.parent.name
        if is_period(folder) and folder != sub.period:
            add("C005", ("periode",), f"het bestand staat in de map {folder}/ maar meldt periode {sub.period}",
                hint=f"Verplaats het bestand naar {sub.period}/ of corrigeer de periode.")
    if sub.department is not None and sub.department not in catalogue.department_names:
        add("C002", ("departement",), f"departement '{sub.department}' bestaat niet in de catalogus."
            f"{suggest(sub.department, list(catalogue.department_names))}")
    if sub.goal is None:
        return None
    goal = catalogue.goals.get(sub.goal)
    if goal is None:
        numbers = sorted(catalogue.goals)
        add("C001", ("doel",), f"doel {sub.goal} bestaat niet; de {catalogue.strategy.short_title} kent de "
            f"doelen {numbers[0]} tot en met {numbers[-1]}")
        return None
    if sub.department in catalogue.department_names and sub.department not in goal.departments:
        add("C009", ("departement",), f"{sub.department} levert volgens de catalogus niet aan voor doel "
            f"{goal.number}; wel: {', '.join(goal.departments)}")
    expected = [s.id for s in goal.indicators]
    for i, indicator_id in sub.ids:
        if goal.indicator(indicator_id) is None:
            add("C003", ("indicatoren", i, "id"), f"indicator '{indicator_id}' hoort niet bij doel {goal.number}."
                f"{suggest(indicator_id, expected)}",
                hint=f"Doel {goal.number} kent: {', '.join(expected) or 'geen indicatoren'}.")
    for i, indicator in sub.indicators:
        at = ("indicatoren", i)
        spec = goal.indicator(indicator.id)
        if spec is None:
            continue
        if spec.kind.value != indicator.kind:
            add("C004", (*at, "soort"), f"indicator '{spec.id}' is volgens het doelschema {spec.kind.value}, "
                f"niet {indicator.kind}")
            continue
        if isinstance(indicator, NumericIndicator) and spec.unit and indicator.unit != spec.unit:
            add("C004", (*at, "eenheid"), f"indicator '{spec.id}' heeft als eenheid '{spec.unit.value}', "
                f"niet '{indicator.unit.value}'")
        if isinstance(indicator, OrdinalIndicator):
            for where, value in ordinal_points(indicator):
                if value not in spec.scale:
                    add("C007", (*at, *where, "waarde"), f"'{value}' staat niet op de schaal van '{spec.id}': "
                        f"{', '.join(spec.scale)}.{suggest(value, list(spec.scale))}")
    if sub.department is not None and isinstance(doc.data.get("indicatoren", []), list):
        present = {indicator_id for _, indicator_id in sub.ids}
        for spec in goal.indicators:
            if spec.required and spec.department == sub.department and spec.id not in present:
                add("C010", ("indicatoren",), f"indicator '{spec.id}' ({spec.name}) ontbreekt; doel {goal.number} "
                    f"vraagt haar van {sub.department}", key=True)
    return goal


def ordinal_points(indicator: OrdinalIndicator) -> list[tuple[tuple[PathPart, ...], str]]:
    """Every level an ordinal indicator names, with its path inside the indicator."""
    points: list[tuple[tuple[PathPart, ...], str]] = [(("nulmeting",), indicator.baseline.value),
                                                      (("streefwaarde",), indicator.target.value)]
    return points + [(("realisaties", j), a.value) for j, a in enumerate(indicator.actuals)]
