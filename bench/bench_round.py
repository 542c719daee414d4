"""The reporting round's commands on synthetic workspaces: `gbvs status` and `gbvs export`
at 1 and 10 times the example corpus, with time and peak memory, and the targets they must meet.

    python bench/bench_round.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from gbvs_report.commands.export import export_period  # noqa: E402
from gbvs_report.commands.status import round_status  # noqa: E402
from gbvs_report.workspace import open_workspace  # noqa: E402

PERIOD = "2020-2021"
# Seconds allowed at 10x (180 submissions in the period): a coordinator runs these often.
TARGETS = {"status": 5.0, "export": 5.0}


def measure(work) -> tuple[float, float]:
    """Time without tracing (tracemalloc slows Python down), then peak memory in a second run."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def main() -> int:
    failed = False
    print(f"{'schaal':>6}  {'bestanden':>9}  {'commando':<8}  {'seconden':>8}  {'piek MiB':>8}")
    with tempfile.TemporaryDirectory() as temp:
        for scale in (1, 10):
            root = generate(scale, Path(temp) / f"ws-{scale}")
            workspace, findings = open_workspace(root)
            assert workspace is not None, findings
            files = len(list((root / PERIOD).glob("*.yaml")))
            runs = {
                "status": lambda ws=workspace: round_status(ws, PERIOD),
                "export": lambda ws=workspace, s=scale: export_period(ws, PERIOD, Path(temp) / f"out-{s}", "csv"),
            }
            for name, work in runs.items():
                seconds, peak = measure(work)
                print(f"{scale:>6}  {files:>9}  {name:<8}  {seconds:>8.2f}  {peak:>8.1f}")
                if scale == 10 and seconds > TARGETS[name]:
                    print(f"  te langzaam: {name} mag bij 10x hoogstens {TARGETS[name]} s duren")
                    failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
