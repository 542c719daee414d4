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


def test_syntax_error_is_located_where_the_bracket_opens(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert [(f.code, f.line, f.column) for f in findings] == [("Y003", 2, 4)]
    assert "de haak '[' die hier begint, wordt niet gesloten" in findings[0].message


def test_the_rest_of_the_file_is_read_past_a_syntax_error(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert doc is not None and doc.data == {"a": 1, "c": 3}
    assert doc.set_aside == {2: 2}
    assert findings[0].hint.endswith("Voor de rest van de controle is regel 2 overgeslagen.")


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a:\n\tb: 1\n")
    assert findings[0].code == "Y008"
    assert (findings[0].line, findings[0].column) == (2, 1)
    assert doc is not None and doc.set_aside == {2: 2} and doc.data == {"a": None}


def test_a_second_syntax_error_is_found_and_marked(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, 'a: "open\nb: 1\nc: [x\nd: 2\n')
    assert [(f.code, f.line) for f in findings] == [("Y003", 1), ("Y003", 3)]
    assert "mogelijk een gevolg van de syntaxfout op regel 1" in findings[1].message
    assert doc is not None and doc.data == {"b": 1, "d": 2} and doc.set_aside == {1: 1, 3: 3}


def test_what_cannot_be_got_past_is_said(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: 1\n---\nb: 2\n")
    assert findings[0].code == "Y009" and doc is not None and doc.data == {"a": 1}
    assert "regels 2 tot en met 3 overgeslagen" in findings[0].hint


def test_hostile_text_after_a_syntax_error_is_still_refused(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, 'a: "open\nb: &x [1]\nc: *x\n')
    assert doc is None
    assert [f.code for f in findings] == ["Y003", "Y011", "Y011"]


def test_a_comma_inside_braces_is_read_back_as_written(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "n: {waarde: 1,12, jaar: 2017}\nm: {a: 1, 12, b: 2}\n")
    assert findings == []
    assert doc.data == {"n": {"waarde": "1,12", "jaar": 2017}, "m": {"a": 1, 12: None, "b": 2}}
    assert doc.comma_joined == {("n", "waarde")}


def test_numbers_with_three_decimals_are_noted_as_written(tmp_path: Path) -> None:
    doc, _ = _doc(tmp_path, "a: 12.650\nb: 12.65\nc: '1.000'\nd: 1234.500\ne: 0.125\nf: -1.000\n")
    assert doc.data["a"] == 12.65
    assert doc.three_decimals == {("a",): "12.650", ("f",): "-1.000"}


def test_unreadable_file(tmp_path: Path) -> None:
    doc, findings = load_document(tmp_path / "weg.yaml")  # a file that is not there
    assert doc is None and findings[0].code == "Y001"
    doc, findings = load_document(tmp_path)  # a folder is not a regular file
    assert doc is None and findings[0].code == "Y018"


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    doc, _ = _doc(tmp_path, "naam: Ministerie van Buitenlandse Zaken\nbron: € één, daarna x\nwaarde: 1\n")
    assert doc.locate(("waarde",)) == (3, 9)
    doc, _ = _doc(tmp_path, "a: ééé\nb: [é, x]\n")
    assert doc.locate(("b", 1)) == (2, 8)


def test_positions_come_from_the_one_parse(tmp_path: Path, monkeypatch) -> None:
    """A clean file is parsed once: locating a finding does not parse it again."""
    from gbvs_report import load, yaml_nodes

    doc, _ = _doc(tmp_path)
    monkeypatch.setattr(load, "Composer", None)
    monkeypatch.setattr(yaml_nodes, "Composer", None)  # a second parse would fail loudly
    assert doc.locate(("indicatoren", 0, "nulmeting", "jaar")) == (7, 36)


def test_loading_goes_on_after_a_duplicate_key_and_an_impossible_date(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: 1\nb: 2021-02-30\na: 2\nc: [1, 2]\n")
    assert doc is not None
    assert [(f.code, f.line, f.column) for f in findings] == [("Y006", 2, 4), ("Y004", 3, 1)]
    assert "eerder op regel 1" in findings[1].message
    assert doc.data == {"a": 1, "b": "2021-02-30", "c": [1, 2]}
    assert doc.reported == {("b",)}


def test_yaml_1_2_scalars(tmp_path: Path) -> None:
    doc, findings = _doc(tmp_path, "a: yes\nb: 0x1F\nc: 1e3\nd: ~\ne: 2021-02-03\nf: 1_000\ng: .inf\nh: 007\n")
    assert doc.data["a"] == "yes" and doc.data["b"] == 31 and doc.data["c"] == 1000.0 and doc.data["d"] is None
    assert str(doc.data["e"]) == "2021-02-03" and doc.data["f"] == 1000 and doc.data["g"] == float("inf")
    assert doc.data["h"] == 7 and [f.code for f in findings] == ["Y017"]


def test_refused_constructs_are_located(tmp_path: Path) -> None:
    cases = {
        "a: &x 1\n": ("Y011", 1, 4),
        "a: !!str 1\n": ("Y012", 1, 4),
        "a: 1\n<<: {b: 2}\n": ("Y013", 2, 1),
        "a: 1\n---\nb: 2\n": ("Y009", 2, 1),
        "[" * 40 + "]" * 40: ("Y015", 1, 33),
    }
    for text, expected in cases.items():
        _, findings = _doc(tmp_path, text)
        assert (findings[0].code, findings[0].line, findings[0].column) == expected, text


def test_a_bom_is_a_warning_and_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    doc, findings = load_document(path)
    assert doc.data == {"a": 1} and [(f.code, f.severity.value) for f in findings] == [("Y010", "warning")]


def test_markdown_emphasis_does_not_cost_an_event_scan() -> None:
    from gbvs_report.load import _needs_scan

    assert not _needs_scan("a: |\n  De **uitgaven** stegen, zie *bijlage* & tabel!\n")
    assert _needs_scan("a: &anker 1\n") and _needs_scan("- !tag x\n") and _needs_scan("a: [{b: !t 1}]\n")
    assert not _needs_scan("a:\n" + " " * 20 + "b: 1\n" + "c: [1]\n" * 100)  # nesting is measured while building
    assert _needs_scan("a:\n" + " " * 1000 + "b: 1\n") and _needs_scan("[" * 2000)
