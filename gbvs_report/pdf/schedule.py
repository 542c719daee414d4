"""Where and when each document is laid out: in this process (`--taken 1`), or in worker
processes, the jobs of every PDF of a run sharing them.

The queue is the scheduler's own, not the worker pool's: a worker gets its next job only when
it is free, so that a job asked for later can still go first. What gates the rest of a run
(the table of contents and the footers, which wait for every part of their report) goes first;
otherwise the largest job first, so that the workers finish close together. A run asks for the
jobs of all its documents at once (`submit`), then waits for those of one document
(`wait`) while the workers carry on with the others.

Worker processes come from a fork server that has imported WeasyPrint once: each worker starts
without importing it again and without a copy of this process's memory (the submissions, the
HTML). `start_workers` starts them while this process still checks the submissions and
renders the HTML, so that they are ready when the first part is.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from typing import Any

PRELOAD = ["gbvs_report.pdf.work", "weasyprint", "weasyprint.text.fonts"]

# (workers, pool, the thread starting them) started ahead (start_workers), until a Scheduler takes the pool
_started: list[tuple[int, Any, Any]] = []


def _context() -> Any:
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _pool(workers: int) -> Any:
    """The worker processes; each ends with this process, however it ends (work.end_with)."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .work import start_worker

    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=start_worker, initargs=(os.getpid(),)
    )


def start_workers(workers: int) -> None:
    """Start `workers` worker processes now, each setting WeasyPrint and the fonts up, while the
    caller carries on; the next Scheduler with as many workers lays out with them."""
    import threading

    from .work import ready

    stop_workers()
    pool = _pool(workers)

    def start() -> None:
        for _ in range(workers):  # a process is started for each task while none is free
            pool.submit(ready)

    # Starting a process waits for the fork server to have imported WeasyPrint: let a thread
    # wait for that, not the caller.
    starting = threading.Thread(target=start, name="gbvs-workers", daemon=True)
    starting.start()
    _started.append((workers, pool, starting))


def stop_workers() -> None:
    """Stop workers that were started ahead but not used (the run ended before its PDFs)."""
    while _started:
        _, pool, starting = _started.pop()
        starting.join()
        pool.shutdown(wait=True, cancel_futures=True)


class Scheduler:
    """Lays jobs (gbvs_report.pdf.work.Job) out in up to `jobs` worker processes, or in this
    process when `jobs` is 1 or a URL fetcher of the caller's is to be used (it stays in this
    process). `on_done(ticket)` is called as each job is done, whoever waits for it."""

    def __init__(self, jobs: int, fetcher: Any = None, on_done: Callable[[int], object] = lambda ticket: None) -> None:
        self.jobs, self.fetcher, self.on_done = jobs, fetcher, on_done
        self.in_process = jobs <= 1 or fetcher is not None
        self.queue: list[tuple[tuple[int, int, int], int]] = []
        self.waiting: dict[int, Any] = {}  # ticket: job, until it is given to a worker
        self.running: dict[Any, int] = {}  # future: ticket
        self.results: dict[int, dict] = {}  # done, until waited for
        self.tickets = itertools.count()
        self.layouter: Any = None
        self.pool: Any = None

    def submit(self, job: Any, *, urgent: bool = False) -> int:
        """Queue `job`; its ticket, to wait for it by."""
        ticket = next(self.tickets)
        heapq.heappush(self.queue, ((0 if urgent else 1, -len(job.text), ticket), ticket))
        self.waiting[ticket] = job
        return ticket

    def wait(self, tickets: list[int]) -> Iterator[tuple[int, dict]]:
        """(ticket, result) of each of `tickets`, as they are done; meanwhile the workers lay
        out other queued jobs too, as they come free."""
        wanted = set(tickets)
        for ticket in tickets:
            if ticket in self.results:
                wanted.discard(ticket)
                yield ticket, self.results.pop(ticket)
        if self.in_process:
            yield from self._here([t for t in tickets if t in wanted])
            return
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as first_done

        while wanted:
            self._fill()
            done, _ = first_done(self.running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=self.running.__getitem__):
                ticket = self.running.pop(future)
                result = future.result()
                self.on_done(ticket)
                if ticket in wanted:
                    wanted.discard(ticket)
                    yield ticket, result
                else:
                    self.results[ticket] = result

    def _here(self, tickets: list[int]) -> Iterator[tuple[int, dict]]:
        from .fetch import asset_fetcher
        from .work import Layouter

        if self.layouter is None:
            self.layouter = Layouter(self.fetcher or asset_fetcher())
        for ticket in tickets:
            result = self.layouter.lay_out(self.waiting.pop(ticket))
            self.on_done(ticket)
            yield ticket, result

    def _fill(self) -> None:
        """Give each free worker the most urgent job in the queue."""
        from .work import lay_out

        if self.pool is None:
            if _started and _started[-1][0] == self.jobs:
                _, self.pool, starting = _started.pop()
                starting.join()
            else:
                self.pool = _pool(self.jobs)
        while self.queue and len(self.running) < self.jobs:
            _, ticket = heapq.heappop(self.queue)
            self.running[self.pool.submit(lay_out, self.waiting.pop(ticket))] = ticket

    def close(self, failed: bool) -> None:
        """Stop the workers (waiting for what they are doing); jobs queued are never laid out."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=failed)
