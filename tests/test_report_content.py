"""What the report says: the letter from the settings, the summary and the changes since the
previous report, the charts, the annexes, and the trace from every figure back to its file
and line. The example workspace is rendered once (HTML) and parsed back."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, WORKSPACE, report_file, run

PERIOD = "2020-2021"
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    result = run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out), "--html-only")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def soup(out: Path) -> BeautifulSoup:
    return BeautifulSoup(report_file(out).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def accountability(out: Path) -> BeautifulSoup:
    return BeautifulSoup(next(out.glob("*-verantwoording.html")).read_text(encoding="utf-8"), "html.parser")


def letter_of(folder: Path) -> BeautifulSoup:
    return BeautifulSoup(next(folder.glob("*-kamerbrief*.html")).read_text(encoding="utf-8"), "html.parser")


def text(tag) -> str:
    return re.sub(r" ([,.:;])", r"\1", re.sub(r"\s+", " ", tag.get_text(" ", strip=True)))


def test_letter_comes_from_the_settings_file(out: Path, soup: BeautifulSoup) -> None:
    letter = letter_of(out).find("article", id="brief")
    assert letter.find(class_="letter-dossier") is None  # the heading of a published letter, not a sent one
    assert text(letter.find(class_="letter-addressee")) == (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Postbus 20018 2500 EA Den Haag"
    )
    assert text(letter.find(class_="letter-date")) == "15 april 2022"
    assert [text(s) for s in letter.select(".letter-signature")] == [
        "De Minister van Buitenlandse Zaken, A.B. de Minister (voorbeeld)",
        "De Minister van Defensie, C.D. de Minister (voorbeeld)",
    ]
    assert text(letter.find(class_="letter-opening")).startswith(
        "Hierbij ontvangt u, mede namens de Minister van Justitie en Veiligheid, de Minister van "
        "Binnenlandse Zaken en Koninkrijksrelaties en de Minister van Economische Zaken en Klimaat, de "
    )
    assert "Kamerstuk 33 694, nr. 12" in text(letter.find(class_="letter-body"))
    assert soup.find(id="brief") is None  # the report is the letter's bijlage, without it
    title_page = soup.find("header", class_="title-page")
    assert "33 694 Internationale Veiligheidsstrategie" in text(title_page)
    assert "15 april 2022" in text(title_page)


def test_letter_follows_changed_settings(workspace_copy: Path, tmp_path: Path) -> None:
    settings = workspace_copy / "gbvs.yaml"
    changed = (
        settings.read_text(encoding="utf-8")
        .replace("datum: 2022-04-15", "datum: 2022-05-02")
        .replace("functie: De Minister van Buitenlandse Zaken", "functie: De Staatssecretaris van Defensie")
    )
    settings.write_text(changed, encoding="utf-8")
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path), "--html-only").exit_code == 0
    letter = letter_of(tmp_path).find(id="brief")
    assert text(letter.find(class_="letter-date")) == "2 mei 2022"
    assert text(letter.find(class_="letter-signature")).startswith("De Staatssecretaris van Defensie,")
    assert "BRIEF VAN" not in text(letter)


def test_a_wrong_settings_key_is_a_located_finding(workspace_copy: Path, tmp_path: Path) -> None:
    settings = workspace_copy / "gbvs.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  kenmerk:", "  kenmerkk:"), encoding="utf-8")
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 1
    assert re.search(r"gbvs\.yaml:\d+:3: fout\[S001\] .*'kenmerkk'.*Bedoelt u 'kenmerk'", result.stdout)
    assert not (tmp_path / "o").exists()


def test_summary_counts_goals_per_status(soup: BeautifulSoup) -> None:
    table = soup.find("table", class_="status-counts")
    assert table.caption is not None and all(th["scope"] for th in table.find_all("th"))
    counts = {text(row.th): int(text(row.td)) for row in table.tbody.find_all("tr")}
    statuses = [text(td).split(" ", 1)[1] for td in soup.select("table.summary-table td.status")]
    for label, count in counts.items():
        assert count == statuses.count(label.split(" ", 1)[1]), label
    assert counts == {
        "✔ afgerond": 0,
        "● op schema": 6,
        "▲ vraagt aandacht": 6,
        "■ vertraagd": 1,
        "○ geen aanlevering": 0,
    }
    assert text(table.tfoot) == "Totaal 13"


def test_summary_lists_the_changes_since_the_previous_report(soup: BeautifulSoup) -> None:
    statuses = [text(li) for li in soup.select("ul.status-changes li")]
    assert statuses == [
        "Doel 1. Conflictpreventie rond Europa & het Koninkrijk: verslechterd, van ● op schema naar ▲ vraagt aandacht.",
        "Doel 3. Ontwapening, wapenbeheersing, non-proliferatie van massavernietigingswapens: verslechterd, "
        "van ● op schema naar ■ vertraagd.",
        "Doel 4. Internationaal normatief kader voor cyberactiviteiten: verbeterd, van ▲ vraagt aandacht naar ● op schema.",
        "Doel 6. Cyberafschrikking met slagkracht: verbeterd, van ■ vertraagd naar ▲ vraagt aandacht.",
        "Doel 8. Maatschappelijke weerbaarheid tegen buitenlandse inmenging: verbeterd, van ▲ vraagt aandacht "
        "naar ● op schema.",
        "Doel 10. Aanpakken grensoverschrijdende criminaliteit: verslechterd, van ● op schema naar ▲ vraagt aandacht.",
        "Doel 13. Robuuste en evenwichtige inzet van geïntegreerd grensbeheer en -controle: verslechterd, "
        "van ● op schema naar ▲ vraagt aandacht.",
    ]
    targets = [text(li) for li in soup.select("ul.target-changes li")]
    assert targets == [
        "Officiële ontwikkelingshulp (ODA) als percentage van het bni (Buitenlandse Zaken, doel 1): is verder van de streefwaarde "
        "af komen te liggen; 0,63% in 2019, 0,57% in 2021 (streefwaarde 0,7% in 2022, een voorbeeld en geen "
        "vastgestelde doelstelling).",
        "Gemeenschappelijke onderzoeksteams (JIT's) met Nederlandse deelname (Justitie en Veiligheid, doel 10): heeft de streefwaarde "
        "bereikt; 63 in 2019, 79 in 2021 (streefwaarde 75 in 2022, een voorbeeld en geen vastgestelde doelstelling).",
        "Gemiddeld aantal uitgezonden militairen in missies en operaties (Defensie, doel 12): is verder van de "
        "streefwaarde af komen te liggen; 540 in 2019, 520 in 2021 (streefwaarde 800 in 2022, een voorbeeld en "
        "geen vastgestelde doelstelling).",
    ]


def test_the_oldest_period_has_nothing_to_compare(tmp_path: Path) -> None:
    assert run("report", "-w", str(WORKSPACE), "-p", "2018-2019", "-o", str(tmp_path), "--html-only").exit_code == 0
    page = BeautifulSoup(report_file(tmp_path).read_text(encoding="utf-8"), "html.parser")
    assert "Deze rapportage bevat geen vergelijking met een eerdere periode." in text(page.find(id="samenvatting"))
    assert not page.select("ul.status-changes, ul.target-changes")


def test_goal_names_lead_and_contributing_departments(soup: BeautifulSoup) -> None:
    line = text(soup.find("section", id="doel-5").find(class_="departments"))
    assert line == ("Eerstverantwoordelijk: Defensie. Bijdragend: Buitenlandse Zaken; Financiën.")


def test_every_numeric_series_has_a_chart_over_all_periods(soup: BeautifulSoup) -> None:
    charts = soup.find("section", id="doel-5").find_all("figure", class_="chart")
    assert len(charts) == 2
    svg = charts[0].svg
    assert svg["role"] == "img"
    labelled = [soup.find(id=i) for i in svg["aria-labelledby"].split()]
    assert [tag.name for tag in labelled] == ["title", "desc"]
    assert text(labelled[1]) == (
        "Lijngrafiek: Defensie-uitgaven als percentage van het bbp (NAVO-definitie) (Defensie). Nulmeting 1,08% in 2017. "
        "Realisatie 2018: 1,14%, 2019: 1,21%, 2020: 1,26%, 2021: 1,24%. Streefwaarde 2% in 2024, als gestippelde "
        "lijn getekend."
    )
    # Four realisations: two from this period's file, two from the previous period's.
    assert len(svg.find_all("circle", class_="actual-mark")) == 4
    assert svg.find(class_="target-line") is not None and svg.find(class_="target-mark") is not None
    table = charts[0].find("table", class_="chart-data")
    assert table.caption is not None
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows == [
        ["2017", "nulmeting", "1,08%", "–"],
        ["2018", "realisatie", "1,14%", "31 januari 2019"],
        ["2019", "realisatie", "1,21%", "31 januari 2020"],
        ["2020", "realisatie", "1,26%", "29 januari 2021"],
        ["2021", "realisatie", "1,24%", "31 januari 2022"],
        ["2024", "streefwaarde", "2%", "–"],
    ]


def test_no_chart_for_ordinal_or_milestone_indicators(soup: BeautifulSoup) -> None:
    assert not soup.find("section", id="doel-7").find("figure", class_="chart")
    assert not soup.find("section", id="doel-11").find("figure", class_="chart")
    rows = soup.select("table.indicators tbody tr")
    ordinal = soup.find("section", id="doel-7").select("table.indicators tbody tr")
    assert len(soup.find_all("figure", class_="chart")) == len(rows) - len(ordinal)


def _figure_value(shown: str) -> float:
    """Read a Dutch figure back without the report's own code: '€ 11.187,4 mln' → 11187.4."""
    number = re.sub(r"[^\d,.-]", "", shown.replace("\xa0", " ")).replace(".", "").replace(",", ".")
    return float(number)


def _yaml_line(name: str, line: int) -> str:
    return (WORKSPACE / name).read_text(encoding="utf-8").splitlines()[line - 1]


def test_every_figure_traces_to_its_file_and_line(soup: BeautifulSoup, accountability: BeautifulSoup) -> None:
    figures = soup.select("a.fig")
    assert len(figures) > 100
    for figure in figures:
        document, _, anchor = figure["href"].partition("#")
        assert document == f"gbvs-voortgangsrapportage-{PERIOD}-verantwoording.html"
        target = accountability.find(id=anchor)
        assert target is not None and target.name == "li", figure
        name, line = re.fullmatch(r"Bron: (.+), regel (\d+)", figure["title"]).groups()
        assert text(target).startswith(f"regel {line}: ")
        assert target.find_parent("section")["id"] == "herkomst"
        assert text(target.find_previous("h3")) == name
        source = _yaml_line(name, int(line))
        # nulmeting and streefwaarde carry their year; an example target says "voorbeeld" too
        shown = re.sub(r" \((?:\d{4}(?:, voorbeeld)?|voorbeeld)\)$", "", text(figure))
        if re.search(r"\d{4}$", shown) and shown.split()[-2] in MONTHS:  # a date: 6 maart 2018
            day, month, year = shown.split()
            assert f"{year}-{MONTHS[month]:02d}-{int(day):02d}" in source, (figure, source)
        elif re.search(r"\d", shown):
            value = re.search(r"waarde: ([-\d.]+)", source)
            assert value and float(value.group(1)) == _figure_value(shown), (figure, source)
        else:  # an ordinal level or a milestone status
            assert shown in source, (figure, source)


def test_figure_links_and_provenance_cover_both_periods(accountability: BeautifulSoup) -> None:
    files = [text(h) for h in accountability.select("#herkomst h3.provenance-file")]
    assert "2018-2019/doel-05-DEF.yaml" in files and "2020-2021/doel-05-DEF.yaml" in files


def test_accountability_gives_versions_and_a_digest_of_every_input(accountability: BeautifulSoup) -> None:
    annex = accountability.find("main", id="verantwoording")
    versions = dict(
        zip([text(dt) for dt in annex.select("dl.versions dt")], [text(dd) for dd in annex.select("dl.versions dd")])
    )
    assert versions["Strategiecatalogus"] == "gbvs-2018-2022 versie 2018.1"
    assert re.fullmatch(r"\d+ regels, kenmerk [0-9a-f]{12}", versions["Controleregels"])
    from gbvs_report import __version__

    assert versions["Programma"] == f"gbvs {__version__}"
    listed = {}
    for item in annex.select("ol.inputs li"):
        listed[text(item.find(class_="file"))] = text(item.find("code"))
    expected = {p.relative_to(WORKSPACE).as_posix() for p in WORKSPACE.glob("*/*.yaml")} | {"gbvs.yaml"}
    assert set(listed) == expected | {"gbvs-2018-2022.yaml (meegeleverd)"}
    for name in expected:
        assert listed[name] == hashlib.sha256((WORKSPACE / name).read_bytes()).hexdigest(), name
    shipped = ROOT / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml"
    assert listed["gbvs-2018-2022.yaml (meegeleverd)"] == hashlib.sha256(shipped.read_bytes()).hexdigest()


def test_received_annex_lists_every_submission_of_the_period(soup: BeautifulSoup) -> None:
    annex = soup.find("section", id="bijlage-ontvangen")
    tables = annex.find_all("table", class_="received")
    assert [text(t.caption) for t in tables] == [
        f"Ontvangen aanleveringen, pijler {p}" for p in ("Voorkomen", "Verdedigen", "Versterken")
    ]
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for t in tables for tr in t.tbody.find_all("tr")]
    assert len(rows) == len(list((WORKSPACE / PERIOD).glob("*.yaml")))
    assert ["5", "Defensie", "25 maart 2022"] in rows  # a department by name; file names are in the accountability


def test_the_example_round_is_complete_so_the_report_has_no_missing_annex(soup: BeautifulSoup) -> None:
    """Every submission the catalogue expects for the example's period is there: no annex of
    missing submissions, in the report or its contents, and the annexes numbered without it."""
    assert soup.find(id="bijlage-ontbrekend") is None
    assert "Ontbrekende aanleveringen" not in text(soup)
    titles = [text(h) for h in soup.select("h2.annex-title")]
    assert titles[:3] == ["Bijlage 1: Ontvangen aanleveringen", "Bijlage 2: Bronnen", "Bijlage 3: Afkortingen"]


def test_missing_annex_lists_expected_but_absent_submissions(workspace_copy: Path, tmp_path: Path) -> None:
    (workspace_copy / PERIOD / "doel-05-BZ.yaml").unlink()
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "uit"), "--html-only").exit_code == 0
    soup = BeautifulSoup(report_file(tmp_path / "uit").read_text(encoding="utf-8"), "html.parser")
    annex = soup.find("section", id="bijlage-ontbrekend")
    assert text(annex.h2) == "Bijlage 2: Ontbrekende aanleveringen"
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in annex.select("tbody tr")]
    assert rows == [
        [
            "5. Moderne verdediging en bewaking van ons grondgebied en dat van de NAVO",
            "Buitenlandse Zaken",
            "niet ontvangen",
        ]
    ]


def test_sources_and_abbreviations(soup: BeautifulSoup) -> None:
    sources = [text(li) for li in soup.select("#bijlage-bronnen li")]
    assert "Defensie, raming defensie-uitgaven volgens de NAVO-definitie (voorbeelddata, geen NAVO-cijfer)" in sources
    assert sources == sorted(sources, key=str.casefold) and len(sources) == len(set(sources))
    terms = dict(
        zip(
            [text(dt) for dt in soup.select("dl.abbreviations dt")],
            [text(dd) for dd in soup.select("dl.abbreviations dd")],
        )
    )
    for short in ("NAVO", "PESCO", "BIV", "KMar", "NCTV"):
        assert short in terms, short
    assert terms["GBVS"] == "Geïntegreerde Buitenland- en Veiligheidsstrategie"
    assert "DEF" not in terms  # the report names departments, never by their code
    # Only what the report uses: MINUSMA and GCERF appear in 2018-2019's narratives alone.
    assert "MINUSMA" not in terms and "GCERF" not in terms


def test_date_without_settings_is_source_date_epoch_or_today(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_copy / "gbvs.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  datum: 2022-04-15\n", ""), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1650000000")  # 15 April 2022, 05:20 UTC
    final = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "f"), "--html-only")
    assert final.exit_code == 1 and "waarschuwing[B004]" not in final.stdout and "fout[B004]" in final.stdout
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "a"), "--html-only", "--draft").exit_code == 0
    page = letter_of(tmp_path / "a")
    assert text(page.find(class_="letter-date")) == "15 april 2022"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "b"), "--html-only", "--draft").exit_code == 0
    page = letter_of(tmp_path / "b")
    today = dt.date.today()  # never the date of a submission: a letter is dated when it is signed
    month_name = next(name for name, number in MONTHS.items() if number == today.month)
    assert text(page.find(class_="letter-date")) == f"{today.day} {month_name} {today.year}"


HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'


def test_text_in_new_places_never_becomes_markup(workspace_copy: Path, tmp_path: Path) -> None:
    """Sources (table, annex), chart captions via indicator comments, and the letter from the
    settings all carry the payload; none of it may appear as markup."""
    target = workspace_copy / PERIOD / "doel-05-DEF.yaml"
    source = target.read_text(encoding="utf-8")
    source = source.replace("bron: Defensie, raming", f"bron: {HOSTILE} Defensie, raming")
    source = source.replace("opmerking: >-\n      Cijfers", f"opmerking: >-\n      {HOSTILE} Cijfers")
    target.write_text(source, encoding="utf-8")
    settings = workspace_copy / "gbvs.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        .replace("  onderwerp: Voortgangsrapportage GBVS over 2020 en 2021", f"  onderwerp: '{HOSTILE}'")
        .replace("  tekst: |\n", f"  tekst: |\n    {HOSTILE} [x](javascript:alert(1))\n")
        .replace("    - de Minister van Justitie en Veiligheid", f"    - '{HOSTILE}'")
        .replace("  kenmerk: DVB-2022.123456", f"  kenmerk: '{HOSTILE}'"),
        encoding="utf-8",
    )
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path), "--html-only")
    assert result.exit_code == 0, result.output
    page = BeautifulSoup(report_file(tmp_path).read_text(encoding="utf-8"), "html.parser")
    assert page.find("script") is None and page.find("img") is None
    assert not page.find_all("a", href=re.compile("^javascript:"))
    assert any(HOSTILE in text(li) for li in page.select("#bijlage-bronnen li"))
    letter = letter_of(tmp_path)
    assert letter.find("script") is None and letter.find("img") is None
    assert not letter.find_all("a", href=re.compile("^javascript:"))
    assert HOSTILE in text(letter.find(class_="letter-subject")) and HOSTILE in text(
        letter.find(class_="letter-opening")
    )
    assert HOSTILE in text(letter.find(class_="letter-reference"))


def test_accountability_annex_names_own_catalogue_and_templates(workspace_copy: Path, tmp_path: Path) -> None:
    """A workspace's own catalogue and template overrides shape the report: both are inputs."""
    shipped = ROOT / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml"
    (workspace_copy / "catalogus.yaml").write_bytes(shipped.read_bytes())
    (workspace_copy / "templates").mkdir()
    own = workspace_copy / "templates" / "_content.css"
    own.write_text(
        (ROOT / "templates" / "_content.css").read_text(encoding="utf-8") + "\n/* eigen */\n", encoding="utf-8"
    )
    assert run("report", "-w", str(workspace_copy), "-o", str(tmp_path), "--html-only").exit_code == 0
    html = report_file(tmp_path).read_text(encoding="utf-8")
    assert "/* eigen */" in html  # the workspace's stylesheet replaced the package's
    page = BeautifulSoup(next(tmp_path.glob("*-verantwoording.html")).read_text(encoding="utf-8"), "html.parser")
    listed = {text(li.find(class_="file")): text(li) for li in page.select("#invoerbestanden ol.inputs li")}
    assert "(strategiecatalogus)" in listed["catalogus.yaml"]
    assert "(sjabloon)" in listed["templates/_content.css"]
    assert hashlib.sha256(own.read_bytes()).hexdigest() in listed["templates/_content.css"]
    assert not any("meegeleverd" in name for name in listed)


def test_html_is_the_same_from_any_folder_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File names in the report are relative to the workspace, never to where gbvs runs."""
    assert run("report", "-w", str(WORKSPACE), "-o", str(tmp_path / "a"), "--html-only").exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert run("report", "-w", str(WORKSPACE), "-o", "b", "--html-only").exit_code == 0
    first, second = (report_file(tmp_path / d).read_bytes() for d in ("a", "b"))
    assert first == second
    assert str(ROOT).encode() not in first and str(tmp_path).encode() not in first


def test_chart_data_tables_run_in_year_order(soup: BeautifulSoup) -> None:
    """Within a year the nulmeting comes first and the streefwaarde last."""
    order = {"nulmeting": 0, "realisatie": 1, "streefwaarde": 2}
    for table in soup.select("table.chart-data"):
        rows = [(int(text(tr.th)), order[text(tr.td)]) for tr in table.tbody.find_all("tr")]
        assert rows == sorted(rows), text(table.caption)


def test_a_status_symbol_never_stands_without_its_word(soup: BeautifulSoup) -> None:
    symbols = soup.select(".symbol")
    assert len(symbols) > 13
    for symbol in symbols:
        word = symbol.parent
        assert "status-word" in word["class"], word
        assert text(word).removeprefix(text(symbol)).strip(), word  # a word after the symbol
        assert "\xa0" in word.get_text()  # joined to it by a no-break space
