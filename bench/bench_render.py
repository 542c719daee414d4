"""Benchmark of `gbvs report` against WeasyPrint alone, side by side, on synthetic workspaces
of 1, 10 and 100 times the example corpus (bench/generate.py).

Both sides are whole processes, timed from start to exit (wall clock), imports included:
- ours: the `gbvs report` command (checking the submissions, the HTML, the PDF, writing both),
  with its defaults (as many workers as cores, the cache of laid-out parts), the cache empty
  ("koud") in a folder of its own (XDG_CACHE_HOME);
- WeasyPrint alone: a Python process that imports WeasyPrint and lays out the HTML file our run
  wrote, with the same fonts.css and `pdf_variant="pdf/ua-1"`, into one PDF.
The two take turns, `--runs` times; the table shows the fastest of each and their ratio. At
10x also: after one narrative changed, with the cache filled by a run before the change
("warm, één toelichting gewijzigd"), against WeasyPrint alone on the changed HTML.

Memory: the peak of the resident set sizes of the command's process and all its descendants
(the fork server and the workers) added up, sampled from /proc every 20 ms; with it the CPU time
(user and system) of each process in the tree, added up. Pages that
processes share (the libraries, what the workers inherit from the fork server) count once per
process, so this is an upper bound of what the machine needs.

Targets (issue 13): 1x at most 1.00 of WeasyPrint alone; 10x at most 0.65; 100x at most 0.60
with a peak under 2 GB; 10x after one change, cache warm, at most 0.30.

    python bench/bench_render.py              # 1x, 10x and 100x
    python bench/bench_render.py --scales 1,10 --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PERIOD = "2020-2021"
TARGETS = {("koud", 1): 1.00, ("koud", 10): 0.65, ("koud", 100): 0.60, ("warm", 10): 0.30}
TARGET_PEAK_MB = 2048
SAMPLE_S = 0.02
ALONE = """
import sys
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from gbvs_report.pdf.layout import FONTS_CSS, PDF_VARIANT
fonts = FontConfiguration()
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], font_config=fonts, pdf_variant=PDF_VARIANT,
    stylesheets=[CSS(filename=str(FONTS_CSS), font_config=fonts)])
"""


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match[1]) if match else 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float:
    """User and system time of `pid` so far (its own, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def tree_sample(pid: int, cpu: dict[int, float]) -> float:
    """The resident set sizes of `pid` and all its descendants, added up, in MiB; notes the CPU
    time of each in `cpu`."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kb(current)
        cpu[current] = max(cpu.get(current, 0.0), _cpu_s(current))
        stack += _children(current)
    return total / 1024


def measure(command: list[str], env: dict, accept: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Run `command`; its wall time in seconds, the peak memory of its process tree in MiB and
    the CPU time of the processes in it (as last sampled, so a little short) in seconds. An exit
    code not in `accept` ends the benchmark."""
    peak = [0.0]
    cpu: dict[int, float] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1650196800", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_sample(proc.pid, cpu))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in accept:
        sys.exit(f"mislukt (exitcode {proc.returncode}): {' '.join(command)}\n{stderr.decode()[-2000:]}")
    return elapsed, peak[0], sum(cpu.values())


def gbvs_command(workspace: Path, out: Path, *extra: str) -> list[str]:
    script = Path(sys.executable).parent / "gbvs"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "gbvs_report"]
    return [*head, "report", "-w", str(workspace), "-p", PERIOD, "-o", str(out), *extra]


def alone_command(out: Path) -> list[str]:
    html = next(out.glob(f"*-{PERIOD}.html"))  # the report's, not the letter's or the accountability's
    return [sys.executable, "-c", ALONE, str(html), str(out / "weasyprint-alleen.pdf")]


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def change_one_narrative(workspace: Path) -> Path:
    """One goal's results get one sentence more, as when a department sends a correction."""
    files = sorted((workspace / PERIOD).glob("*.yaml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    changed = text.replace("  resultaten: |\n", "  resultaten: |\n    Na de eerste lezing bijgewerkt.\n", 1)
    assert changed != text, target
    target.write_text(changed, encoding="utf-8")
    return target


def side_by_side(runs: int, ours, alone) -> dict:
    """`ours` and `alone` (each: a function giving wall time and peak) taking turns, `runs`
    times, so that other work on the machine disturbs both alike; the fastest of each."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(ours())
        theirs.append(alone())
    (t, _, t_cpu), (w, w_peak, w_cpu) = min(mine), min(theirs)
    return {
        "gbvs": t,
        "weasyprint": w,
        "ratio": t / w,
        "peak_mb": max(p for _, p, _ in mine),
        "weasyprint_mb": w_peak,
        "all_ratios": [a[0] / b[0] for a, b in zip(mine, theirs)],
        "gbvs_cpu": t_cpu,
        "weasyprint_cpu": w_cpu,
    }


def bench(scales: list[int], runs: int, jobs: str | None) -> list[dict]:
    from generate import generate

    rows = []
    extra = ("--jobs", jobs) if jobs else ()
    with tempfile.TemporaryDirectory(prefix="gbvs-bench-") as tmp:
        tmp_path = Path(tmp)
        for scale in scales:
            workspace = generate(scale, tmp_path / f"ws-{scale}")
            out = tmp_path / f"out-{scale}"
            caches = tmp_path / f"cache-{scale}"
            counter = iter(range(10**6))

            def cold(workspace=workspace, out=out, caches=caches, counter=counter):
                cache = caches / f"koud-{next(counter)}"  # empty: every part laid out
                return measure(gbvs_command(workspace, out, *extra), {"XDG_CACHE_HOME": str(cache)})

            n = runs if scale <= 10 else 1
            row = side_by_side(n, cold, lambda out=out: measure(alone_command(out), {}))
            row |= {"scale": scale, "case": "koud", "pages": pages(next(out.glob("*-2020-2021.pdf")))}
            rows.append(row)
            print(f"{scale}x koud: {row}", file=sys.stderr, flush=True)
            if scale == 10:
                warm = caches / "warm"
                measure(gbvs_command(workspace, out, *extra), {"XDG_CACHE_HOME": str(warm)})
                change_one_narrative(workspace)
                snapshot = caches / "warm-kopie"

                def changed(warm=warm, snapshot=snapshot, workspace=workspace, out=out):
                    shutil.rmtree(snapshot, ignore_errors=True)
                    shutil.copytree(warm, snapshot)  # the cache as it was before the change, every time
                    return measure(gbvs_command(workspace, out, *extra), {"XDG_CACHE_HOME": str(snapshot)})

                row = side_by_side(n, changed, lambda out=out: measure(alone_command(out), {}))
                row |= {"scale": scale, "case": "warm", "pages": pages(next(out.glob("*-2020-2021.pdf")))}
                rows.append(row)
                print(f"{scale}x warm: {row}", file=sys.stderr, flush=True)
    return rows


CASES = {"koud": "cache leeg", "warm": "cache warm, één toelichting gewijzigd"}


def table(rows: list[dict]) -> str:
    lines = [
        "| schaal | geval | pagina's | gbvs report | WeasyPrint alleen | verhouding (doel) | alle verhoudingen "
        "| CPU-tijd (gbvs / WeasyPrint) | piekgeheugen, alle processen (gbvs / WeasyPrint) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = TARGETS.get((r["case"], r["scale"]))
        goal = f" (≤ {target:.2f})" if target else ""
        ratios = ", ".join(f"{x:.2f}" for x in r["all_ratios"])
        lines.append(
            f"| {r['scale']}x | {CASES[r['case']]} | {r['pages']} | {r['gbvs']:.1f} s | {r['weasyprint']:.1f} s "
            f"| {r['ratio']:.2f}{goal} | {ratios} | {r['gbvs_cpu']:.1f} s / {r['weasyprint_cpu']:.1f} s "
            f"| {r['peak_mb']:.0f} MiB / {r['weasyprint_mb']:.0f} MiB |"
        )
    return "\n".join(lines)


def verdict(rows: list[dict]) -> list[str]:
    """The targets that were missed, in words."""
    missed = []
    for r in rows:
        target = TARGETS.get((r["case"], r["scale"]))
        if target is not None and r["ratio"] > target:
            missed.append(
                f"{r['scale']}x ({CASES[r['case']]}): {r['ratio']:.2f} van WeasyPrint alleen (doel ≤ {target:.2f})"
            )
        if r["peak_mb"] > TARGET_PEAK_MB:
            missed.append(f"{r['scale']}x: piekgeheugen {r['peak_mb']:.0f} MiB (doel < {TARGET_PEAK_MB} MiB)")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description="Meet de snelheid en het geheugen van gbvs report.")
    parser.add_argument("--scales", default="1,10,100", help="schalen, bijvoorbeeld 1,10,100")
    parser.add_argument("--runs", type=int, default=3, help="beurten per meting tot en met 10x (100x: één)")
    parser.add_argument("--jobs", default=None, help="--jobs voor gbvs report (standaard: het aantal kernen)")
    args = parser.parse_args()
    rows = bench([int(s) for s in args.scales.split(",")], args.runs, args.jobs)
    print(f"\ngbvs report tegen WeasyPrint alleen, hele processen, snelste van elk; {os.cpu_count()} kernen:\n")
    print(table(rows))
    for line in verdict(rows):
        print(f"doel niet gehaald: {line}")


if __name__ == "__main__":
    main()
