"""`gbvs report` killed (kill -9, as an out-of-memory killer or a CI runner does): its layout
workers end with it, it leaves nothing in the temporary folder, what it leaves in the output
folder the next run finishes or removes, and the documents in place are always one run's set."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import WORKSPACE, run
from processes import alive, descendants, workers

PERIOD = "2020-2021"
STEM = f"gbvs-voortgangsrapportage-{PERIOD}"


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _documents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="werkprocessen vragen twee kernen (--jobs is begrensd)")
def test_killed_during_layout_its_workers_end_and_the_next_run_finds_nothing(tmp_path: Path) -> None:
    out, temp = tmp_path / "uit", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out)]
    process = subprocess.Popen([*command, "--jobs", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline and len(workers(process.pid)) < 2:
        time.sleep(0.02)
    time.sleep(1)  # the workers at work on the parts
    assert process.poll() is None
    below = descendants(process.pid)
    assert len(below) >= 3  # the fork server and its workers (and the resource tracker)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in below if alive(pid)]
    for pid in left:  # never leave them to the machine, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert list(temp.iterdir()) == []  # WeasyPrint's folders of fonts went with the workers
    assert _hidden(out)  # what the killed run left, with its parts
    result = run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out), "--html-only")
    assert result.exit_code == 0, result.output
    assert _hidden(out) == []
    assert sorted(_documents(out)) == sorted(
        [f"{STEM}.html", f"{STEM}-kamerbrief.html", f"{STEM}-kamerbrief.docx", f"{STEM}-verantwoording.html"]
    )


KILL_AFTER_RENAMES = """
import os, signal, sys
from pathlib import Path

out, count = Path(sys.argv[1]).resolve(), int(sys.argv[2])
real, done = os.replace, []


def replace(source, target, *args, **kwargs):
    real(source, target, *args, **kwargs)
    if Path(target).resolve().parent == out:
        done.append(target)
        if len(done) == count:
            os.kill(os.getpid(), signal.SIGKILL)


os.replace = replace
from gbvs_report.cli import main

sys.argv = ["gbvs", *sys.argv[3:]]
main()
"""


def _workspace_titled(tmp_path: Path, name: str, title: str) -> Path:
    workspace = tmp_path / name
    shutil.copytree(WORKSPACE, workspace)
    settings = workspace / "gbvs.yaml"
    old = "titel: Voortgangsrapportage Geïntegreerde Buitenland- en Veiligheidsstrategie\n"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    subject = "onderwerp: Voortgangsrapportage GBVS over 2020 en 2021\n"  # the letter names its Betreft
    assert subject in text
    settings.write_text(text.replace(old, f"titel: {title}\n").replace(subject, f"onderwerp: {title}\n"), "utf-8")
    return workspace


def test_killed_during_the_renames_the_next_run_puts_the_whole_set_in_place(tmp_path: Path) -> None:
    first = _workspace_titled(tmp_path, "eerste", "Voortgangsrapportage, eerste stand")
    second = _workspace_titled(tmp_path, "tweede", "Voortgangsrapportage, tweede stand")
    out, reference = tmp_path / "uit", tmp_path / "referentie"
    html_only = ["-p", PERIOD, "--html-only"]
    assert run("report", "-w", str(first), "-o", str(out), *html_only).exit_code == 0
    assert run("report", "-w", str(second), "-o", str(reference), *html_only).exit_code == 0
    old, new = _documents(out), _documents(reference)
    assert old.keys() == new.keys() and all(old[name] != new[name] for name in old)  # every document differs
    script = tmp_path / "doden.py"
    script.write_text(KILL_AFTER_RENAMES, encoding="utf-8")
    arguments = ["report", "-w", str(second), "-o", str(out), *html_only]
    killed = subprocess.run([sys.executable, str(script), str(out), "2", *arguments], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # The next run into the folder (here a draft, with names of its own) first puts the rest of
    # the killed run's set into place.
    result = run("report", "-w", str(first), "-o", str(out), *html_only, "--draft")
    assert result.exit_code == 0, result.output
    assert _hidden(out) == []
    written = _documents(out)
    final = {name: data for name, data in written.items() if "-concept" not in name}
    assert final.keys() == new.keys()
    for name in new:  # the first differing line, should a document not be the second run's
        got, want = final[name].decode(errors="replace").splitlines(), new[name].decode(errors="replace").splitlines()
        assert got == want, (name, next((g, w) for g, w in zip([*got, ""], [*want, ""]) if g != w))
    assert len([name for name in written if "-concept" in name]) == 4


def test_a_run_cleans_only_what_is_provably_a_killed_runs(tmp_path: Path) -> None:
    """Hidden files of the user's own, and a folder whose run still lives, stay."""
    out = tmp_path / "uit"
    out.mkdir()
    (out / ".gbvs-uitvoer-eigen1234").mkdir()  # a folder of that name, not made by gbvs: no marker
    (out / ".gbvs-uitvoer-eigen1234" / "notitie.txt").write_text("van de gebruiker", encoding="utf-8")
    (out / ".notities").write_text("van de gebruiker", encoding="utf-8")
    stale = out / f".{STEM}.html.abcd1234.tmp"  # what an older gbvs left, long ago
    stale.write_text("half", encoding="utf-8")
    os.utime(stale, (1, 1))
    recent = out / f".{STEM}-kamerbrief.html.efgh5678.tmp"  # perhaps an older gbvs at work now
    recent.write_text("half", encoding="utf-8")
    living = subprocess.Popen(  # a run that is writing now: its folder is locked
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from gbvs_report.commands.staging import Staging; "
            "s = Staging(Path(sys.argv[1])).open(); print(s.folder.name, flush=True); time.sleep(60)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert living.stdout is not None
        busy = living.stdout.readline().strip()
        assert run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out), "--html-only").exit_code == 0
        assert _hidden(out) == sorted([".gbvs-uitvoer-eigen1234", ".notities", recent.name, busy])
    finally:
        living.kill()
        living.communicate()
