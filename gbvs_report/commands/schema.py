"""The submission format as a JSON Schema (draft-07), for editors and other validators.

The schema is generated from the pydantic model (so the two cannot drift apart) and then
narrowed with what the catalogue knows: the goals, departments and periods that exist, per
kind the indicator ids, and per goal (with draft-07's if/then) the ids and departments that
goal accepts. An editor with the YAML language server completes and checks files with it.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.catalogue import Catalogue
from ..model.submission import IndicatorKind, Submission

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# Dutch titles and descriptions for the model's parts; the models' docstrings are for developers.
_DEFINITIONS = {
    "Contact": ("Contactpersoon", "Wie bij het departement vragen over deze aanlevering beantwoordt."),
    "Narrative": ("Toelichting", "De tekst voor het rapport, in Markdown."),
    "NumericIndicator": ("Numerieke indicator", "Een getal in een eenheid: nulmeting, streefwaarde en realisaties."),
    "OrdinalIndicator": ("Ordinale indicator", "Een niveau op een benoemde schaal uit de catalogus."),
    "MilestoneIndicator": ("Mijlpaal", "Iets dat op een geplande datum bereikt moet zijn."),
    "NumericPoint": ("Meetpunt", "Een waarde in een jaar."),
    "OrdinalPoint": ("Meetpunt", "Een niveau in een jaar."),
    "NumericTarget": (
        "Streefwaarde",
        "Een waarde in een jaar; 'voorbeeld: true' als het geen vastgestelde doelstelling is.",
    ),
    "OrdinalTarget": (
        "Streefwaarde",
        "Een niveau in een jaar; 'voorbeeld: true' als het geen vastgestelde doelstelling is.",
    ),
    "NumericActual": ("Realisatie", "De gerealiseerde waarde over een jaar, met peildatum en bron."),
    "OrdinalActual": ("Realisatie", "Het gerealiseerde niveau over een jaar, met peildatum en bron."),
    "OverallStatus": ("Voortgang", "Het oordeel van het departement over de voortgang op het doel."),
    "MilestoneStatus": ("Status van de mijlpaal", "Waar de mijlpaal staat."),
}
_KIND_DEFINITION = {
    IndicatorKind.NUMERIC: "NumericIndicator",
    IndicatorKind.ORDINAL: "OrdinalIndicator",
    IndicatorKind.MILESTONE: "MilestoneIndicator",
}


def submission_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The JSON Schema of a submission checked against `catalogue`."""
    schema = Submission.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs")
    schema.pop("title", None), schema.pop("description", None)
    for name, definition in definitions.items():
        definition["title"], definition["description"] = _DEFINITIONS[name]
    _tidy(schema)
    _tidy(definitions)
    properties = schema["properties"]
    properties["doel"]["enum"] = sorted(catalogue.goals)
    properties["departement"]["enum"] = [d.code for d in catalogue.departments]
    properties["periode"]["enum"] = list(catalogue.periods)
    definitions["NumericIndicator"]["properties"]["eenheid"]["enum"] = list(catalogue.units)
    specs = [spec for goal in catalogue.goals.values() for spec in goal.indicators]
    for kind, name in _KIND_DEFINITION.items():
        ids = sorted({s.id for s in specs if s.kind is kind})
        if ids:
            definitions[name]["properties"]["id"]["enum"] = ids
    levels = sorted({level for s in specs for level in s.scale})
    if levels:
        for name in ("OrdinalPoint", "OrdinalTarget", "OrdinalActual"):
            definitions[name]["properties"]["waarde"]["enum"] = levels
    return {
        "$schema": DRAFT_07,
        "$id": f"https://gbvs-report.example/schema/{catalogue.strategy.code}/aanlevering.json",
        "title": f"Aanlevering {catalogue.strategy.short_title}",
        "description": f"Eén aanlevering van een departement voor één doel van de {catalogue.strategy.title}, "
        f"voor één rapportageperiode (catalogus {catalogue.version_label}).",
        **schema,
        "allOf": [
            _per_goal(goal.number, [s.id for s in goal.indicators], list(goal.departments))
            for goal in catalogue.goals.values()
        ],
        "definitions": definitions,
    }


def schema_text(catalogue: Catalogue) -> str:
    """The schema as the file `gbvs schema` prints and `gbvs init` and `gbvs new` write."""
    return json.dumps(submission_schema(catalogue), ensure_ascii=False, indent=2) + "\n"


def _per_goal(number: int, ids: list[str], departments: list[str]) -> dict[str, Any]:
    """Draft-07 if/then: a submission for goal `number` names only that goal's indicators and departments."""
    then: dict[str, Any] = {"properties": {"departement": {"enum": departments}}}
    if ids:
        then["properties"]["indicatoren"] = {"items": {"properties": {"id": {"enum": ids}}}}
    return {"if": {"properties": {"doel": {"const": number}}, "required": ["doel"]}, "then": then}


def _tidy(node: Any) -> None:
    """Drop what draft-07 does not know or an editor would show in English: pydantic's
    `discriminator` and the titles it derives from attribute names."""
    if isinstance(node, dict):
        node.pop("discriminator", None)
        properties = node.get("properties")
        if isinstance(properties, dict):
            for value in properties.values():
                if isinstance(value, dict):
                    value.pop("title", None)
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)
