"""The documents of one `gbvs report`, put into the output folder as one set.

A run writes every document into a hidden folder of its own in the output folder first
(`.gbvs-uitvoer-XXXXXXXX`, with the parts of its PDFs), which holds a marker file that the run
keeps locked (flock) for as long as it lives. When every document is complete, the run writes
the list of their names into that folder (the commit), then renames them into place, one after
the other, and removes the folder. Runs into the same output folder do that one at a time (a
lock on the output folder), so each set in place comes from one run.

A run that ends in the middle (an error, Ctrl-C, SIGTERM) removes its folder: the output folder
is as it was. A run that is killed (kill -9, a power cut) cannot; its folder stays, unlocked,
since the kernel releases the lock of a process that is gone. The next run into that output
folder finishes what it finds before it starts (`recover`): a folder with the list of names has
the rest of its documents renamed into place (unless a newer document already stands there),
a folder without it is removed. Only folders that are provably of this kind are touched: the
name, the marker with its first line, and the lock free. Files beside the documents that an
older gbvs left (`.NAME.XXXXXXXX.tmp`, made more than an hour ago) go too.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..interrupts import uninterrupted

PREFIX = ".gbvs-uitvoer-"
MARKER = ".gbvs-uitvoer"
MANIFEST = ".klaar"
MAGIC = "gbvs report: documenten in wording\n"
STALE_S = 3600  # an empty folder or an old temporary file this old was left by a run that died
_FOLDER = re.compile(re.escape(PREFIX) + r"[a-z0-9_]{8}")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Staging:
    """The hidden folder one run writes its documents into (`path(name)`), until `commit`."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder: Path | None = None
        self._lock: int | None = None

    def open(self) -> Staging:
        """Make the folder and its marker, locked, as one step that an interrupt does not cut."""
        self.output.mkdir(parents=True, exist_ok=True)
        with uninterrupted():
            self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.output))
            self._lock = os.open(self.folder / MARKER, os.O_RDWR | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o600)
            _flock(self._lock, blocking=True)
            os.write(self._lock, f"{MAGIC}{os.getpid()}\n".encode())
        return self

    def path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name

    def commit(self, names: list[str]) -> None:
        """Put the documents `names` into place as one set: the list first, then the renames
        (an interrupt waits until they are done), then the folder goes."""
        assert self.folder is not None
        for name in names:  # a folder where a document should go: refused before anything moves
            target = self.output / name
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(21, "is een map", str(target))
        listed = self.folder / f"{MANIFEST}.nieuw"
        listed.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
        os.replace(listed, self.folder / MANIFEST)
        with _output_locked(self.output), uninterrupted():
            for name in names:
                os.replace(self.folder / name, self.output / name)
            self.close()

    def close(self) -> None:
        """Remove the folder and whatever is still in it."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def recover(output: Path, names: list[str]) -> None:
    """Finish what runs that were killed left in `output` (see the module's description), and
    remove the stale temporary files an older gbvs left beside the documents `names`."""
    if not output.is_dir():
        return
    with _output_locked(output):
        for entry in sorted(os.scandir(output), key=lambda e: e.name):
            if _FOLDER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                _finish(output, Path(entry.path))
            elif any(re.fullmatch(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp", entry.name) for name in names):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and time.time() - entry.stat().st_mtime > STALE_S:
                        os.unlink(entry.path)


def _finish(output: Path, folder: Path) -> None:
    try:
        marker = os.open(folder / MARKER, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | _CLOEXEC)
    except FileNotFoundError:  # killed between making the folder and its marker
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > STALE_S:
                folder.rmdir()  # only when empty
        return
    except OSError:
        return
    try:
        if not _flock(marker, blocking=False):
            return  # its run is alive
        if not os.read(marker, 4096).decode(errors="replace").startswith(MAGIC):
            return  # not provably a folder of this kind
        manifest = folder / MANIFEST
        if manifest.is_file() and not manifest.is_symlink():
            committed = manifest.stat().st_mtime
            for name in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
                staged, target = folder / name, output / name
                if not _NAME.fullmatch(name) or not staged.is_file() or staged.is_symlink():
                    continue
                with contextlib.suppress(FileNotFoundError):
                    if target.lstat().st_ctime > committed:
                        continue  # a newer document stands there already
                os.replace(staged, target)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(marker)


def _flock(fd: int, *, blocking: bool) -> bool:
    """Lock `fd` (flock); False when another process holds it and `blocking` is off. Where the
    file system has no locks, as if it were free."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _output_locked(output: Path) -> Iterator[None]:
    """The output folder locked against other runs' renames and recovery, for a moment."""
    try:
        fd = os.open(output, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        yield
        return
    try:
        _flock(fd, blocking=True)
        yield
    finally:
        os.close(fd)  # releases the lock
