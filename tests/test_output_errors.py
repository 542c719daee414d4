"""Problems writing the output: a Dutch message, exit 2, no traceback, earlier outputs intact,
no temporary files left behind, also when the run is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, WORKSPACE, run


def _no_temporary_files(folder: Path) -> bool:
    """Nothing hidden in the output folder: no temporary file, no folder of a run's documents."""
    return (
        not any(p.name.startswith(".") or p.name.endswith(".tmp") for p in folder.rglob("*"))
        if folder.exists()
        else True
    )


def test_output_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "uit"
    blocker.write_text("geen map\n", encoding="utf-8")
    result = run("report", "-w", str(WORKSPACE), "-o", str(blocker), "--html-only")
    assert result.exit_code == 2 and result.stderr.startswith("gbvs: kan niet schrijven in ")
    assert "Traceback" not in result.output and blocker.read_text(encoding="utf-8") == "geen map\n"


def test_a_folder_where_a_document_should_go_leaves_the_earlier_outputs_intact(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    assert run("report", "-w", str(WORKSPACE), "-o", str(out), "--html-only").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    letter = next(name for name in before if name.endswith("-kamerbrief.html"))
    (out / letter).unlink()
    (out / letter).mkdir()  # a folder with the letter's name: it cannot be replaced
    del before[letter]
    result = run("report", "-w", str(WORKSPACE), "-o", str(out), "--html-only")
    assert result.exit_code == 2 and "kan niet schrijven" in result.stderr and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert _no_temporary_files(out)


def test_sigterm_ends_the_run_cleanly(tmp_path: Path) -> None:
    """CI stops a job with SIGTERM: the run ends like an interrupt, with one Dutch line, and
    leaves no temporary files in the output folder nor part folders in the temporary folder."""
    out, temp = tmp_path / "uit", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-o", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Stop it while it writes: as soon as the first document stands in the run's hidden folder.
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline and not any(out.glob(".gbvs-uitvoer-*/*.html")):
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == (
        "gbvs: afgebroken; niets is half geschreven, eerdere uitvoer is onveranderd."
    )
    assert "Traceback" not in stderr
    assert _no_temporary_files(out)
    assert not list(temp.iterdir()), list(temp.iterdir())


def test_an_interrupt_waits_for_the_step_under_way() -> None:
    """A temporary file made and noted for the clean-up is one step: an interrupt during it
    ends the run right after it, never between the two."""
    from gbvs_report.interrupts import interrupt, uninterrupted

    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), uninterrupted():
        steps.append("gemaakt")
        interrupt(signal.SIGTERM)
        with uninterrupted():  # nested: held until the outer step is done
            steps.append("genoteerd")
        steps.append("klaar")
    assert steps == ["gemaakt", "genoteerd", "klaar"]
    with pytest.raises(KeyboardInterrupt):
        interrupt(signal.SIGINT)  # no step under way: at once
    with uninterrupted():  # nothing held back from before
        steps.append("daarna")
