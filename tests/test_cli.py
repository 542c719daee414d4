"""The command line: help, version, and what it does not import."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, run

from gbvs_report import __version__

PROBE = """
import sys
from typer.testing import CliRunner
from gbvs_report.cli import app
result = CliRunner().invoke(app, {args!r})
print(result.exit_code, 'weasyprint' in sys.modules)
"""


def _imports_weasyprint(args: list[str]) -> tuple[int, bool]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), out[1] == "True"


def test_help_does_not_import_weasyprint() -> None:
    assert _imports_weasyprint(["--help"]) == (0, False)


def test_validate_does_not_import_weasyprint() -> None:
    assert _imports_weasyprint(["validate", "indicators"]) == (0, False)


def test_the_probe_would_notice_weasyprint(tmp_path) -> None:
    """The probe is able to fail: after a PDF is rendered, WeasyPrint is in sys.modules."""
    probe = (
        "import sys, pathlib; from gbvs_report.pdf.layout import render_pdf; "
        f"render_pdf('<p>x</p>', pathlib.Path({str(tmp_path / 'x.pdf')!r})); "
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_status_and_export_do_not_import_weasyprint(tmp_path) -> None:
    assert _imports_weasyprint(["status", "-w", "indicators"]) == (0, False)  # the example round is complete
    assert _imports_weasyprint(["export", "-w", "indicators", "-f", "csv", "-o", str(tmp_path)]) == (0, False)


def test_help_lists_commands_with_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = ("validate", "report", "init", "new", "status", "export", "completion", "explain", "schema")
    for command in commands:
        assert command in result.stdout
        assert "Voorbeelden" in run(command, "--help").stdout, command


def test_version() -> None:
    assert run("--version").stdout.strip() == f"gbvs {__version__}"


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "validate" in result.output and "report" in result.output
