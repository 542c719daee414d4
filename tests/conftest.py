from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gbvs_report.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
WORKSPACE = ROOT / "indicators"


@pytest.fixture(autouse=True, scope="session")
def _cache_of_laid_out_parts(tmp_path_factory: pytest.TempPathFactory):
    """`gbvs report` keeps laid-out PDF parts in $XDG_CACHE_HOME/gbvs: in the test run's own
    folder, not the user's."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def run(*args: str):
    """Run `gbvs ARGS` in-process and return the click result (stdout and stderr apart)."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def workspace_copy(tmp_path: Path) -> Path:
    """A writable copy of the example workspace."""
    target = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, target)
    return target


def report_file(folder: Path, suffix: str = "html") -> Path:
    """The report among the documents in `folder` (not the letter, not the accountability)."""
    import re

    found = [
        p
        for p in folder.iterdir()
        if re.search(rf"-voortgangsrapportage-\d{{4}}(-\d{{4}})?(-concept)?\.{suffix}$", p.name)
    ]
    assert len(found) == 1, sorted(p.name for p in folder.iterdir())
    return found[0]


FINISHED_LETTER = """brief:
  datum: 2022-04-15
  kenmerk: DVB-2022.1
  onderwerp: Voortgangsrapportage over 2020 en 2021
  tekst: De voortgang is beschreven in de bijlage.
  ondertekening:
    functie: De Minister van Buitenlandse Zaken
    naam: A.B. de Minister (voorbeeld)
"""


def finish_letter(workspace: Path) -> Path:
    """A workspace made by a test gets a finished letter (a final report refuses one that is not)
    and the example's word list; settings it has already keep."""
    settings = workspace / "gbvs.yaml"
    text = settings.read_text(encoding="utf-8") if settings.exists() else ""
    if "\nbrief:" not in f"\n{text}":
        settings.write_text(text + ("\n" if text and not text.endswith("\n") else "") + FINISHED_LETTER, "utf-8")
    words = workspace / "woordenlijst.txt"
    if not words.exists():
        shutil.copy(WORKSPACE / "woordenlijst.txt", words)
    return workspace
