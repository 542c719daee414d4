"""No input makes the validator crash: the public YAML test suite, hostile files and
random mutations of real submissions all end in located findings, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbvs_report.validate import check_file
from gbvs_report.workspace import load_catalogue

SUITE = Path(__file__).resolve().parent / "yaml-test-suite"
SUITE_FILES = sorted(SUITE.glob("*.yaml"))
EXAMPLES = sorted(WORKSPACE.glob("*/*.yaml"))


@pytest.fixture(scope="module")
def suite_report() -> dict:
    before = {p: p.read_bytes() for p in SUITE_FILES}
    result = run("validate", "--format", "json", str(SUITE))
    assert result.exit_code == 1
    assert {p: p.read_bytes() for p in SUITE_FILES} == before, "an input file was modified"
    by_file: dict[Path, list[dict]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        by_file.setdefault(Path(d["file"]).resolve(), []).append(d)
    return by_file


def test_the_whole_suite_is_there() -> None:
    assert len(SUITE_FILES) == 402
    assert (SUITE / "LICENSE").is_file()


@pytest.mark.parametrize("path", SUITE_FILES, ids=lambda p: p.name)
def test_every_yaml_test_suite_file_gets_located_errors(path: Path, suite_report: dict) -> None:
    mine = suite_report.get(path, [])
    assert any(d["severity"] == "error" for d in mine), path.name
    for d in mine:
        assert d["line"] >= 1 and d["column"] >= 1, d
        assert d["message"] and d["code"][0] in "YSC"


def test_suite_error_files_are_refused_as_yaml() -> None:
    """The documents the suite marks as invalid YAML mostly fail in the YAML layer, not later."""
    result = run("validate", "--format", "json", *map(str, SUITE.glob("*.error.yaml")))
    by_file: dict[str, set[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        by_file.setdefault(d["file"], set()).add(d["code"][0])
    yaml_layer = sum("Y" in codes for codes in by_file.values())
    assert yaml_layer / len(by_file) > 0.9


def _validate_in_subprocess(path: Path) -> subprocess.CompletedProcess[str]:
    """A crash in C code would take pytest down with it: run such inputs in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "gbvs_report", "validate", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


DEEP = [
    "[" * 300_000 + "]" * 300_000,
    "a:\n" + "".join(" " * i + "- x:\n" for i in range(1, 1200)),
    "- " * 200_000 + "x\n",
]


@pytest.mark.parametrize("text", DEEP, ids=["flow", "block", "compact"])
def test_deep_nesting_is_refused_without_crashing(tmp_path: Path, text: str) -> None:
    path = tmp_path / "diep.yaml"
    path.write_text(text, encoding="utf-8")
    result = _validate_in_subprocess(path)
    assert result.returncode == 1, result.stderr
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes & {"Y015", "Y003"}, codes


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _validate_in_subprocess(path)
    assert result.returncode == 1
    first = json.loads(result.stdout)["diagnostics"][0]
    assert (first["code"], first["line"], first["column"]) == ("Y011", 1, 4)


def test_a_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "groot.yaml"
    path.write_text("toelichting: " + "x" * 1_100_000 + "\n", encoding="utf-8")
    result = run("validate", "--format", "concise", str(path))
    assert result.exit_code == 1
    assert "fout[Y014]" in result.stdout


# Mutations of real submissions: delete a line, truncate, insert junk, change a value's type.
JUNK = st.text(alphabet=st.sampled_from(list("ab09 :-[]{}&*!|>'\"#%@\t\n,.?~\\\u00e9\u202e\x00\x1b")), max_size=12)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = EXAMPLES[draw(st.integers(0, len(EXAMPLES) - 1))].read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["delete", "truncate", "insert", "retype", "dedent"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if operation == "delete":
            del lines[index]
        elif operation == "truncate":
            joined = "".join(lines)
            lines = [joined[: draw(st.integers(0, len(joined)))]]
        elif operation == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(JUNK) + line[at:]
        elif operation == "retype" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            value = draw(
                st.sampled_from(["", " 12", " '12'", " [1, 2]", " {a: 1}", " true", " 2021-02-30", " null", " ~"])
            )
            lines[index] = f"{key}:{value}\n"
        elif operation == "dedent":
            lines[index] = lines[index].lstrip(" ")
    return "".join(lines).encode("utf-8", errors="surrogatepass")


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_submissions_give_located_findings_not_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    catalogue, _ = load_catalogue()
    folder = tmp_path_factory.mktemp("mutatie") / "2020-2021"
    folder.mkdir()
    path = folder / "doel-05-DEF.yaml"
    path.write_bytes(content)
    checked = check_file(path, catalogue)
    for finding in checked.findings:
        assert finding.line >= 1 and finding.column >= 1, finding
    assert path.read_bytes() == content
    errors = any(f.severity.value == "error" for f in checked.findings)
    assert checked.ok == (checked.submission is not None and not errors)


def test_infinite_and_not_a_number_values_are_refused(tmp_path: Path) -> None:
    source = (WORKSPACE / "2020-2021" / "doel-05-DEF.yaml").read_text(encoding="utf-8")
    path = tmp_path / "doel-05-DEF.yaml"
    path.write_text(
        source.replace("waarde: 1.08", "waarde: .nan").replace("waarde: 2.0", "waarde: .inf"), encoding="utf-8"
    )
    result = run("validate", "--format", "json", str(path))
    found = [(d["code"], d["path"][-2]) for d in json.loads(result.stdout)["diagnostics"]]
    assert result.exit_code == 1
    assert found == [("S003", "nulmeting"), ("S003", "streefwaarde")]


def test_every_yaml_error_in_the_suite_is_explained_in_dutch(suite_report: dict) -> None:
    """libyaml's English problem text only shows through for messages nobody has translated."""
    untranslated = {d["message"] for found in suite_report.values() for d in found if "klopt niet (" in d["message"]}
    assert untranslated == set()
