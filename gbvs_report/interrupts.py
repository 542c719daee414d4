"""An interrupt (Ctrl-C, or SIGTERM as CI sends it) ends a run as an exception, KeyboardInterrupt,
raised wherever the run is. A step that makes something and notes it for the clean-up (a
temporary file, a folder of parts) must not be cut in two, or what it made would be left
behind: `uninterrupted` holds an interrupt back until the step is done.

`gbvs` raises the interrupt through `interrupt` (gbvs_report/cli/__init__.py). Python runs
signal handlers in the main thread, whichever thread received the signal, so holding back is a
matter of this thread's state only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_held = 0
_pending: list[int] = []


def interrupt(signum: int) -> None:
    """End the run now, or as soon as the step under way is done."""
    if _held:
        _pending.append(signum)
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold an interrupt back while the block runs; raise it when the block is done."""
    global _held  # noqa: PLW0603 (the process's one state)
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending:
            _pending.clear()
            raise KeyboardInterrupt
