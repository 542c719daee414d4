"""A workspace's own templates are data: they show the view, they never run code."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run

ATTACKS = {
    "code": '{{ cycler.__init__.__globals__.os.popen("echo gehackt > GEHACKT").read() }}',
    "attribute": "{{ view.__class__.__mro__[1].__subclasses__() }}",
    "mutation": "{% set x = view.summary.pillars.append(1) %}",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_template_cannot_run_code(
    attack: str, workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (workspace_copy / "templates").mkdir()
    (workspace_copy / "templates" / "_summary.html.j2").write_text(
        f"<p>samenvatting</p>\n{ATTACKS[attack]}\n", encoding="utf-8"
    )
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "uit"), "--html-only")
    assert result.exit_code == 1
    assert result.stderr.startswith("gbvs: geen rapport gemaakt: sjabloon _summary.html.j2, regel 2: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "GEHACKT").exists() and not (tmp_path / "uit").exists()


def test_a_broken_template_is_named_with_its_line(workspace_copy: Path, tmp_path: Path) -> None:
    (workspace_copy / "templates").mkdir()
    (workspace_copy / "templates" / "_summary.html.j2").write_text("<p>\n{% if %}\n", encoding="utf-8")
    result = run("report", "-w", str(workspace_copy), "-o", str(tmp_path / "uit"), "--html-only")
    assert result.exit_code == 1
    assert "sjabloon _summary.html.j2, regel 2: de opbouw van het sjabloon klopt niet" in result.stderr
