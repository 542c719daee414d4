"""`gbvs schema` is a valid draft-07 JSON Schema that accepts every example submission and
rejects broken ones (checked with the independent `jsonschema` package); `gbvs explain`
documents every code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, WORKSPACE, run
from jsonschema import Draft7Validator, FormatChecker

from gbvs_report.codes import RULES
from gbvs_report.load import load_document


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def _as_json(value: Any) -> Any:
    """What an editor's YAML language server sees: dates are strings in YAML 1.2 JSON terms."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _data(path: Path) -> Any:
    doc, findings = load_document(path)
    assert doc is not None, findings
    return _as_json(doc.data)


@pytest.mark.parametrize("path", sorted(WORKSPACE.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_submission_is_valid_against_the_schema(path: Path, validator: Draft7Validator) -> None:
    errors = list(validator.iter_errors(_data(path)))
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize(
    "case",
    [
        "unknown-key",
        "wrong-type",
        "wrong-value",
        "missing-field",
        "unknown-goal",
        "catalogue-mismatch",
        "ordinal-scale",
    ],
)
def test_broken_submissions_are_invalid_against_the_schema(case: str, validator: Draft7Validator) -> None:
    path = next((EXAMPLES / "invalid" / case).glob("*.yaml"))
    assert list(validator.iter_errors(_data(path)))


def test_an_indicator_of_another_goal_is_refused(validator: Draft7Validator) -> None:
    data = _data(WORKSPACE / "2020-2021" / "doel-05-DEF.yaml")
    assert validator.is_valid(data)
    data["indicatoren"][0]["id"] = "dreigingsniveau"  # an ordinal indicator of goal 7
    data["indicatoren"][0]["soort"] = "numeriek"
    assert not validator.is_valid(data)


def test_every_field_is_described(validator: Draft7Validator) -> None:
    schema = validator.schema
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    objects = [schema, *schema["definitions"].values()]
    for obj in objects:
        assert obj.get("description"), obj.get("title")
        for name, prop in obj.get("properties", {}).items():
            assert prop.get("description"), name
    assert schema["properties"]["doel"]["enum"] == list(range(1, 14))
    assert "defensie-bbp" in schema["definitions"]["NumericIndicator"]["properties"]["id"]["enum"]


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    result = run("schema", "--output", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run("schema").stdout)
    assert run("schema", "--output", str(tmp_path)).exit_code == 2


def test_schema_of_a_workspace_with_its_own_catalogue(tmp_path: Path) -> None:
    catalogue = Path(__file__).resolve().parent.parent / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml"
    (tmp_path / "catalogus.yaml").write_text(
        catalogue.read_text(encoding="utf-8").replace("nummer: 13", "nummer: 99"), encoding="utf-8"
    )
    schema = json.loads(run("schema", "--workspace", str(tmp_path)).stdout)
    assert 99 in schema["properties"]["doel"]["enum"] and 13 not in schema["properties"]["doel"]["enum"]


def test_every_code_has_title_explanation_and_example() -> None:
    for rule in RULES.values():
        assert rule.title and rule.explanation and rule.example, rule.code
        assert rule.code[0] in "YSCXPB" and len(rule.code) == 4


def test_every_code_is_used_in_an_example_or_test() -> None:
    """No code is registered but never produced: each appears in an expected output or a test."""
    tests = Path(__file__).resolve().parent
    corpus = "".join(p.read_text(encoding="utf-8") for p in tests.rglob("*.txt"))
    corpus += "".join(p.read_text(encoding="utf-8") for p in tests.glob("*.py"))
    unused = [code for code in RULES if code not in corpus]
    assert unused == []


def test_explain_prints_the_rule() -> None:
    result = run("explain", "s003")
    assert result.exit_code == 0
    assert result.stdout == RULES["S003"].describe()
    assert result.stdout.startswith("S003: Verkeerd soort waarde (fout)\n")
    assert "Fout:\n    waarde: '1,37'\nGoed:\n    waarde: 1.37\n" in result.stdout


def test_explain_lists_all_codes() -> None:
    lines = run("explain").stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = run("explain", "S03")
    assert result.exit_code == 2
    assert "Bedoelt u 'S003'?" in result.stderr
