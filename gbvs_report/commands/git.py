"""git, run so that a repository can never make it run a program of its own.

A workspace's repository is not trusted: its `.git/config` can name programs that git runs
on its own (`core.fsmonitor` on `git status`, hooks, diff drivers and textconv, clean filters,
`log.showSignature` with `gpg.program`), and the environment can point git elsewhere
(`GIT_DIR`, `GIT_CONFIG_*`, `GIT_EXTERNAL_DIFF`). Every git command of gbvs goes through `git()`:

* only read-only commands that run no filter or driver (`rev-parse`, `log` without patches,
  `ls-tree`, `cat-file --batch`), never `git status`, which refreshes the index through the
  fsmonitor and the clean filters;
* with the settings that could run a program switched off on the command line, where they
  override the repository's (`core.fsmonitor`, `core.hooksPath`, `log.showSignature`,
  `diff.external`, `core.pager`);
* without the caller's `GIT_*` variables, without prompts, without optional locks (nothing in
  the repository is written), and with messages in English, which the callers never parse
  beyond what they document.

`safe.directory` is left as git decides it: a repository owned by another user is refused by
git, and gbvs then says so (`dubious_ownership`) rather than trust it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

OVERRIDES = (
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.quotePath=false",
    "core.pager=cat",
    "log.showSignature=false",
    "diff.external=",
)
"""Settings given on the command line, above any repository's own."""

READ_ONLY = {"rev-parse", "log", "ls-tree", "cat-file"}
"""The git commands gbvs runs; each one runs no program of the repository's choosing."""


class GitMissing(Exception):
    """git is not installed (or cannot be started)."""


def environment() -> dict[str, str]:
    """The environment git runs in: the caller's, without any GIT_* variable, plus ours."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    return env


def _line(folder: Path, command: str, args: tuple[str, ...]) -> list[str]:
    """The command line of a read-only git `command`, with the settings that could run a program off."""
    if command not in READ_ONLY:
        raise ValueError(f"git {command} is not one of the read-only commands gbvs runs")
    options = [part for setting in OVERRIDES for part in ("-c", setting)]
    return ["git", "--no-pager", *options, "-C", str(folder), command, *args]


def git(
    folder: Path, command: str, *args: str, data: bytes | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run a read-only git `command` in `folder`; GitMissing when git cannot be started. A
    timeout gives a failed result (return code -1), never an exception."""
    line = _line(folder, command, args)
    try:
        return subprocess.run(line, input=data, capture_output=True, env=environment(), timeout=timeout, check=False)
    except (FileNotFoundError, PermissionError) as exc:
        raise GitMissing(str(exc)) from None
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(line, -1, b"", b"timeout")


def git_stream(folder: Path, command: str, *args: str) -> subprocess.Popen[bytes]:
    """A read-only git `command` in `folder` that the caller talks to through its pipes (`cat-file
    --batch`, to read a large object in pieces), run as safely as `git()`; GitMissing when git
    cannot be started. The caller closes the pipes and ends the process."""
    try:
        return subprocess.Popen(
            _line(folder, command, args), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment()
        )
    except (FileNotFoundError, PermissionError) as exc:
        raise GitMissing(str(exc)) from None


def dubious_ownership(result: subprocess.CompletedProcess[bytes]) -> bool:
    """git refused the repository because another user owns it (see `safe.directory`)."""
    return b"dubious ownership" in result.stderr
