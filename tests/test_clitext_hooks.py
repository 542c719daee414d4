"""The Dutch command line survives an upgrade of typer, or says loudly that it does not.

`gbvs_report/clitext.py` makes typer's own copy of click speak Dutch by replacing a few of its
private methods. A typer that renames or drops one of them would leave gbvs half English, so
this test names what is gone; pyproject.toml caps typer at the version these hooks were tested
with."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

import pytest
import typer
import typer.core
from conftest import ROOT, run

from gbvs_report import clitext


def test_every_hook_that_clitext_patches_is_still_there() -> None:
    assert clitext.missing_hooks() == [], "typer changed: " + ", ".join(clitext.missing_hooks())


def test_the_hooks_are_installed() -> None:
    import typer._coercion
    from typer._click import core, exceptions

    clitext.install()
    assert typer._coercion.get_error_msg is clitext.conversion_error
    for method in (
        typer.core.TyperOption.get_help_record,
        typer.core.TyperOption.get_error_hint,
        core.Command.shell_complete,
        core.Command.get_help_option,
        exceptions.NoSuchOption.__init__,
    ):
        assert getattr(method, "__wrapped__", None) is not None, method
    assert exceptions.UsageError.show.__module__ == clitext.__name__


def test_a_missing_hook_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._coercion
    from typer._click import exceptions

    monkeypatch.delattr(typer._coercion, "get_error_msg")
    monkeypatch.delattr(exceptions, "get_text_stderr")
    assert clitext.missing_hooks() == ["typer._coercion.get_error_msg", "typer._click.exceptions.get_text_stderr"]


def test_typer_is_capped_at_the_version_the_hooks_are_tested_with() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (spec,) = [d for d in project["dependencies"] if re.match(r"typer\b", d)]
    ceiling = re.search(r"<=\s*([\d.]+)", spec)
    assert ceiling, f"typer heeft geen bovengrens: {spec}"
    assert importlib.metadata.version("typer") == ceiling[1] == typer.__version__


def test_help_and_misuse_are_dutch_with_this_typer() -> None:
    assert run("status", "--hulp").stdout.startswith("Gebruik: gbvs status [OPTIES]")
    assert "Fout: Onbekende optie: --x\n" in run("status", "--x").stderr


def test_checking_the_hooks_loads_nothing_heavy() -> None:
    """The hooks are checked at every start: that must not load rich (typer's optional help
    renderer) or anything else a plain `gbvs validate` does not need."""
    import subprocess
    import sys

    probe = (
        "import sys, gbvs_report.cli; print(sorted(m for m in ('rich', 'markdown_it', 'decimal') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
