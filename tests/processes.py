"""The processes a run starts, read from /proc: for tests that watch `gbvs report` from outside."""

from __future__ import annotations

import os
from pathlib import Path


def _parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(root: int) -> set[int]:
    """Every living process below `root`."""
    parents = _parents()
    below, changed = set(), True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if pid not in below and (parent == root or parent in below):
                below.add(pid)
                changed = True
    return below


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def workers(root: int) -> set[int]:
    """The layout workers of the run `root`: the children of its fork server."""
    below = descendants(root)
    servers = {pid for pid in below if "forkserver" in command_line(pid)}
    parents = _parents()
    return {pid for pid in below if parents.get(pid) in servers}


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


__all__ = ["alive", "command_line", "descendants", "os", "workers"]
