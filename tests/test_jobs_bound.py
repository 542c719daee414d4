"""`--taken` (`--jobs`) is bounded by the cores the run may use: more worker processes make the PDF no
faster but heavier (each holds WeasyPrint and its part), so a larger number gives one line and
as many workers as cores."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import WORKSPACE
from processes import workers

from gbvs_report.pdf.layout import MAX_JOBS, worker_count


def _on_cores(count: int):
    cores = sorted(os.sched_getaffinity(0))[:count]

    def limit() -> None:
        os.sched_setaffinity(0, cores)

    return limit, len(cores)


def test_more_jobs_than_cores_give_as_many_workers_as_cores(tmp_path) -> None:
    limit, cores = _on_cores(2)
    command = [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-o", str(tmp_path / "uit")]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.Popen(
        [*command, "--taken", "12"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,  # noqa: PLW1509 (the affinity is set before the child runs any Python)
        env=env,
    )
    most = 0
    while run.poll() is None:
        most = max(most, len(workers(run.pid)))
        time.sleep(0.05)
    out, err = run.communicate()
    assert run.returncode == 0, err
    assert most <= cores
    kernen = "kern" if cores == 1 else "kernen"
    assert f"gbvs: --taken 12 is meer dan de {cores} {kernen} die gbvs hier mag gebruiken" in err


def test_the_bound_is_the_cores_and_never_more_than_max_jobs() -> None:
    cores = len(os.sched_getaffinity(0))
    assert worker_count(None) == (min(cores, MAX_JOBS), None)
    assert worker_count(1) == (1, None)
    count, note = worker_count(MAX_JOBS + cores + 1)
    assert count == min(cores, MAX_JOBS) and note is not None
