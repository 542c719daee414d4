"""The `gbvs` command: a thin layer that reads options, calls a pipeline stage and maps the
result to output and an exit code. Heavy imports (WeasyPrint) happen inside the commands."""

from __future__ import annotations

import atexit
import copy
import gc
import os
import signal
import sys

import typer
from typer.main import get_command_name
from typer.models import CommandInfo

from ..interrupts import interrupt
from . import checking, documents, round  # noqa: F401  (each registers its commands on the app)
from ._shared import EXIT_INTERRUPTED, EXIT_TERMINATED, app, progress_printer

__all__ = ["app", "app_for", "main", "progress_printer"]


def app_for(args: list[str]) -> typer.Typer:
    """The app to run for these arguments: with only the command they name, when they name one.
    typer reads the signature of every command before it runs one (some 10 ms for gbvs's ten,
    a third of what `gbvs validate` adds to a typer command that only parses); help, a wrong
    command name and shell completion get the whole app."""
    if not args or args[0].startswith("-") or "_GBVS_COMPLETE" in os.environ:
        return app
    named = [c for c in app.registered_commands if _name(c) == args[0]]
    if not named:
        return app
    lean = copy.copy(app)
    lean.registered_commands = named
    return lean


def _name(command: CommandInfo) -> str | None:
    """A command's name as typer gives it: its own, or its function's with dashes."""
    return command.name or (get_command_name(command.callback.__name__) if command.callback else None)


def main() -> None:
    """Run `gbvs`. An interrupt (Ctrl-C, SIGINT) and a request to stop (SIGTERM, as CI sends
    it) end the work the same way: every temporary file is removed on the way out, earlier
    outputs stay as they were, and one Dutch line says so."""
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        interrupt(signum)  # now, or when the step under way is done

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        app_for(sys.argv[1:])()
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
