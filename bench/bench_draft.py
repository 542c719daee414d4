"""Benchmark of a draft on many copies of one submission, against `gbvs validate` on the same files.

CI makes a draft on every push, of whatever the branch holds. Copies of one submission (each a
duplicate, X001) must cost a draft no more than they cost `gbvs validate`: the draft leaves them
out, its problems annex lists files with the same findings once, its accountability lists files
with the same content once. The example workspace gets 0, 1,000 (and with --copies more) copies
of BZ's submission for goal 1; for each: `gbvs validate` and `gbvs report --draft` (PDFs, no
cache), whole processes, wall time and the peak of the resident set sizes of the process tree
(bench_render.tree_sample). The table gives what the copies add to each, and the ratio of the two.

Target: what 1,000 copies add to the draft is at most a few times what they add to validate, and
the draft stays under 1 GB.

    python bench/bench_draft.py
    python bench/bench_draft.py --copies 1000,10000 --runs 2
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_render import measure as measure_tree  # noqa: E402

PERIOD = "2020-2021"
TARGET_PEAK_MB = 1024


def measure(command: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak memory of the process tree in MiB; exit code 0 or 1 (findings)."""
    elapsed, peak, _ = measure_tree(command, {}, accept=(0, 1))
    return elapsed, peak


def gbvs(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "gbvs"
    return [*([str(script)] if script.exists() else [sys.executable, "-m", "gbvs_report"]), *args]


def workspace_with(copies: int, base: Path) -> Path:
    target = base / f"kopieen-{copies}"
    shutil.copytree(ROOT / "indicators", target)
    original = (target / PERIOD / "doel-01-BZ.yaml").read_bytes()
    for i in range(copies):
        (target / PERIOD / f"kopie-{i:05d}.yaml").write_bytes(original)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", default="1000", help="aantallen kopieën, met komma's (0 gaat altijd mee)")
    parser.add_argument("--runs", type=int, default=1, help="beurten; de snelste telt")
    options = parser.parse_args()
    counts = [0, *(int(c) for c in options.copies.split(",") if int(c) > 0)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="gbvs-bench-concept-") as temp:
        base = Path(temp)
        for copies in counts:
            workspace = workspace_with(copies, base)
            checks, drafts = [], []
            for run in range(options.runs):
                checks.append(measure(gbvs("validate", str(workspace))))
                out = base / f"uit-{copies}-{run}"
                drafts.append(measure(gbvs("report", "--draft", "--no-cache", "-w", str(workspace), "-o", str(out))))
            rows.append((copies, min(checks), min(drafts)))
            print(f"{copies} kopieën: validate {rows[-1][1][0]:.2f} s, concept {rows[-1][2][0]:.2f} s", file=sys.stderr)
    (_, (check_0, _), (draft_0, _)) = rows[0]
    print(
        "| kopieën | `gbvs validate` | piek | `gbvs report --draft` | piek | erbij: validate | erbij: concept | verhouding |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for copies, (check, check_peak), (draft, draft_peak) in rows:
        extra_check, extra_draft = check - check_0, draft - draft_0
        ratio = f"{extra_draft / extra_check:.1f}" if copies and extra_check > 0 else "–"
        print(
            f"| {copies} | {check:.2f} s | {check_peak:.0f} MiB | {draft:.2f} s | {draft_peak:.0f} MiB "
            f"| {extra_check:+.2f} s | {extra_draft:+.2f} s | {ratio} |"
        )
    if any(peak > TARGET_PEAK_MB for _, _, (_, peak) in rows):
        print(f"Let op: een concept kwam boven {TARGET_PEAK_MB} MiB.", file=sys.stderr)


if __name__ == "__main__":
    main()
