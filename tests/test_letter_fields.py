"""The Word letter keeps the letter's subject, title and organisation in its document properties,
which python-docx limits to 255 characters: a longer value in gbvs.yaml is a located finding in
`gbvs validate` and stops `gbvs report` like any error in the settings, never a traceback; a long
title from a catalogue is shortened in the properties only."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import WORKSPACE, run

from gbvs_report.model.settings import PROPERTY_MAX, TITLE_MAX

PERIOD = "2020-2021"


def _settings_with(tmp_path: Path, old: str, new: str) -> Path:
    workspace = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    settings = workspace / "gbvs.yaml"
    text = settings.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    settings.write_text(text.replace(old, new), encoding="utf-8")
    return workspace


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


CASES = [
    ("onderwerp: Voortgangsrapportage GBVS over 2020 en 2021", "  onderwerp: ", "het onderwerp", PROPERTY_MAX),
    (
        "titel: Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie\n",
        "titel: ",
        "de titel",
        TITLE_MAX,
    ),
    ("organisatie: Ministerie van Buitenlandse Zaken\n", "organisatie: ", "de organisatie", PROPERTY_MAX),
]


@pytest.mark.parametrize(("old", "key", "what", "limit"), CASES, ids=["onderwerp", "titel", "organisatie"])
def test_a_letter_field_too_long_is_a_located_finding(
    tmp_path: Path, old: str, key: str, what: str, limit: int
) -> None:
    long = "Voortgang " * 30  # 300 characters
    prefix = old[: old.index(":") + 2]
    workspace = _settings_with(tmp_path, old, prefix + long.strip() + ("\n" if old.endswith("\n") else ""))
    settings = workspace / "gbvs.yaml"
    line = _line(settings, key.strip() + " Voortgang Voortgang")
    column = len(key) + 1
    result = run("validate", str(workspace))
    assert result.exit_code == 1
    assert (
        f"{settings}:{line}:{column}: fout[S005] {what} is 299 tekens lang; in de eigenschappen van het "
        f"Word-bestand van de brief passen er hoogstens {limit}"
    ) in result.stdout
    for extra in ([], ["--html-only"], ["--draft", "--html-only"]):
        out = tmp_path / f"uit{len(extra)}"
        report = run("report", "-w", str(workspace), "-p", PERIOD, "-o", str(out), *extra)
        assert report.exit_code == 1, report.output
        assert "fout[S005]" in report.stdout + report.stderr
        assert not out.exists() or not list(out.iterdir())


def test_the_longest_allowed_fields_make_a_letter(tmp_path: Path) -> None:
    workspace = _settings_with(
        tmp_path, "onderwerp: Voortgangsrapportage GBVS over 2020 en 2021", "onderwerp: " + "o" * PROPERTY_MAX
    )
    settings = workspace / "gbvs.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace(
        "titel: Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie\n", f"titel: {'T' * TITLE_MAX}\n"
    ).replace("organisatie: Ministerie van Buitenlandse Zaken\n", f"organisatie: {'M' * PROPERTY_MAX}\n")
    settings.write_text(text, encoding="utf-8")
    assert run("validate", str(workspace)).exit_code == 0
    result = run("report", "-w", str(workspace), "-p", PERIOD, "-o", str(tmp_path / "uit"), "--html-only")
    assert result.exit_code == 0, result.output
    [docx] = (tmp_path / "uit").glob("*.docx")
    core = zipfile.ZipFile(docx).read("docProps/core.xml").decode()
    assert f"<dc:title>{'o' * PROPERTY_MAX}</dc:title>" in core  # the letter's title is its Betreft
    assert f"<dc:creator>{'M' * PROPERTY_MAX}</dc:creator>" in core


def test_a_long_title_from_the_catalogue_is_shortened_in_the_properties_only(tmp_path: Path) -> None:
    """Without a title in gbvs.yaml the report takes the catalogue's; without a Betreft (a draft)
    the Word file's title is the letter's: a long one is shortened in the properties, and shown
    whole on the report's title page."""
    workspace = _settings_with(
        tmp_path, "titel: Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie\n", ""
    )
    settings = workspace / "gbvs.yaml"
    subject = "  onderwerp: Voortgangsrapportage GBVS over 2020 en 2021\n"
    settings.write_text(settings.read_text(encoding="utf-8").replace(subject, ""), encoding="utf-8")
    catalogue = (WORKSPACE.parent / "gbvs_report" / "catalogus" / "gbvs-2018-2022.yaml").read_text(encoding="utf-8")
    old = "  rapporttitel: Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie\n"
    assert old in catalogue
    title = "Voortgangsrapportage " + "over een heel lange strategie " * 10
    (workspace / "catalogus.yaml").write_text(
        catalogue.replace(old, f"  rapporttitel: {title.strip()}\n"), encoding="utf-8"
    )
    result = run("report", "-w", str(workspace), "-p", PERIOD, "-o", str(tmp_path / "uit"), "--html-only", "--concept")
    assert result.exit_code == 0, result.output
    [docx] = (tmp_path / "uit").glob("*.docx")
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode()
    start = core.index("<dc:title>") + len("<dc:title>")
    shown = core[start : core.index("</dc:title>")]
    assert (
        len(shown) == 255
        and shown.endswith("…")
        and shown.startswith("Kamerbrief: Voortgangsrapportage over een heel lange strategie")
    )
    [report] = [p for p in (tmp_path / "uit").glob("*.html") if p.stem.endswith("-2020-2021-concept")]
    assert title.strip() in " ".join(report.read_text(encoding="utf-8").split())  # the report's title page, whole
