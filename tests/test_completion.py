"""Shell completion: `gbvs completion bash|zsh` prints a script that completes commands,
options and, from the catalogue, department codes and periods."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run

BIN = Path(sys.executable).parent


def _bash_complete(words: list[str]) -> list[str]:
    script = (
        'eval "$(gbvs completion bash)"; COMP_WORDS=(' + " ".join(words) + f"); COMP_CWORD={len(words) - 1}; "
        '_gbvs_completion gbvs; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is niet geïnstalleerd")
def test_bash_completes_commands_options_and_catalogue_values() -> None:
    assert _bash_complete(["gbvs", "sta"]) == ["status"]
    assert _bash_complete(["gbvs", "export", "--fo"]) == ["--formaat"]
    assert _bash_complete(["gbvs", "new", "--department", "J"]) == ["JenV"]
    assert _bash_complete(["gbvs", "status", "--period", "2020"]) == ["2020-2021"]


def test_zsh_script_and_protocol() -> None:
    script = run("completion", "zsh").stdout
    assert script.startswith("#compdef gbvs") and "_GBVS_COMPLETE=complete_zsh" in script
    env = {**os.environ, "_GBVS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "gbvs rep"}
    result = subprocess.run([str(BIN / "gbvs")], env=env, capture_output=True, text=True, timeout=60)
    assert '"report"' in result.stdout and "status" not in result.stdout


def test_unsupported_shell_is_a_usage_error() -> None:
    result = run("completion", "fish")
    assert result.exit_code == 2 and "bash, zsh" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is niet geïnstalleerd")
def test_tab_completes_the_dutch_names_and_still_knows_the_english_ones() -> None:
    assert _bash_complete(["gbvs", "status", "--per"]) == ["--periode"]  # not --period beside it
    assert _bash_complete(["gbvs", "report", "--co"]) == ["--concept"]
    assert _bash_complete(["gbvs", "status", "--work"]) == ["--workspace"]  # only the English name fits
    assert _bash_complete(["gbvs", "status", "--period", "2020"]) == ["2020-2021"]  # its values too
    assert _bash_complete(["gbvs", "new", "--departement", "J"]) == ["JenV"]
    assert _bash_complete(["gbvs", "validate", "--formaat", "b"]) == ["beknopt"]
    assert _bash_complete(["gbvs", "validate", "--format", "conc"]) == ["concise"]
    assert _bash_complete(["gbvs", "status", "-f", ""]) == ["tekst", "json"]
