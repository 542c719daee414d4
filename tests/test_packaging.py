"""An installed `gbvs` carries its templates and catalogue and works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, report_file


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("gbvs_report-*.whl"))


def test_wheel_contains_templates_and_catalogue(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").iterdir():
        assert f"gbvs_report/templates/{template.name}" in names
    assert "gbvs_report/catalogus/gbvs-2018-2022.yaml" in names
    for asset in (ROOT / "gbvs_report" / "assets" / "fonts").iterdir():  # the PDF's fonts and their licence
        assert f"gbvs_report/assets/fonts/{asset.name}" in names


def test_installed_package_renders_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from gbvs_report.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "report", "--html-only", "-w", str(WORKSPACE), "-o", "uit"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    html = report_file(elsewhere / "uit").read_text(encoding="utf-8")
    assert 'lang="nl"' in html and "Doel 13" in html


def test_wheel_carries_what_init_writes(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for skeleton in (ROOT / "gbvs_report" / "skeleton").iterdir():
        assert f"gbvs_report/skeleton/{skeleton.name}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from gbvs_report.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code, "init", "nieuw"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "nieuw" / ".github" / "workflows" / "gbvs.yml").is_file()
    assert (tmp_path / "nieuw" / "indicators" / "catalogus.yaml").is_file()
