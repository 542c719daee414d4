"""Loading keeps the way back to line and column, and turns every failure into a finding."""

from __future__ import annotations

from pathlib import Path

from gbvs_report.load import load_document

TEXT = """\
periode: 2020-2021
contactpersoon:
  naam: A
  email: a@b.nl
indicatoren:
  - id: x
    nulmeting: {waarde: 1.5, jaar: 2017}
  - id: y
"""


def _doc(tmp_path: Path, text: str = TEXT):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_plain_data_and_no_findings(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path)
    assert findings == []
    assert doc.data["indicatoren"][0]["nulmeting"]["waarde"] == 1.5


def test_locate_values_keys_and_items(tmp_path: Path) -> None:
    doc, _ = _doc(tmp_path)
    assert doc.locate(("periode",)) == (1, 10)
    assert doc.locate(("periode",), key=True) == (1, 1)
    assert doc.locate(("contactpersoon", "email")) == (4, 10)
    assert doc.locate(("indicatoren", 1)) == (8, 5)
    assert doc.locate(("indicatoren", 0, "nulmeting", "jaar")) == (7, 36)


def test_locate_missing_key_gives_the_parent_mapping(tmp_path: Path) -> None:
    doc, _ = _doc(tmp_path)
    assert doc.locate(("contactpersoon", "telefoon")) == doc.locate(("contactpersoon",))


def test_syntax_error_is_located(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert doc is None
    assert [(f.code, f.line) for f in findings] == [("Y003", 3)]


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a:\n\tb: 1\n")
    assert doc is None and findings[0].code == "Y008"
    assert (findings[0].line, findings[0].column) == (2, 1)


def test_unreadable_file(tmp_path: Path) -> None:
    doc, findings = load_document(tmp_path)  # a folder is not a file
    assert doc is None and findings[0].code == "Y001"
