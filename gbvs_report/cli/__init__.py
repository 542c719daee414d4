"""The `gbvs` command: a thin layer that reads options, calls a pipeline stage and maps the
result to output and an exit code. Heavy imports (WeasyPrint) happen inside the commands."""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys

from . import checking, documents, round  # noqa: F401  (each registers its commands on the app)
from ._shared import EXIT_INTERRUPTED, EXIT_TERMINATED, app, progress_printer

__all__ = ["app", "main", "progress_printer"]


def main() -> None:
    """Run `gbvs`. An interrupt (Ctrl-C, SIGINT) and a request to stop (SIGTERM, as CI sends
    it) end the work the same way: every temporary file is removed on the way out, earlier
    outputs stay as they were, and one Dutch line says so."""
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        app()
    except SystemExit:
        if not stopped:
            raise
    # Out of the handler, the interrupted work and everything it held are gone: collect it, stop
    # the workers and clean up as the interpreter would at exit, then remove the run's folder.
    gc.collect()
    atexit._run_exitfuncs()
    print("gbvs: afgebroken; niets is half geschreven, eerdere uitvoer is onveranderd.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # End with the code shells expect, before the interpreter reports the interrupt itself.
    os._exit(EXIT_INTERRUPTED if stopped[0] == signal.SIGINT else EXIT_TERMINATED)
