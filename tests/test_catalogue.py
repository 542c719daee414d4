"""The strategy catalogue is data, and it is itself validated."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import WORKSPACE, finish_letter, report_file, run

from gbvs_report.model.catalogue import DEFAULT_CATALOGUE
from gbvs_report.workspace import load_catalogue

SEED_TITLES = {
    1: "Conflictpreventie rond Europa & het Koninkrijk",
    2: "Wegnemen voedingsbodem voor terrorisme",
    3: "Ontwapening, wapenbeheersing, non-proliferatie van massavernietigingswapens",
    4: "Internationaal normatief kader voor cyberactiviteiten",
    5: "Moderne verdediging en bewaking van ons grondgebied en dat van de NAVO",
    6: "Cyberafschrikking met slagkracht",
    7: "Terrorismebestrijding",
    8: "Maatschappelijke weerbaarheid tegen buitenlandse inmenging",
    9: "Borgen van de economische veiligheid",
    10: "Aanpakken grensoverschrijdende criminaliteit",
    11: "Versterken van internationale rechtsorde",
    12: "Versterken internationale veiligheidssamenwerking",
    13: "Robuuste en evenwichtige inzet van geïntegreerd grensbeheer en -controle",
}


def test_shipped_catalogue_has_the_strategy_structure() -> None:
    catalogue, findings = load_catalogue()
    assert findings == [] and catalogue is not None
    assert [p.name for p in catalogue.pillars] == ["Voorkomen", "Verdedigen", "Versterken"]
    assert {n: g.title for n, g in catalogue.goals.items()} == SEED_TITLES
    assert [len(p.goals) for p in catalogue.pillars] == [4, 6, 3]
    assert catalogue.periods == ("2018-2019", "2020-2021", "2022")
    kinds = {spec.kind.value for g in catalogue.goals.values() for spec in g.indicators}
    assert kinds == {"numeriek", "ordinaal", "mijlpaal"}


def _workspace_with_catalogue(tmp_path: Path, text: str) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(WORKSPACE / "2020-2021", ws / "2020-2021")
    (ws / "catalogus.yaml").write_text(text, encoding="utf-8")
    return finish_letter(ws)


def test_broken_catalogue_is_reported_with_position(tmp_path: Path, monkeypatch) -> None:
    text = DEFAULT_CATALOGUE.read_text(encoding="utf-8").replace(
        "eerstverantwoordelijk: BZK", "eerstverantwoordelijk: XYZ"
    )
    ws = _workspace_with_catalogue(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "eerstverantwoordelijk: XYZ" in t)
    monkeypatch.chdir(ws)
    result = run("validate", ".")
    assert result.exit_code == 1
    assert (
        f"catalogus.yaml:{line}:32: fout[C008] departement 'XYZ' staat niet in de lijst van departementen"
        in result.stdout
    )


def test_workspace_catalogue_replaces_the_default(tmp_path: Path, monkeypatch) -> None:
    """Another strategy without code changes: rename goal 5 and the report follows."""
    text = DEFAULT_CATALOGUE.read_text(encoding="utf-8").replace(
        "titel: Moderne verdediging en bewaking van ons grondgebied en dat van de NAVO", "titel: Eigen doel vijf"
    )
    ws = _workspace_with_catalogue(tmp_path, text)
    result = run("report", "--workspace", str(ws), "--output", str(tmp_path / "out"), "--html-only")
    assert result.exit_code == 0, result.output
    html = report_file(tmp_path / "out").read_text(encoding="utf-8")
    assert "Eigen doel vijf" in html and "bewaking van ons grondgebied" not in html
