"""A committed state of a workspace, read with git into a temporary folder, never touching the
checkout: what `gbvs diff --sinds REV` compares with the working tree. git runs through the one
safe wrapper (`commands/git.py`): the repository can make it run nothing."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .diff_model import DiffError
from .git import GitMissing, dubious_ownership, git


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
        contents = _cat_blobs(root, [obj for obj, _ in blobs])
        for (_, name), content in zip(blobs, contents):
            relative = Path(name[len(folder) :] if folder and name.startswith(folder) else name)
            if relative.is_absolute() or ".." in relative.parts:
                continue
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield target, sha, folder


def _cat_blobs(root: Path, objects: list[str]) -> list[bytes]:
    """The contents of many blobs in one `git cat-file --batch` call."""
    if not objects:
        return []
    done = _git(root, "cat-file", "--batch", data=("\n".join(objects) + "\n").encode())
    if done.returncode != 0:
        raise DiffError(f"git cat-file mislukte: {done.stderr.decode(errors='replace').strip()}")
    out, at, contents = done.stdout, 0, []
    for _ in objects:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        contents.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return contents
