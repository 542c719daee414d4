"""Every command over hostile and broken input: a located finding or a Dutch message and a
non-zero exit code, never a Python traceback, and no input file changed.

One workspace holds every invalid example on disk and a sample of the YAML test suite as
submissions of one period; each command then runs over it in-process, as a user would."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, WORKSPACE, run

SUITE = Path(__file__).resolve().parent / "yaml-test-suite"
PERIOD = "2020-2021"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace, with every invalid example and every 8th file of the YAML test
    suite added to its current period, a link to a secret and a named pipe among them."""
    root = tmp_path_factory.mktemp("vijandig") / "werkmap"
    shutil.copytree(WORKSPACE, root)
    folder = root / PERIOD
    for number, path in enumerate(sorted((EXAMPLES / "invalid").rglob("*.yaml"))):
        shutil.copy(path, folder / f"voorbeeld-{number:03d}-{path.name}")
    for path in sorted(SUITE.glob("*.yaml"))[::8]:
        shutil.copy(path, folder / f"suite-{path.name}")
    secret = root.parent / "geheim.txt"
    secret.write_text("WACHTWOORD=geheim\n", encoding="utf-8")
    os.symlink(secret, folder / "doel-99-LINK.yaml")
    os.mkfifo(folder / "doel-98-PIJP.yaml")
    (folder / "oud").mkdir()
    shutil.copy(WORKSPACE / "2018-2019" / "doel-05-DEF.yaml", folder / "oud" / "doel-05-DEF.yaml")
    return root


COMMANDS = [
    ["validate", "{ws}"],
    ["validate", "--format", "json", "{ws}"],
    ["validate", "--format", "github", "{ws}"],
    ["validate", "--format", "gitlab", "{ws}"],
    ["status", "-w", "{ws}", "-p", PERIOD],
    ["status", "-w", "{ws}", "-p", PERIOD, "--format", "json"],
    ["report", "-w", "{ws}", "-p", PERIOD, "-o", "{out}", "--html-only"],
    ["report", "-w", "{ws}", "-p", PERIOD, "-o", "{out}", "--html-only", "--draft"],
    ["export", "-w", "{ws}", "-p", PERIOD, "-o", "{out}", "--format", "csv"],
    ["export", "-w", "{ws}", "-p", PERIOD, "-o", "{out}", "--format", "xlsx"],
    ["diff", str(WORKSPACE), "{ws}", "--period", PERIOD],
    ["new", "-w", "{ws}", "-p", PERIOD, "--goal", "5", "--department", "FIN"],
    ["schema", "-w", "{ws}"],
    ["fmt", "--controleer", "{ws}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_no_command_ends_in_a_traceback(command: list[str], hostile: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in hostile.rglob("*.yaml") if p.is_file() and not p.is_symlink()}
    args = [a.format(ws=hostile, out=tmp_path / "uit") for a in command]
    result = CliResult(run(*args))
    assert "Traceback" not in result.text and "Error:" not in result.text, result.text[-2000:]
    assert result.exit_code in (0, 1, 2), result.text[-2000:]
    assert "WACHTWOORD" not in result.text  # the linked secret is never read
    assert {p: p.read_bytes() for p in before} == before
    if command[0] in ("validate", "status", "export", "fmt") or (command[0] == "report" and "--draft" not in command):
        assert result.exit_code == 1  # the hostile files are errors, and the output says which
    if command[0] == "report" and "--draft" in command:
        assert result.exit_code == 0  # a draft leaves the broken files out and names them


class CliResult:
    def __init__(self, result) -> None:  # noqa: ANN001 - click's Result
        self.exit_code = result.exit_code
        self.text = result.stdout + result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            self.text += f"\nTraceback: {result.exception!r}"
