"""A committed state of a workspace, read with git into a temporary folder, never touching the
checkout: what `gbvs diff --sinds REV` compares with the working tree. git runs through the one
safe wrapper (`commands/git.py`): the repository can make it run nothing."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .diff_model import DiffError
from .git import GitMissing, dubious_ownership, git, git_stream


def _git(folder: Path, command: str, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return git(folder, command, *args, data=data)
    except GitMissing:
        raise DiffError("git is niet geïnstalleerd; --sinds heeft git nodig") from None


@contextmanager
def revision_workspace(root: Path, revision: str) -> Iterator[tuple[Path, str, str]]:
    """The workspace's files as committed in `revision`, in a temporary folder. Reads the
    repository only (ls-tree and cat-file): the checkout, index and branches stay as they are.
    Yields the folder, the commit and the workspace's folder in the repository ('' or 'a/b/')."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if dubious_ownership(prefix):
        raise DiffError(
            f"git weigert de repository van {root}: die is van een andere gebruiker. Vertrouwt u haar, "
            "zet haar dan zelf in safe.directory (git config --global --add safe.directory MAP)"
        )
    if prefix.returncode != 0:
        raise DiffError(f"{root} staat niet in een git-repository; vergelijk twee mappen met gbvs diff OUD NIEUW")
    commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if commit.returncode != 0 or revision.startswith("-"):
        raise DiffError(f"onbekende revisie '{revision}' in de git-repository van {root}")
    sha = commit.stdout.decode().strip()
    folder = prefix.stdout.decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", sha, "--", folder or ".")
    if listing.returncode != 0:
        raise DiffError(f"git kan revisie '{revision}' niet lezen: {listing.stderr.decode(errors='replace').strip()}")
    blobs: list[tuple[str, str]] = []
    for entry in filter(None, listing.stdout.split(b"\0")):
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split()
        if kind == "blob" and mode in ("100644", "100755"):
            blobs.append((obj, raw_name.decode("utf-8", errors="surrogateescape")))
    with tempfile.TemporaryDirectory(prefix="gbvs-diff-") as temp:
        target = Path(temp)
        wanted: list[tuple[str, Path, str]] = []
        for obj, name in blobs:
            relative = Path(name[len(folder) :] if folder and name.startswith(folder) else name)
            if not relative.is_absolute() and ".." not in relative.parts:
                wanted.append((obj, target / relative, name))
        _write_blobs(root, revision, wanted)
        yield target, sha, folder


# What is read from a revision, and no more: a YAML file larger than the loader reads is refused
# by it on its size alone (Y014), so it is never read, only its size is given to it; any other
# file (a template) up to FILE_MAX; all of them together up to TOTAL_MAX.
FILE_MAX = 16 * 1024 * 1024
TOTAL_MAX = 512 * 1024 * 1024
_CHUNK = 1024 * 1024


def _shown(name: str) -> str:
    """A path from the repository as a message may show it: escaped, and not too long."""
    from .reporters import safe

    text = safe(name)
    return text if len(text) <= 90 else text[:89] + "…"


def _write_blobs(root: Path, revision: str, wanted: list[tuple[str, Path, str]]) -> None:
    """Write each blob to its path: its size first (`git cat-file --batch-check`), then its
    content streamed to the file, one at a time (`--batch`), never more of it in memory than a
    chunk. A YAML file larger than the loader reads becomes a file of its size without content
    (sparse: no disk space), which the loader refuses as too large, as it would the real one."""
    from ..load import MAX_BYTES
    from ..oserrors import reason

    if not wanted:
        return
    sizes = _sizes(root, [obj for obj, _, _ in wanted])
    total = 0
    for (_, path, name), size in zip(wanted, sizes):
        limit = MAX_BYTES if path.suffix.lower() in (".yaml", ".yml") else FILE_MAX
        if size > limit and limit != MAX_BYTES:
            raise DiffError(
                f"revisie {revision} bevat een bestand van {size // (1024 * 1024)} MB ({_shown(name)}); "
                f"gbvs leest uit een revisie geen bestand boven {FILE_MAX // (1024 * 1024)} MB"
            )
        total += min(size, limit + 1)
        if total > TOTAL_MAX:
            raise DiffError(
                f"de werkmap in revisie {revision} is groter dan gbvs uit een revisie leest "
                f"({TOTAL_MAX // (1024 * 1024)} MB)"
            )
    try:
        batch = git_stream(root, "cat-file", "--batch")
    except GitMissing:
        raise DiffError("git is niet geïnstalleerd; --sinds heeft git nodig") from None
    with batch as git:
        assert git.stdin is not None and git.stdout is not None
        try:
            for (obj, path, name), size in zip(wanted, sizes):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with path.open("xb") as handle:
                        if size > MAX_BYTES and path.suffix.lower() in (".yaml", ".yml"):
                            handle.truncate(size)  # never read: the loader refuses it on its size
                            continue
                        _stream(git, obj, size, handle)
                except OSError as exc:
                    raise DiffError(
                        f"revisie {revision} bevat een bestand dat hier niet kan worden gemaakt: "
                        f"{_shown(name)}: {reason(exc)}"
                    ) from None
        finally:
            git.stdin.close()
            git.stdout.close()
            git.kill()


def _sizes(root: Path, objects: list[str]) -> list[int]:
    done = _git(root, "cat-file", "--batch-check", data=("\n".join(objects) + "\n").encode())
    if done.returncode != 0:
        raise DiffError(f"git cat-file mislukte: {done.stderr.decode(errors='replace').strip()}")
    sizes = []
    for obj, line in zip(objects, done.stdout.decode("ascii", errors="replace").splitlines()):
        parts = line.split()
        if len(parts) != 3 or parts[0] != obj or parts[1] != "blob" or not parts[2].isdigit():
            raise DiffError(f"git cat-file kan object {obj} niet lezen")
        sizes.append(int(parts[2]))
    if len(sizes) != len(objects):
        raise DiffError("git cat-file gaf niet elk object")
    return sizes


def _stream(git: subprocess.Popen[bytes], obj: str, size: int, handle: BinaryIO) -> None:
    """Ask `git cat-file --batch` for one blob and copy its `size` bytes to `handle` in chunks."""
    assert git.stdin is not None and git.stdout is not None
    git.stdin.write(obj.encode() + b"\n")
    git.stdin.flush()
    header = git.stdout.readline(200).split()
    if len(header) != 3 or header[0].decode(errors="replace") != obj or int(header[2]) != size:
        raise DiffError(f"git cat-file kan object {obj} niet lezen")
    left = size
    while left:
        chunk = git.stdout.read(min(left, _CHUNK))
        if not chunk:
            raise DiffError(f"git cat-file hield op midden in object {obj}")
        handle.write(chunk)
        left -= len(chunk)
    git.stdout.read(1)  # the line feed after the content
