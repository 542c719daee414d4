"""`gbvs fmt`: the layout of `gbvs new`, with every value and comment kept, never on a file with
errors, never half written; `--controleer` for CI and pre-commit."""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, WORKSPACE, run

from gbvs_report.commands import fmt
from gbvs_report.commands.fmt import ORDER, FormatError, format_text
from gbvs_report.load import parse_text

EXAMPLE_FILES = sorted(
    [
        *WORKSPACE.glob("*/*.yaml"),
        *(EXAMPLES / "valid").rglob("*.yaml"),
        *(EXAMPLES / "new").glob("*.yaml"),
        # The handbook's examples, except the one with a YAML syntax error on purpose.
        *(p for p in (ROOT / "docs" / "voorbeelden").rglob("*.yaml") if "vijf-fouten" not in p.parts),
    ]
)
GOOD = WORKSPACE / "2020-2021" / "doel-05-DEF.yaml"


def _data(text: str):
    doc, _ = parse_text(text, Path("x.yaml"), "x.yaml")
    assert doc is not None and not doc.set_aside
    return doc.data


def _comments(text: str) -> Counter:
    """What follows a '#' that starts a comment (at the start of a line or after a space)."""
    return Counter(m.group(1).strip() for m in re.finditer(r"(?:^|[ \t])#(.*)$", text, re.M))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_keeps_its_values_and_comments_and_stays_laid_out(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    laid_out = format_text(text)
    assert _data(laid_out) == _data(text)
    assert _comments(laid_out) == _comments(text)
    assert format_text(laid_out) == laid_out  # idempotent
    assert ": {" not in laid_out  # block style: `nulmeting:` with its keys under it
    assert not re.search(r"^\t| $", laid_out, re.M)


def test_the_layout_of_gbvs_new_is_left_as_it_is() -> None:
    for path in (EXAMPLES / "new").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path.name


SHUFFLED = """\
# Een aanlevering met de sleutels door elkaar.
toelichting:
    vooruitblik: "Vooruitblik"   # wat volgt
    resultaten: 'Resultaten: veel.'
doel: 5
indicatoren:
- streefwaarde: {jaar: 2024, waarde: 2.0}
  soort: numeriek
  realisaties:
  - bron: NAVO
    peildatum: 2022-01-31
    waarde: 1.370
    jaar: 2020
  id: defensie-bbp
  nulmeting: {waarde: 1.12, jaar: 2017}
  eenheid: procent
  opmerking: Zie ook 'de bijlage'.
periode: 2020-2021
departement: DEF
status: op schema
contactpersoon: {email: test@mindef.example, naam: "Test Persoon"}
datum_aanlevering: 2022-02-14
"""

ORDERED = """\
# Een aanlevering met de sleutels door elkaar.
periode: 2020-2021
doel: 5
departement: DEF
contactpersoon:
  naam: Test Persoon
  email: test@mindef.example
datum_aanlevering: 2022-02-14
status: op schema
toelichting:
  resultaten: "Resultaten: veel."
  vooruitblik: Vooruitblik       # wat volgt
indicatoren:
  - id: defensie-bbp
    soort: numeriek
    eenheid: procent
    nulmeting:
      waarde: 1.12
      jaar: 2017
    streefwaarde:
      waarde: 2.0
      jaar: 2024
    realisaties:
      - jaar: 2020
        waarde: 1.370
        peildatum: 2022-01-31
        bron: NAVO
    opmerking: Zie ook 'de bijlage'.
"""


def test_indentation_key_order_block_style_and_quoting() -> None:
    assert format_text(SHUFFLED) == ORDERED
    assert _data(ORDERED) == _data(SHUFFLED)


def test_the_order_names_every_key_of_every_mapping_of_the_format() -> None:
    from gbvs_report.key_places import slots
    from gbvs_report.model.submission import Submission

    assert {slot: set(keys) for slot, keys in slots(Submission).items()} == {
        slot: set(keys) for slot, keys in ORDER.items()
    }


def test_text_that_would_read_as_something_else_keeps_its_quotes() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "naam: J. de Vries (voorbeeld)", "naam: 'yes'\n  telefoon: '070 123 45 67'"
    )
    laid_out = format_text(text)
    assert 'naam: "yes"' in laid_out and "telefoon: 070 123 45 67" in laid_out
    assert _data(laid_out) == _data(text)


# The command.


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "werkmap"
    shutil.copytree(WORKSPACE, target)
    return target


def _bytes(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_names_the_files_writes_nothing_and_fails(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    before = _bytes(folder)
    result = run("fmt", "--controleer", "werkmap")
    assert result.exit_code == 1
    assert "zou worden opgemaakt: werkmap/2020-2021/doel-05-DEF.yaml\n" in result.stdout
    assert _bytes(folder) == before
    assert "zouden worden opgemaakt" in result.stderr


def test_fmt_rewrites_then_check_passes_and_nothing_else_changes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    before = {p: _data(p.read_text(encoding="utf-8")) for p in folder.glob("*/*.yaml")}
    result = run("fmt", "werkmap")
    assert result.exit_code == 0, result.output
    assert "opgemaakt: werkmap/2020-2021/doel-05-DEF.yaml\n" in result.stdout
    assert {p: _data(p.read_text(encoding="utf-8")) for p in folder.glob("*/*.yaml")} == before
    again = run("fmt", "--controleer", str(folder))
    assert again.exit_code == 0 and again.stdout == ""
    assert run("validate", str(folder)).exit_code == 0
    assert not [p for p in folder.rglob(".*.tmp")]


def test_a_file_with_errors_is_never_changed(tmp_path: Path) -> None:
    case = tmp_path / "geval"
    shutil.copytree(EXAMPLES / "invalid" / "five-usual-mistakes", case)
    before = _bytes(case)
    for args in (["fmt"], ["fmt", "--controleer"]):
        result = run(*args, str(case))
        assert result.exit_code == 1
        assert "doel-05-DEF.yaml: niet herschreven: 6 fouten in het bestand; herstel die eerst" in result.stderr
        assert "fout[C012] 12.650 is hier 12,65; bedoelt u 12650?" in result.stderr
        assert _bytes(case) == before


def test_a_mistake_between_files_is_not_a_reason_to_leave_them(tmp_path: Path) -> None:
    case = tmp_path / "dubbel"
    shutil.copytree(EXAMPLES / "invalid" / "duplicate-submission", case)
    assert "fout[X001]" in run("validate", str(case)).stdout
    result = run("fmt", str(case))
    assert result.exit_code == 0, result.output
    assert "X001" not in result.output


def test_a_broken_catalogue_is_said_and_nothing_is_changed(tmp_path: Path) -> None:
    workspace = tmp_path / "werkmap"
    (workspace / "2020-2021").mkdir(parents=True)
    shutil.copy(GOOD, workspace / "2020-2021" / "doel-05-DEF.yaml")
    (workspace / "catalogus.yaml").write_text("strategie: [\n", encoding="utf-8")
    before = _bytes(workspace)
    result = run("fmt", str(workspace))
    assert result.exit_code == 1 and "catalogus.yaml:2:1: fout[Y003]" in result.stderr
    assert _bytes(workspace) == before


def test_one_file_keeps_its_permissions_line_ends_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "2020-2021" / "doel-05-DEF.yaml"
    path.parent.mkdir()
    text = GOOD.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    os.chmod(path, 0o640)
    result = run("fmt", str(path))
    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert b"    nulmeting:\r\n      waarde: 1.08\r\n" in raw


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2020-2021" / "doel-05-DEF.yaml"
    path.parent.mkdir()
    shutil.copy(GOOD, path)
    before = path.read_bytes()

    def broken_replace(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        fmt.format_paths([path], check=False)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["doel-05-DEF.yaml"]  # no temporary file left


def test_a_layout_that_would_change_a_value_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2020-2021" / "doel-05-DEF.yaml"
    path.parent.mkdir()
    shutil.copy(GOOD, path)
    before = path.read_bytes()
    real = fmt._quoted
    monkeypatch.setattr(fmt, "_quoted", lambda value: "anders" if value == "DEF" else real(value))
    with pytest.raises(FormatError):
        format_text(GOOD.read_text(encoding="utf-8"))
    result = run("fmt", str(path))
    assert result.exit_code == 1
    assert "de opmaak zou een waarde veranderen; het bestand blijft zoals het is" in result.stderr
    assert path.read_bytes() == before


def test_a_path_that_is_not_there_is_misuse(tmp_path: Path) -> None:
    result = run("fmt", str(tmp_path / "weg.yaml"))
    assert result.exit_code == 2 and "bestaat niet" in result.stderr
