"""The three documents of a period, read back: the letter to parliament (HTML, PDF and Word), the
report that is its bijlage, and the accountability; their names, final and draft; the letter's
fields; co-signing both ways; the digests only in the accountability; the report's figures
linking into it; and the same bytes for every file when rendered twice."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import docx
import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, WORKSPACE, run
from pypdf import PdfReader

PERIOD = "2020-2021"
STEM = f"gbvs-voortgangsrapportage-{PERIOD}"
REPORT, LETTER, ACCOUNTABILITY = STEM, f"{STEM}-kamerbrief", f"{STEM}-verantwoording"
DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ", strip=True)).strip()


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def docx_text(path: Path) -> str:
    """Every paragraph of the Word file, those in tables and the header too, one a line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    lines += [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("documents")
    result = run("report", "--workspace", str(WORKSPACE), "--period", PERIOD, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("gbvs:")], result.stderr
    return out


def _with_settings(workspace: Path, old: str, new: str) -> None:
    settings = workspace / "gbvs.yaml"
    source = settings.read_text(encoding="utf-8")
    assert old in source
    settings.write_text(source.replace(old, new), encoding="utf-8")


# The documents and their names.


def test_three_documents_with_their_names(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(
        [
            f"{REPORT}.html",
            f"{REPORT}.pdf",
            f"{LETTER}.html",
            f"{LETTER}.pdf",
            f"{LETTER}.docx",
            f"{ACCOUNTABILITY}.html",
            f"{ACCOUNTABILITY}.pdf",
        ]
    )


def test_a_draft_ends_every_name_in_concept(tmp_path: Path) -> None:
    result = run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(tmp_path), "--draft", "--html-only")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{REPORT}-concept.html", f"{LETTER}-concept.html", f"{LETTER}-concept.docx", f"{ACCOUNTABILITY}-concept.html"]
    )
    letter = soup_of(tmp_path / f"{LETTER}-concept.html")
    assert letter.select_one(".letter-opening a")["href"] == f"{REPORT}-concept.html"
    report = soup_of(tmp_path / f"{REPORT}-concept.html")
    assert all(a["href"].startswith(f"{ACCOUNTABILITY}-concept.html#herkomst-") for a in report.select("a.fig"))
    assert "CONCEPT" in docx_text(tmp_path / f"{LETTER}-concept.docx")
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_a_failed_pdf_leaves_no_new_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All documents go to temporary names first and are renamed only when all are complete."""
    (tmp_path / f"{REPORT}.html").write_text("oud", encoding="utf-8")
    from gbvs_report.pdf import join

    def failing(*args, **kwargs):  # every HTML and the Word file are written by then
        raise RuntimeError("opmaak mislukt")

    monkeypatch.setattr(join, "join_parts", failing)
    with pytest.raises(RuntimeError):
        run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{REPORT}.html"]
    assert (tmp_path / f"{REPORT}.html").read_text(encoding="utf-8") == "oud"


# The letter's fields, in the HTML, the PDF and the Word file.

SENDER = [
    "Ministerie van Buitenlandse Zaken",
    "Directie Veiligheidsbeleid",
    "Rijnstraat 8",
    "2515 XP Den Haag",
    "Postbus 20061",
    "2500 EB Den Haag",
    "www.rijksoverheid.nl",
]
RETURN = "Retouradres Postbus 20061 2500 EB Den Haag"
SUBJECT = "Voortgangsrapportage GBVS over 2020 en 2021"
OPENING = (
    "Hierbij ontvangt u, mede namens de Minister van Justitie en Veiligheid, de Minister van Binnenlandse "
    "Zaken en Koninkrijksrelaties en de Minister van Economische Zaken en Klimaat, de voortgangsrapportage "
    "over 2020 en 2021 van de Geïntegreerde Buitenland- en Veiligheidsstrategie 2018–2022. Deze rapportage "
    "volgt op de tussenrapportage over de GBVS van 17 april 2020 (Kamerstuk 33\u00a0694, nr.\u00a057)."  # never broken inside the number
)


def test_letter_html_has_the_fields_of_a_ministerial_letter(built: Path) -> None:
    page = soup_of(built / f"{LETTER}.html")
    assert page.html["lang"] == "nl" and len(page.find_all("h1")) == 1
    assert text(page.h1) == SUBJECT  # for screen readers; the letter as sent has no Kamerstuk heading
    assert page.find(class_="letter-dossier") is None and "BRIEF VAN" not in text(page)
    assert text(page.find(class_="letter-return")) == RETURN
    sender = text(page.find(class_="letter-sender"))
    for line in SENDER:
        assert line in sender, line
    assert "Bezoekadres" in sender and "Postadres" in sender
    references = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select(".letter-references dt")}
    assert references == {"Onze referentie": "DVB-2022.123456", "Bijlage(n)": "1"}
    assert page.select_one(".letter-opening a")["href"] == f"{REPORT}.html"  # the report, beside it
    meta = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select(".letter-meta dt")}
    assert meta == {"Datum": "15 april 2022", "Betreft": SUBJECT}
    assert text(page.find(class_="letter-addressee")) == (
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Postbus 20018 2500 EA Den Haag"
    )
    assert re.sub(r"\s+", " ", page.find(class_="letter-opening").get_text()) == re.sub(r"\s+", " ", OPENING)
    assert "Kamerstuk 33 694, nr. 12" in text(page.find(class_="letter-body"))
    signatures = [text(p) for p in page.select(".letter-signature")]
    assert signatures == [
        "De Minister van Buitenlandse Zaken, A.B. de Minister (voorbeeld)",
        "De Minister van Defensie, C.D. de Minister (voorbeeld)",
    ]
    # "mede namens" belongs in the opening sentence, not under the signatures.
    after = "".join(text(e) for e in page.select_one(".letter-signatures").find_all_next(string=True) if e.strip())
    assert "mede namens" not in after
    assert page.find("a", class_="fig") is None and page.find(id="samenvatting") is None


def test_letter_pdf_reads_back_with_every_field(built: Path) -> None:
    reader = PdfReader(built / f"{LETTER}.pdf")
    content = pdf_text(built / f"{LETTER}.pdf")
    for expected in [
        *SENDER,
        "Onze referentie",
        "DVB-2022.123456",
        "Datum",
        "15 april 2022",
        "Betreft",
        "Bijlage(n)",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Postbus 20018",
        "2500 EA Den Haag",
        RETURN,
        "mede namens de Minister van Justitie en Veiligheid",
        "De Minister van Buitenlandse Zaken,",
        "A.B. de Minister (voorbeeld)",
        "De Minister van Defensie,",
        "C.D. de Minister (voorbeeld)",
    ]:
        assert expected in content, expected
    assert "BRIEF VAN" not in content and "Internationale Veiligheidsstrategie" not in content
    assert len(reader.pages) <= 2
    assert reader.metadata.title == SUBJECT
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    assert all(f"Pagina {i} van {len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_letter_docx_reads_back_with_every_field(built: Path) -> None:
    path = built / f"{LETTER}.docx"
    content = docx_text(path)
    lines = content.splitlines()
    for expected in [
        *SENDER,
        "Onze referentie",
        "DVB-2022.123456",
        "Bijlage(n)",
        RETURN,
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Postbus 20018",
        "2500 EA Den Haag",
        "A.B. de Minister (voorbeeld)",
        "C.D. de Minister (voorbeeld)",
    ]:
        assert expected in content, expected
    assert "BRIEF VAN" not in content and "Internationale Veiligheidsstrategie" not in content
    assert OPENING in lines and "1" in lines  # Bijlage(n): a count
    assert "Datum" in lines and "15 april 2022" in lines and "Betreft" in lines
    assert SUBJECT in lines
    assert any(line.startswith("In de Geïntegreerde Buitenland- en Veiligheidsstrategie 2018–2022") for line in lines)
    assert any(line.startswith("De Minister van Buitenlandse Zaken,") for line in lines)
    assert any(line.startswith("De Minister van Defensie,") for line in lines)
    properties = docx.Document(str(path)).core_properties
    assert properties.created.date().isoformat() == properties.modified.date().isoformat() == "2022-04-15"
    assert properties.author == "Ministerie van Buitenlandse Zaken" and properties.language == "nl-NL"
    assert properties.title == SUBJECT
    import zipfile

    package = zipfile.ZipFile(path)
    assert not any(b"python-docx" in package.read(name).lower() for name in package.namelist())


@pytest.mark.parametrize("way", ["co-sign", "on-behalf"])
def test_co_signing_both_ways(workspace_copy: Path, tmp_path: Path, way: str) -> None:
    """Ministers who co-sign sign under the first; those on whose behalf the letter is sent are
    named in the opening sentence and sign nothing."""
    if way == "co-sign":  # no one on whose behalf
        _with_settings(
            workspace_copy,
            "  mede_namens:\n    - de Minister van Justitie en Veiligheid\n"
            "    - de Minister van Binnenlandse Zaken en Koninkrijksrelaties\n"
            "    - de Minister van Economische Zaken en Klimaat\n",
            "",
        )
        _with_settings(
            workspace_copy,
            "      naam: C.D. de Minister (voorbeeld)\n",
            "      naam: C.D. de Minister (voorbeeld)\n    - functie: De Minister van Justitie en Veiligheid\n",
        )
        opening = "Hierbij ontvangt u de voortgangsrapportage"
        signatures = [
            "De Minister van Buitenlandse Zaken, A.B. de Minister (voorbeeld)",
            "De Minister van Defensie, C.D. de Minister (voorbeeld)",
            "De Minister van Justitie en Veiligheid,",
        ]
    else:  # no one co-signs
        _with_settings(
            workspace_copy,
            "  medeondertekening:\n    - functie: De Minister van Defensie\n      naam: C.D. de Minister (voorbeeld)\n",
            "",
        )
        _with_settings(workspace_copy, "  mede_namens:\n", "  mede_namens:\n    - de Minister van Defensie\n")
        opening = "Hierbij ontvangt u, mede namens de Minister van Defensie, de Minister van Justitie en Veiligheid,"
        signatures = ["De Minister van Buitenlandse Zaken, A.B. de Minister (voorbeeld)"]
    result = run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(tmp_path), "--html-only")
    assert result.exit_code == 0, result.output
    page = soup_of(tmp_path / f"{LETTER}.html")
    assert text(page.find(class_="letter-opening")).startswith(opening)
    assert [text(p) for p in page.select(".letter-signature")] == signatures
    lines = docx_text(tmp_path / f"{LETTER}.docx").splitlines()
    assert any(line.startswith(opening) for line in lines)
    signed = [line for line in lines if re.match(r"De Minister van [^,]+,", line)]
    assert [s.split(",")[0] for s in signed] == [s.split(",")[0] for s in signatures]


def test_letter_defaults_address_of_the_house(workspace_copy: Path, tmp_path: Path) -> None:
    _with_settings(workspace_copy, "  adres: [Postbus 20018, 2500 EA Den Haag]\n", "")
    _with_settings(workspace_copy, "  kenmerk: DVB-2022.123456\n", "")
    assert run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(tmp_path), "--html-only").exit_code == 0
    page = soup_of(tmp_path / f"{LETTER}.html")
    assert text(page.find(class_="letter-addressee")).endswith("Postbus 20018 2500 EA Den Haag")
    assert "Onze referentie" not in text(page.find(class_="letter-references"))


def test_letter_markdown_is_sanitised_in_html_and_plain_in_word(workspace_copy: Path, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>"
    _with_settings(
        workspace_copy,
        "  tekst: |\n",
        f"  tekst: |\n    {hostile} **vet** [x](javascript:alert(1))\n\n    - een\n    - twee\n\n",
    )
    assert run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(tmp_path), "--html-only").exit_code == 0
    page = soup_of(tmp_path / f"{LETTER}.html")
    assert page.find("script") is None and not page.find_all("a", href=re.compile("^javascript:"))
    assert page.select_one(".letter-body strong").get_text() == "vet"
    document = docx.Document(str(tmp_path / f"{LETTER}.docx"))
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "vet" in bold
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == ["een", "twee"]


# The report and the accountability.


def test_report_is_a_document_of_its_own_without_the_letter(built: Path) -> None:
    page = soup_of(built / f"{REPORT}.html")
    assert page.find(id="brief") is None and page.find(class_="letter") is None
    assert page.find("header", class_="title-page") is not None
    toc = [text(a) for a in page.select("nav.toc > ol > li > a")]
    assert toc[0] == "Samenvatting" and "Aanbiedingsbrief" not in toc
    assert not any("Verantwoording" in t for t in toc)
    assert toc[-3:] == [  # a complete round: no annex of missing submissions
        "Bijlage 1: Ontvangen aanleveringen",
        "Bijlage 2: Bronnen",
        "Bijlage 3: Afkortingen",
    ]
    assert "Aanbiedingsbrief" not in pdf_text(built / f"{REPORT}.pdf")


def test_no_digest_in_the_report_and_one_per_input_in_the_accountability(built: Path) -> None:
    for name in (f"{REPORT}.html", f"{LETTER}.html"):
        assert not DIGEST.search((built / name).read_text(encoding="utf-8")), name
    for name in (f"{REPORT}.pdf", f"{LETTER}.pdf"):
        assert not DIGEST.search(pdf_text(built / name).replace(" ", "")), name
    page = soup_of(built / f"{ACCOUNTABILITY}.html")
    listed = {text(li.find(class_="file")): text(li.find("code")) for li in page.select("ol.inputs li")}
    expected = {p.relative_to(WORKSPACE).as_posix() for p in WORKSPACE.glob("*/*.yaml")} | {"gbvs.yaml"}
    assert set(listed) == expected | {"gbvs-2018-2022.yaml (meegeleverd)"}
    for name in expected:
        assert listed[name] == hashlib.sha256((WORKSPACE / name).read_bytes()).hexdigest(), name
    shipped = ROOT / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml"
    assert listed["gbvs-2018-2022.yaml (meegeleverd)"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert len(DIGEST.findall(str(page.find("ol", class_="inputs")))) == len(listed)
    content = pdf_text(built / f"{ACCOUNTABILITY}.pdf")
    for digest in listed.values():  # the PDF may break a digest over two lines
        assert digest[:32] in content.replace(" ", ""), digest
    versions = [text(dt) for dt in page.select("dl.versions dt")]
    assert versions == ["Strategiecatalogus", "Controleregels", "Programma"]


def test_report_figures_link_to_their_provenance_in_the_accountability(built: Path) -> None:
    report = soup_of(built / f"{REPORT}.html")
    accountability = soup_of(built / f"{ACCOUNTABILITY}.html")
    figures = report.select("a.fig")
    assert len(figures) > 100
    for figure in figures:
        name, _, anchor = figure["href"].partition("#")
        assert name == f"{ACCOUNTABILITY}.html", figure
        target = accountability.find(id=anchor)
        assert target is not None and target.name == "li", figure
        line = re.fullmatch(r"Bron: (.+), regel (\d+)", figure["title"]).group(2)
        assert text(target).startswith(f"regel {line}: ")
        assert target.find_parent("section")["id"] == "herkomst"
    assert report.select_one("#bijlage-ontvangen a")["href"] == f"{ACCOUNTABILITY}.html"


def test_pdf_figures_carry_no_mark_and_no_link_into_another_file(built: Path) -> None:
    for name in (REPORT, LETTER, ACCOUNTABILITY):
        with pikepdf.open(built / f"{name}.pdf") as pdf:
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", ()):
                    action = annotation.get("/A")
                    assert action is None or "/URI" not in action, (name, action)
    html = (built / f"{REPORT}.html").read_text(encoding="utf-8")
    assert "verantwoording.html" in html  # the screen's HTML links, the PDF's does not


# The same bytes, every time.


def test_every_document_is_the_same_when_rendered_twice(built: Path, tmp_path: Path) -> None:
    result = run("report", "--workspace", str(WORKSPACE), "--period", PERIOD, "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name


# The heading and the opening sentence, as functions.


def test_opening_sentence() -> None:
    from gbvs_report.report.view_texts import opening_sentence, report_phrase

    phrase = report_phrase(
        "Wereldwijd voor een veilig Nederland — Geïntegreerde Buitenland- en Veiligheidsstrategie 2018-2022",
        [2020, 2021],
    )
    assert phrase == (
        "de voortgangsrapportage over 2020 en 2021 van de Geïntegreerde Buitenland- en Veiligheidsstrategie 2018–2022"
    )
    assert opening_sentence(phrase, "") == ("Hierbij ontvangt u ", ".")
    assert opening_sentence(phrase, "de Minister van Defensie en de Minister van Financiën") == (
        "Hierbij ontvangt u, mede namens de Minister van Defensie en de Minister van Financiën, ",
        ".",
    )
    assert report_phrase("Klimaatveiligheidsstrategie 2021-2023", [2022]) == (
        "de voortgangsrapportage over 2022 van de Klimaatveiligheidsstrategie 2021–2023"
    )
