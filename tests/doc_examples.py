"""The command examples of the handbooks (README.md and docs/), collected from their Markdown so
that tests can run them: a handbook that shows what `gbvs` prints says what `gbvs` prints.

Why a small collector and not pytest-examples or sybil: the examples are shell sessions of one
command-line program, not Python. pytest-examples runs and checks Python code blocks only; sybil
would need a parser of its own for these blocks anyway, and its pytest plugin collects only files
under the test paths (docs/ is not one), so most of this module would remain, plus a dependency.
Here the whole contract is in one place.

How a handbook marks an example that is run (a fenced block of kind `console`):

    <!-- draait-in: docs/voorbeelden, exitcode 1 -->
    ```console
    $ gbvs validate 2020-2021/doel-05-DEF.yaml
    2020-2021/doel-05-DEF.yaml:25:17: fout[S003] ...
    ```

- The comment right above the block names the place it runs in (the `werkplek`), always a fresh
  copy in a temporary folder: `voorbeeld` is a folder with a copy of the example workspace as
  `indicators/` (like the root of this repository); `leeg` is an empty folder; any other name is
  a folder of this repository (`docs/voorbeelden`), copied, and the commands run inside it.
- Lines that start with `$ ` are commands, run one after the other with bash (a line that ends
  in `\\` goes on on the next line); `cd MAP` changes the folder for the commands after it. The
  lines below a command, up to the next, are what it prints: stdout and stderr together, in the
  order written, without colour, 100 columns wide.
- Every command exits with 0, except the last, which exits with the code the comment names
  (`exitcode 1`; without it, 0). `exitcode 1 0` names the code of every command, in order.
- `vooraf: COMMANDO'S` (last in the comment) prepares the place without showing it: shell
  commands run before the example, which must succeed, and whose output is not compared
  (`<!-- draait-in: leeg, vooraf: gbvs init . --pakket gbvs-report -->`).

What must vary between runs is made equal, never hidden:
- every file in the place carries the time 2022-04-01 09:00 (Europe/Amsterdam) before each
  command, and git records commits at that time, so `gbvs status` shows the same time of change;
- the place's own path, which differs per run, is shown as `…` (so `…/indicators`);
- trailing spaces at the end of a line do not count;
- a line that is only `…` in the shown output stands for any number of lines (also none): for a
  long output of which the handbook shows the start and the end.

Commands in the other blocks (`sh`, `yaml`, ...) are not run (they need a repository, a network,
a CI): tests/test_doc_examples.py checks that `gbvs` would accept their options and arguments.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

MARKER = re.compile(
    r"^\s*<!--\s*draait-in:\s*(?P<place>[^,]+?)\s*(?:,\s*exitcode\s+(?P<codes>\d+(?:\s+\d+)*)\s*)?"
    r"(?:,\s*vooraf:\s*(?P<before>.*?)\s*)?-->\s*$"
)
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<kind>[\w-]*)")
ANY_LINES = "…"
FIXED_TIME = datetime(2022, 4, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
EXAMPLE_WORKSPACE = ROOT / "indicators"


@dataclass
class Block:
    """A fenced code block of a handbook, with the marker comment right above it (if any)."""

    document: Path
    line: int  # of the opening fence
    kind: str
    lines: list[str]
    marker: str | None = None

    @property
    def where(self) -> str:
        return f"{shown_path(self.document)}:{self.line}"


@dataclass
class Command:
    text: str
    line: int
    shown: list[str] = field(default_factory=list)


@dataclass
class Example:
    block: Block
    place: str
    exit_codes: list[int]
    commands: list[Command]
    before: str | None = None


def shown_path(document: Path) -> str:
    return str(document.relative_to(ROOT) if document.is_relative_to(ROOT) else document)


def blocks(document: Path) -> list[Block]:
    found: list[Block] = []
    lines = document.read_text(encoding="utf-8").split("\n")
    current: Block | None = None
    fence = indent = ""
    for number, line in enumerate(lines, 1):
        opened = FENCE.match(line)
        if current is None:
            if opened:
                fence, indent = opened.group("fence"), opened.group("indent")
                above = lines[number - 2] if number > 1 else ""
                marker = above if MARKER.match(above) else None
                current = Block(document, number, opened.group("kind"), [], marker)
            continue
        if opened and opened.group("fence").startswith(fence) and not line[opened.end() :].strip():
            found.append(current)
            current = None
            continue
        current.lines.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
    return found


def all_blocks() -> list[Block]:
    return [block for document in DOCUMENTS for block in blocks(document)]


def markers_without_a_console_block() -> list[str]:
    """Marker comments that no `console` block follows: an example that would silently not run."""
    lonely = []
    for document in DOCUMENTS:
        lines = document.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, 1):
            following = lines[number] if number < len(lines) else ""
            opened = FENCE.match(following)
            if MARKER.match(line) and not (opened and opened.group("kind") == "console"):
                lonely.append(f"{shown_path(document)}:{number}")
    return lonely


def example(block: Block) -> Example:
    """The commands of a `console` block and what the handbook shows they print."""
    if block.marker is None:
        raise ValueError(f"{block.where}: een console-blok zonder <!-- draait-in: ... --> erboven")
    marked = MARKER.match(block.marker)
    assert marked is not None
    commands: list[Command] = []
    pending: Command | None = None
    for offset, line in enumerate(block.lines, 1):
        if pending is not None:  # a command that goes on after a backslash
            pending.text += "\n" + line
            if not line.endswith("\\"):
                pending = None
            continue
        if line.startswith("$ "):
            commands.append(Command(line[2:], block.line + offset))
            if line.endswith("\\"):
                pending = commands[-1]
        elif commands:
            commands[-1].shown.append(line)
        elif line.strip():
            raise ValueError(f"{block.where}: uitvoer vóór het eerste commando ('$ ...')")
    if not commands:
        raise ValueError(f"{block.where}: een console-blok zonder commando ('$ ...')")
    codes = [int(c) for c in (marked.group("codes") or "0").split()]
    if len(codes) == 1:
        codes = [0] * (len(commands) - 1) + codes
    if len(codes) != len(commands):
        raise ValueError(f"{block.where}: exitcode noemt {len(codes)} codes voor {len(commands)} commando's")
    return Example(block, marked.group("place"), codes, commands, marked.group("before"))


def examples() -> list[Example]:
    return [example(b) for b in all_blocks() if b.kind == "console"]


# Running an example.


def make_place(name: str, base: Path) -> Path:
    """A fresh copy of the place an example runs in, inside `base`."""
    base.mkdir(parents=True, exist_ok=True)
    if name == "leeg":
        place = base / "werk"
        place.mkdir()
    elif name == "voorbeeld":
        place = base / "werk"
        place.mkdir()
        shutil.copytree(EXAMPLE_WORKSPACE, place / "indicators")
    else:
        source = (ROOT / name).resolve()
        if not source.is_relative_to(ROOT) or not source.is_dir():
            raise ValueError(f"draait-in: '{name}' is geen map van de repository, 'voorbeeld' of 'leeg'")
        place = base / source.name
        shutil.copytree(source, place)
    return place


def environment(base: Path) -> dict[str, str]:
    home = base / "thuis"
    home.mkdir(exist_ok=True)
    stamp = FIXED_TIME.isoformat()
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "TMPDIR")}
    return {
        **keep,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), keep.get("PATH", "/usr/bin:/bin")]),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(base / "cache"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "Europe/Amsterdam",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "100",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order they are written, as on a terminal
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Coördinator",
        "GIT_AUTHOR_EMAIL": "coordinator@minbuza.example",
        "GIT_COMMITTER_NAME": "Coördinator",
        "GIT_COMMITTER_EMAIL": "coordinator@minbuza.example",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }


def fix_times(place: Path) -> None:
    moment = FIXED_TIME.timestamp()
    for path in [place, *place.rglob("*")]:
        if not path.is_symlink() and ".git" not in path.relative_to(place).parts:
            os.utime(path, (moment, moment))


def normalise(output: str, place: Path) -> list[str]:
    for root in {str(place.resolve()), str(place)}:
        output = output.replace(root, ANY_LINES)
    lines = [line.rstrip() for line in output.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def agrees(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are those shown, where a shown line `…` stands for any lines."""
    if not shown:
        return not printed
    if shown[0] == ANY_LINES:
        return any(agrees(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and printed[0] == shown[0] and agrees(shown[1:], printed[1:])


@dataclass
class Outcome:
    command: Command
    exit_code: int
    printed: list[str]

    def difference(self) -> str:
        shown = trimmed(self.command.shown)
        return "\n".join(difflib.unified_diff(shown, self.printed, "in het handboek", "wat gbvs print", lineterm=""))


def run(example: Example, base: Path, timeout: float = 600) -> list[Outcome]:
    """Run an example's commands in a fresh copy of its place; what each printed and its exit code."""
    place = make_place(example.place, base)
    env = environment(base)
    folder = place
    outcomes = []
    if example.before:
        fix_times(place)
        done = subprocess.run(["bash", "-c", example.before], cwd=place, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{example.block.where}: vooraf faalde ({done.returncode}): {done.stdout}{done.stderr}")
    for command in example.commands:
        words = shlex.split(command.text) if command.text.startswith("cd ") else []
        if len(words) == 2 and words[0] == "cd":
            folder = (folder / words[1]).resolve()
            outcomes.append(Outcome(command, 0 if folder.is_dir() else 1, []))
            continue
        fix_times(place)
        done = subprocess.run(
            ["bash", "-c", command.text],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
        outcomes.append(Outcome(command, done.returncode, normalise(done.stdout, place)))
    return outcomes


# The commands of the other blocks, which are only read.

SHELL_BREAKS = {"&&", "||", ";", "|", "&", "(", ")", ">", ">>", "<", "2>", "2>&1"}


def gbvs_commands(line: str) -> list[list[str]]:
    """The `gbvs` commands on one line of a shell (or CI) block, each as its arguments after `gbvs`."""
    line = re.sub(r"^\s*(?:\$\s|-\s+|run:\s*|script:\s*)", "", line)
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
    except ValueError:
        return []
    found: list[list[str]] = []
    current: list[str] | None = None
    previous = None
    for word in words:
        if current is not None:
            if word in SHELL_BREAKS or set(word) <= set("&|;<>()"):
                found.append(current)
                current = None
            else:
                current.append(word)
        elif word in ("gbvs", ".venv/bin/gbvs", "$(BIN)/gbvs") and (previous is None or previous in SHELL_BREAKS):
            current = []
        previous = word
    if current is not None:
        found.append(current)
    return found


# Bringing a handbook up to date.


def updated(document: Path, base: Path) -> tuple[str, list[str]]:
    """The text of `document` with the shown output of each example replaced by what `gbvs`
    prints now, and the examples left alone because they show `…` (to be updated by hand)."""
    lines = document.read_text(encoding="utf-8").split("\n")
    by_hand = []
    for number, block in enumerate(reversed([b for b in blocks(document) if b.kind == "console"])):
        shown = example(block)
        outcomes = run(shown, base / str(number))
        if any(ANY_LINES in c.shown for c in shown.commands):
            by_hand.append(block.where)
            continue
        indent = FENCE.match(lines[block.line - 1]).group("indent")  # type: ignore[union-attr]
        body = []
        for outcome in outcomes:
            body += [f"$ {outcome.command.text}".split("\n")[0], *outcome.command.text.split("\n")[1:]]
            body += outcome.printed
        start, end = block.line, block.line + len(block.lines)
        lines[start:end] = [f"{indent}{line}" if line else line for line in body]
    return "\n".join(lines), by_hand
