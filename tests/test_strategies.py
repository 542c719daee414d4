"""A strategy is data: units, rhythm, level names and status rule come from the catalogue.

Both shipped strategies render; a third, written here with a unit and a rhythm that are not
shipped, goes through init, new, validate, report and export without a change to the code;
every new catalogue field is checked with located findings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, report_file, run
from ruamel.yaml import YAML

from gbvs_report.load import load_document
from gbvs_report.model.catalogue import Catalogue, shipped_catalogues
from gbvs_report.model.submission import OverallStatus
from gbvs_report.rules.catalogue import catalogue_findings
from gbvs_report.validation import parse_model
from gbvs_report.workspace import load_catalogue

VS_EXAMPLE = ROOT / "voorbeelden" / "vs-2023-2029"


def _text(html_file: Path) -> str:
    """The report's text without markup, spaces folded."""
    text = unescape(re.sub(r"<[^>]+>", " ", html_file.read_text(encoding="utf-8")))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _render(workspace: Path, output: Path, *extra: str) -> str:
    result = run("report", "--html-only", "-w", str(workspace), "-o", str(output), *extra)
    assert result.exit_code == 0, result.output
    html_file = report_file(output)
    return _text(html_file)


def test_both_shipped_catalogues_load_and_end_with_their_strategy() -> None:
    assert set(shipped_catalogues()) >= {"gbvs-2018-2022", "vs-2023-2029"}
    gbvs, findings = load_catalogue(shipped_catalogues()["gbvs-2018-2022"])
    assert findings == [] and gbvs is not None
    assert gbvs.periods == ("2018-2019", "2020-2021", "2022")
    vs, findings = load_catalogue(shipped_catalogues()["vs-2023-2029"])
    assert findings == [] and vs is not None
    assert vs.periods == ("2023-2024", "2025-2026", "2027-2028", "2029")
    assert vs.previous_period("2025-2026") == "2023-2024" and vs.previous_period("2023-2024") == "2021-2022"
    assert [p.name for p in vs.pillars] == [
        "Een veilig Koninkrijk in een multipolaire wereld",
        "Een weerbare democratische rechtsorde",
        "Een parate en veerkrachtige samenleving",
    ]
    assert sorted(vs.goals) == list(range(1, 13))
    assert (vs.levels.group.singular, vs.levels.goal.plural) == ("hoofddoelstelling", "actielijnen")
    assert all("niet nagekeken" in g.source and "voorbeelddata" in g.source for g in vs.goals.values())
    assert "personen" in vs.units and "personen" not in gbvs.units


def test_the_gbvs_report_names_its_levels_and_explains_the_status_rule(tmp_path: Path) -> None:
    text = _render(WORKSPACE, tmp_path)
    assert "Pijler 1: Voorkomen" in text and "Doel 5: " in text
    assert "Leeswijzer" in text and "de minst gunstige status" in text
    assert (
        "Over de voortgang wordt elke twee jaar gerapporteerd." in text
        and "kent dertien doelen in drie pijlers" in text
    )


def test_the_vs_example_validates_and_renders_as_a_draft(tmp_path: Path) -> None:
    result = run("validate", str(VS_EXAMPLE))
    assert result.exit_code == 0, result.stdout
    assert "0 fouten, 0 waarschuwingen" in result.stderr
    text = _render(VS_EXAMPLE, tmp_path, "--draft")
    assert "Voortgangsrapportage Veiligheidsstrategie voor het Koninkrijk der Nederlanden" in text
    assert "Hoofddoelstelling 1: Een veilig Koninkrijk in een multipolaire wereld" in text
    assert "Actielijn 5: Bestrijden van georganiseerde ondermijnende criminaliteit" in text
    assert "kent twaalf actielijnen in drie hoofddoelstellingen" in text
    assert "€ 312,6 mln." in text and "2.400 personen" in text
    assert "titel vertaald uit de Engelse uitgave van de strategie; de Nederlandse titel is niet nagekeken" in text
    assert not re.search(r"\b[Pp]ijlers?\b|\bdoelen\b|\bGBVS\b", text)


def test_the_vs_example_renders_as_pdf(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    result = run("report", "--draft", "-w", str(VS_EXAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdf = report_file(tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


THIRD = """\
strategie:
  code: kv-2030-2032
  titel: Klimaatveiligheidsstrategie 2030-2032
  afkorting: KVS
  versie: "1"
  eerste_jaar: 2030
  laatste_jaar: 2032
  kamerstuk: "99 999, nr. 1"
niveaus:
  groep: {enkelvoud: thema, meervoud: thema's}
  doel: {enkelvoud: opgave, meervoud: opgaven}
periode_jaren: 1
statusregel: meerderheid
eenheden:
  - {code: ton, achter: " ton", decimalen: 1, vaste_decimalen: true}
  - {code: procent, achter: "%"}
departementen:
  - {code: IenW, naam: Ministerie van Infrastructuur en Waterstaat}
  - {code: LNV, naam: "Ministerie van Landbouw, Natuur en Voedselkwaliteit"}
pijlers:
  - code: uitstoot
    naam: Minder uitstoot
    doelen:
      - nummer: 1
        titel: Minder methaan
        eerstverantwoordelijk: LNV
        bijdragend: [IenW]
        indicatoren:
          - {id: methaan, naam: Uitstoot van methaan, soort: numeriek, eenheid: ton, stijgend: false,
             departement: LNV}
"""


def test_a_third_strategy_needs_no_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The strategy runs from 2030: the round is set in mid-2033, when its figures exist.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2001289600")  # 1 June 2033
    catalogue_file = tmp_path / "kvs.yaml"
    catalogue_file.write_text(THIRD, encoding="utf-8")
    repo = tmp_path / "repo"
    result = run("init", str(repo), "--catalogus", str(catalogue_file), "--period", "2031")
    assert result.exit_code == 0, result.output
    ws = repo / "indicators"
    assert (ws / "2031").is_dir()
    assert "titel: Voortgangsrapportage Klimaatveiligheidsstrategie 2030-2032" in (ws / "gbvs.yaml").read_text()
    schema = json.loads(run("schema", "-w", str(ws)).stdout)
    assert schema["definitions"]["NumericIndicator"]["properties"]["eenheid"]["enum"] == ["ton", "procent"]
    assert schema["properties"]["periode"]["enum"] == ["2030", "2031", "2032"]

    for department in ("LNV", "IenW"):
        assert run("new", "-g", "1", "-d", department, "-w", str(ws)).exit_code == 0
    yaml = YAML()
    filled = {"LNV": "op schema", "IenW": "vertraagd"}
    for department, status in filled.items():
        path = ws / "2031" / f"doel-01-{department}.yaml"
        data = yaml.load(path.read_text(encoding="utf-8"))
        assert data["periode"] in ("2031", 2031)
        data["contactpersoon"].update(naam="A. Ambtenaar", email="a.ambtenaar@minlnv.example")
        data.update(datum_aanlevering=dt.date(2032, 2, 1), status=status)
        data["toelichting"].update(resultaten="Bereikt.", vooruitblik="Verder.")
        for indicator in data["indicatoren"]:
            assert indicator["eenheid"] == "ton"
            indicator["nulmeting"].update(waarde=20.0, jaar=2029)
            indicator["streefwaarde"].update(waarde=10.0, jaar=2032)
            [actual] = indicator["realisaties"]  # one year per period
            actual.update(jaar=2031, waarde=12.5, peildatum=dt.date(2032, 1, 15), bron="Emissieregistratie")
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    if not any((ws / "2031").glob("doel-01-IenW.yaml")):
        pytest.fail("IenW has no file")
    settings = (ws / "gbvs.yaml").read_text(encoding="utf-8")
    (ws / "gbvs.yaml").write_text(  # the coordinator writes the letter init left open
        settings[: settings.index("\nkernboodschappen:")]
        + "\nbrief:\n  datum: 2033-05-01\n  onderwerp: Voortgangsrapportage KVS over 2031\n"
        "  tekst: De uitstoot daalt.\n  ondertekening: {functie: De Minister van Landbouw}\n",
        encoding="utf-8",
    )
    result = run("validate", str(ws))
    assert result.exit_code == 0, result.stdout

    text = _render(ws, tmp_path / "rapport")
    assert "Thema 1: Minder uitstoot" in text and "Opgave 1: Minder methaan" in text
    assert "12,5 ton" in text and "20,0 ton" in text
    assert "Over de voortgang wordt elk jaar gerapporteerd." in text and "in het jaar 2031" not in text
    assert "de status die de meeste departementen ervoor melden" in text

    out = tmp_path / "open-data"
    result = run("export", "-w", str(ws), "-f", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert ",ton," in (out / "indicatorwaarden.csv").read_text(encoding="utf-8")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    [unit_field] = [f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "eenheid"]
    assert unit_field["constraints"]["enum"] == ["ton", "procent"]
    assert "ton: 1.234,5 ton" in unit_field["description"]
    [period_field] = [f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "periode"]
    assert period_field["constraints"]["enum"] == ["2030", "2031", "2032"]


def test_the_status_rules() -> None:
    catalogue, _ = load_catalogue()
    assert catalogue is not None
    statuses = [OverallStatus.ON_TRACK, OverallStatus.ON_TRACK, OverallStatus.DELAYED]
    assert catalogue.goal_status(statuses) is OverallStatus.DELAYED
    majority = catalogue.model_copy(update={"status_rule": "meerderheid"})
    assert majority.goal_status(statuses) is OverallStatus.ON_TRACK
    assert majority.goal_status([OverallStatus.ON_TRACK, OverallStatus.ATTENTION]) is OverallStatus.ATTENTION
    assert majority.goal_status([]) is None


def test_init_picks_a_shipped_catalogue_by_name(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "a"), "--catalogus", "vs-2023-2029", "--period", "2029")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "a" / "indicators" / "catalogus.yaml").read_text(encoding="utf-8")
    assert written == shipped_catalogues()["vs-2023-2029"].read_text(encoding="utf-8")
    assert run("init", str(tmp_path / "b"), "--catalogue", "vs-2023-2029").exit_code == 0  # the old name
    result = run("init", str(tmp_path / "c"), "--catalogus", "vs-2023-2030")
    assert result.exit_code == 2 and "Bedoelt u 'vs-2023-2029'?" in result.stderr


def _findings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "catalogus.yaml"
    path.write_text(text, encoding="utf-8")
    doc, found = load_document(path)
    assert doc is not None and found == []
    catalogue, found = parse_model(doc, Catalogue)
    if catalogue is None:
        return [d.concise().replace(str(path), "catalogus.yaml") for d in found]
    return [d.concise().replace(str(path), "catalogus.yaml") for d in catalogue_findings(doc, catalogue)]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("eenheid: ton", "eenheid: tonnen"),
            "catalogus.yaml:29:81: fout[C008] eenheid 'tonnen' van indicator 'methaan' staat niet in de eenheden van de "
            "catalogus (ton, procent). Bedoelt u 'ton'?",
        ),
        (
            ("periode_jaren: 1", "periode_jaren: 1\nperioden: [2030, 2031-2032]"),
            "catalogus.yaml:12:16: fout[C008] geef 'periode_jaren' of 'perioden', niet allebei",
        ),
        (
            ("periode_jaren: 1", "perioden: [2030-2031, 2032-2033]"),
            "catalogus.yaml:12:23: fout[C008] periode '2032-2033' valt buiten de looptijd van de strategie (2030-2032)",
        ),
        (
            ("periode_jaren: 1", "perioden: [2031-2032, 2030]"),
            "catalogus.yaml:12:23: fout[C008] periode '2030' overlapt de periode ervoor of staat er niet na",
        ),
        (
            ("statusregel: meerderheid", "statusregel: meerderheit"),
            "catalogus.yaml:13:14: fout[C008] statusregel 'meerderheit' bestaat niet; kies uit: minst-gunstig, meerderheid. "
            "Bedoelt u 'meerderheid'?",
        ),
        (
            ('{code: ton, achter: " ton", decimalen: 1, vaste_decimalen: true}', "{code: ton, enkelvoud: ton}"),
            "catalogus.yaml:15:5: fout[C008] eenheid 'ton' heeft een enkelvoud en een meervoud nodig, of geen van beide",
        ),
    ],
)
def test_every_new_catalogue_field_is_checked_with_a_located_finding(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert THIRD.count(change[0]) == 1
    assert _findings(tmp_path, THIRD.replace(*change)) == [expected]


def test_a_bad_rhythm_length_is_a_model_error(tmp_path: Path) -> None:
    [finding] = _findings(tmp_path, THIRD.replace("periode_jaren: 1", "periode_jaren: 0"))
    assert finding.startswith("catalogus.yaml:12:16: fout[") and "periode_jaren" in finding


def test_a_last_period_of_one_year_gets_one_realisation_per_indicator(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--catalogus", "vs-2023-2029", "--period", "2029").exit_code == 0
    ws = tmp_path / "indicators"
    assert run("new", "-g", "5", "-d", "JenV", "-w", str(ws)).exit_code == 0
    data = YAML(typ="safe").load((ws / "2029" / "doel-05-JenV.yaml").read_text(encoding="utf-8"))
    assert str(data["periode"]) == "2029"
    assert [[a["jaar"] for a in i["realisaties"]] for i in data["indicatoren"]] == [[2029], [2029]]
    result = run("new", "-g", "5", "-d", "JenV", "-p", "2029-2030", "-w", str(ws))
    assert result.exit_code == 2 and "kies uit: 2023-2024, 2025-2026, 2027-2028, 2029" in result.stderr


def test_the_settings_may_name_a_catalogue_and_a_wrong_name_is_located(tmp_path: Path) -> None:
    (tmp_path / "gbvs.yaml").write_text("organisatie: X\ncatalogus: vs-2023-2028\n", encoding="utf-8")
    (tmp_path / "2023-2024").mkdir()
    submission = VS_EXAMPLE / "2023-2024" / "doel-05-JenV.yaml"
    (tmp_path / "2023-2024" / submission.name).write_bytes(submission.read_bytes())
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "gbvs.yaml:2:12: fout[C008] catalogus 'vs-2023-2028' is geen meegeleverde catalogus" in result.stdout
    (tmp_path / "gbvs.yaml").write_text("catalogus: vs-2023-2029\n", encoding="utf-8")
    schema = json.loads(run("schema", "-w", str(tmp_path)).stdout)
    assert schema["title"] == "Aanlevering Veiligheidsstrategie"
