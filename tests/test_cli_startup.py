"""`gbvs NAME` builds only the command it runs: the same help, the same misuse messages and
the same work as with the whole app; everything else gets the whole app."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from gbvs_report.cli import app, app_for

NAMES = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_is_found_by_its_name() -> None:
    assert len(NAMES) >= 10
    for name in NAMES:
        lean = app_for([name, "--help"])
        assert lean is not app
        assert list(get_command(lean).commands) == [name]  # type: ignore[attr-defined]
    assert len(app.registered_commands) == len(NAMES), "the whole app is left as it was"


@pytest.mark.parametrize("name", NAMES)
def test_help_is_the_same_as_with_the_whole_app(name: str) -> None:
    whole = CliRunner().invoke(app, [name, "--help"])
    lean = CliRunner().invoke(app_for([name]), [name, "--help"])
    assert whole.exit_code == lean.exit_code == 0
    assert lean.output == whole.output


@pytest.mark.parametrize(
    "args",
    [["validate", "--strict=ja"], ["new", "--goal", "vijf"], ["explain", "S003", "S004"], ["report", "--jobs", "0"]],
)
def test_misuse_reads_the_same(args: list[str]) -> None:
    whole = CliRunner().invoke(app, args)
    lean = CliRunner().invoke(app_for(args), args)
    assert whole.exit_code == lean.exit_code == 2
    assert lean.output == whole.output


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["valdate"], ["-h", "validate"]])
def test_anything_else_gets_the_whole_app(args: list[str]) -> None:
    assert app_for(args) is app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_GBVS_COMPLETE", "complete_bash")
    assert app_for(["validate"]) is app


def test_a_wrong_name_still_gets_a_suggestion() -> None:
    result = CliRunner().invoke(app_for(["valdate"]), ["valdate"])
    assert result.exit_code == 2
    assert "Bedoelde u 'validate'?" in result.output
