"""The letter a round must finish (layer B): `gbvs init` writes a complete `brief:` block with
marked placeholders; a missing subject, signatory, text or date, or a placeholder left in, is a
located finding in `validate` (of the whole workspace), `status` and `report` alike. A warning
where departments check their files; a final report refuses it, a draft names it in its
problems annex. The logo: an image inside the workspace, or a finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import WORKSPACE, run

from gbvs_report.load import load_document
from gbvs_report.model.settings import Settings
from gbvs_report.rules.letter import letter_findings
from gbvs_report.validation import parse_model

PERIOD = "2020-2021"


@pytest.fixture
def fresh_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`gbvs init` for 2020-2021, then the example's submissions: only the letter is unfinished."""
    result = run("init", str(tmp_path / "repo"), "--period", PERIOD)
    assert result.exit_code == 0, result.output
    workspace = tmp_path / "repo" / "indicators"
    for path in (WORKSPACE / PERIOD).glob("*.yaml"):
        shutil.copy(path, workspace / PERIOD / path.name)
    shutil.copy(WORKSPACE / "woordenlijst.txt", workspace / "woordenlijst.txt")
    monkeypatch.chdir(workspace)
    return workspace


def _png(width: int, height: int) -> bytes:
    """A valid PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x15\x42\x73" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _codes(output: str) -> list[str]:
    import re

    return re.findall(r"gbvs\.yaml:\d+:\d+: (?:fout|waarschuwing)\[(B\d{3})\]", output)


def test_init_writes_every_letter_field_with_marked_placeholders(fresh_round: Path) -> None:
    doc, findings = load_document(fresh_round / "gbvs.yaml")
    assert doc is not None and not findings
    settings, findings = parse_model(doc, Settings)
    assert settings is not None, findings
    letter_keys = set(doc.data["brief"])
    aliases = {field.alias for field in type(settings.letter).model_fields.values()}
    assert aliases - {"plaats"} <= letter_keys, sorted(aliases - letter_keys)
    found = letter_findings(doc, settings, fresh_round)
    assert {d.code for d in found} == {"B004", "B005"}
    assert all(d.line > 0 and d.column > 0 for d in found)
    tekst = next(d for d in found if d.path == ("brief", "tekst"))
    assert doc.text.splitlines()[tekst.line - 1].strip() == "[in te vullen: de tekst van de brief]"


def test_a_final_report_after_init_refuses_with_located_findings(fresh_round: Path, tmp_path: Path) -> None:
    result = run("report", "--output", str(tmp_path / "out"), "--html-only")
    assert result.exit_code == 1
    assert "Geen rapport gemaakt: de brief is niet af" in result.stderr
    assert "B004" in _codes(result.stdout + result.stderr) and "B005" in _codes(result.stdout + result.stderr)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_draft_names_the_letters_findings_in_its_problems_annex(fresh_round: Path, tmp_path: Path) -> None:
    result = run("report", "--draft", "--output", str(tmp_path / "out"), "--html-only")
    assert result.exit_code == 0, result.output
    assert "de brief is niet af" in result.stderr
    html = next((tmp_path / "out").glob("*-voortgangsrapportage-*-concept.html")).read_text(encoding="utf-8")
    annex = BeautifulSoup(html, "html.parser").select_one("#bijlage-problemen")
    assert annex is not None
    text = annex.get_text(" ", strip=True)
    assert "De brief is nog niet af" in text and "gbvs.yaml" in text
    assert "fout B004" in text and "'brief.onderwerp' bevat nog een aanwijzing" in text


def test_validate_shows_them_as_warnings_for_the_whole_workspace_only(fresh_round: Path) -> None:
    whole = run("validate")
    assert whole.exit_code == 0, whole.output
    assert "B004" in _codes(whole.stdout)
    one_file = run("validate", f"{PERIOD}/doel-05-DEF.yaml")
    assert one_file.exit_code == 0 and not _codes(one_file.stdout)
    strict_file = run("validate", "--strict", f"{PERIOD}/doel-05-DEF.yaml")
    assert strict_file.exit_code == 0, "a department's own file does not fail on the coordinator's letter"


def test_status_shows_them_beside_the_table(fresh_round: Path) -> None:
    result = run("status")
    assert "B004" in _codes(result.stderr) and "B005" in _codes(result.stderr)
    assert "ontbreken" in result.stdout  # the table is the same; the exit code is about the submissions


def test_a_finished_letter_has_no_findings() -> None:
    doc, _ = load_document(WORKSPACE / "gbvs.yaml")
    assert doc is not None
    settings, _ = parse_model(doc, Settings)
    assert settings is not None
    assert letter_findings(doc, settings, WORKSPACE) == []


def test_a_workspace_without_settings_has_an_unfinished_letter() -> None:
    found = letter_findings(None, Settings(), None)
    assert [d.code for d in found] == ["B001", "B002", "B003", "B004"]
    assert {d.file for d in found} == {"gbvs.yaml"}


@pytest.mark.parametrize(
    ("logo", "why"),
    [
        ("https://www.rijksoverheid.nl/logo.png", "is een adres"),
        ("../buiten.png", "buiten de werkmap"),
        ("/etc/logo.png", "buiten de werkmap"),
        ("logo.gif", "geen PNG- of JPEG-bestand"),
        ("ontbreekt.png", "bestaat niet"),
        ("koppeling.png", "koppeling"),
    ],
)
def test_a_logo_that_may_not_be_used_is_a_located_finding(tmp_path: Path, logo: str, why: str) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (tmp_path / "buiten.png").write_bytes(b"\x89PNG")
    (workspace / "koppeling.png").symlink_to(tmp_path / "buiten.png")
    settings_file = workspace / "gbvs.yaml"
    settings_file.write_text(f'brief:\n  logo: "{logo}"\n', encoding="utf-8")
    doc, _ = load_document(settings_file)
    assert doc is not None
    settings, _ = parse_model(doc, Settings)
    assert settings is not None
    [finding] = [d for d in letter_findings(doc, settings, workspace) if d.code == "B006"]
    assert why in finding.message and (finding.line, finding.column) == (2, 9)


def test_the_logo_is_embedded_in_the_letter_and_nowhere_fetched(workspace_copy: Path, tmp_path: Path) -> None:
    png = _png(40, 20)
    (workspace_copy / "logo.png").write_bytes(png)
    settings = workspace_copy / "gbvs.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("brief:\n", "brief:\n  logo: logo.png\n", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run("report", "--workspace", str(workspace_copy), "--period", PERIOD, "--output", str(out))
    assert result.exit_code == 0, result.output
    html = next(out.glob("*-kamerbrief.html")).read_text(encoding="utf-8")
    image = BeautifulSoup(html, "html.parser").select_one(".letter-logo img")
    assert image is not None and image["src"].startswith("data:image/png;base64,")
    assert image["alt"] == "Logo van het ministerie van Buitenlandse Zaken"
    import docx

    document = docx.Document(str(next(out.glob("*-kamerbrief.docx"))))
    assert len(document.inline_shapes) == 1
    assert "gbvs: externe bron geweigerd" not in result.stderr
