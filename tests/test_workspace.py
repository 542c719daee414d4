"""A workspace can override the report's templates one file at a time."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT, report_file, run


def test_workspace_template_overrides_one_file(workspace_copy: Path, tmp_path: Path) -> None:
    own = workspace_copy / "templates"
    own.mkdir()
    original = (ROOT / "templates" / "_titlepage.html.j2").read_text(encoding="utf-8")
    (own / "_titlepage.html.j2").write_text(
        original.replace('<p class="organisation">', '<p class="organisation eigen-huisstijl">'), encoding="utf-8"
    )
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "o"), "--html-only")
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(report_file(tmp_path / "o").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("p", class_="eigen-huisstijl") is not None  # the workspace's file
    assert len(soup.select("section.goal")) == 13  # the package's other templates


def test_templates_folder_is_not_read_as_submissions(workspace_copy: Path) -> None:
    own = workspace_copy / "templates"
    own.mkdir()
    (own / "iets.yaml").write_text("geen: aanlevering\n", encoding="utf-8")
    result = run("validate", str(workspace_copy))
    assert result.exit_code == 0, result.stdout


def test_report_finds_the_workspace_around_the_working_folder(
    workspace_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(workspace_copy / "2020-2021")
    result = run("report", "--html-only", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "gbvs-voortgangsrapportage-2020-2021.html").is_file()


def test_report_on_a_missing_workspace_is_a_usage_error(tmp_path: Path) -> None:
    result = run("report", "-w", str(tmp_path / "nergens"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "geen map met aanleveringen" in result.stderr and not (tmp_path / "o").exists()
