"""Benchmark `gbvs validate` against the parse floor and against check-jsonschema.

For workspaces at 1x, 10x and 100x the example corpus (bench/generate.py) it measures, as
whole commands the way a user runs them (wall-clock, best of several runs):

- `gbvs validate WORKSPACE`;
- the floor: a Python process that only parses the same files with ruamel.yaml's C loader
  (`CSafeLoader`), no checks at all;
- the same parse behind a typer command with the parameters of `gbvs validate`: the floor
  for any typer CLI, since typer imports pydantic to coerce parameters;
- `check-jsonschema --schemafile SCHEMA FILES`, with the schema `gbvs schema` exports.

Then `gbvs --help` against `python -c "import typer"`, and what a hostile file costs: a
"billion laughs" file and a deeply nested one, time and peak memory of the whole process.
Prints one Markdown table per part, for the README's "Prestaties".

    python bench/bench_validate.py            # 1x, 10x and 100x
    python bench/bench_validate.py 1 10       # other scales

With `--tegen REV` it compares instead `gbvs validate` of this checkout with that of an earlier
revision (read with `git archive`, each on a workspace made by its own bench/generate.py), the
two and the typer floor run in turn many times in one run, so that a busy machine slows all
three alike:

    python bench/bench_validate.py --tegen a4229e3 1 10
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
# Measure what a user sees: with the bytecode caches Python normally writes and reuses.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}
# Both in one process, after the imports: what each file costs, without interpreter start-up.
IN_PROCESS = """
import pathlib, sys, time
from ruamel.yaml.cyaml import CSafeLoader
from gbvs_report.validate import check_paths
workspace = pathlib.Path(sys.argv[1])
files = sorted(workspace.glob("*/*.yaml"))
parse, check = [], []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    for path in files:
        CSafeLoader(path.read_text(encoding="utf-8")).get_single_data()
    parse.append(time.perf_counter() - start)
    start = time.perf_counter()
    checked, general = check_paths([workspace])
    check.append(time.perf_counter() - start)
    assert not general and all(f.ok for f in checked)
print(min(parse), min(check))
"""
FLOOR = """
import sys, pathlib
from ruamel.yaml.cyaml import CSafeLoader
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*.yaml")):
    CSafeLoader(path.read_text(encoding="utf-8")).get_single_data()
"""
# The same parse behind a typer command with the parameters of `gbvs validate`: what any typer
# CLI costs before it does its work (typer builds a pydantic adapter for each parameter).
TYPER_FLOOR = """
import enum, pathlib
from typing import Annotated, Optional
import typer
from ruamel.yaml.cyaml import CSafeLoader

class Format(str, enum.Enum):
    human = "human"
    json = "json"

app = typer.Typer()

@app.command()
def validate(paths: Annotated[Optional[list[pathlib.Path]], typer.Argument()] = None,
             output_format: Annotated[Format, typer.Option("--format")] = Format.human,
             strict: Annotated[bool, typer.Option("--strict")] = False) -> None:
    for path in sorted(paths[0].glob("*/*.yaml")):
        CSafeLoader(path.read_text(encoding="utf-8")).get_single_data()

@app.command()
def other() -> None:
    pass

app()
"""


# `gbvs` from the folder given first: the checkout or an earlier revision unpacked beside it.
RUN_FROM = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from gbvs_report.cli import main; sys.argv[0] = 'gbvs'; main()"
)
GENERATE_WITH = "import sys, pathlib; sys.path.insert(0, sys.argv[1]); from generate import generate; generate(int(sys.argv[2]), pathlib.Path(sys.argv[3]))"


def timed(command: list[str], runs: int, warm_up: bool = True) -> float:
    """Best wall-clock seconds of `command` over `runs` runs (after a warm-up run): on a shared
    machine the fastest run is the one least disturbed by others."""
    times = []
    for i in range(runs + int(warm_up)):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{' '.join(command[:3])} … gaf exitcode {result.returncode}: {result.stderr[-500:]!r}")
        if i or not warm_up:
            times.append(elapsed)
    return min(times)


def peak(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MB) of one run of `command` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True, env=ENV)
    seconds, kilobytes = out.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def main(scales: list[int]) -> None:
    gbvs, check_jsonschema = str(BIN / "gbvs"), str(BIN / "check-jsonschema")
    rows = []
    with tempfile.TemporaryDirectory(prefix="gbvs-bench-") as tmp:
        for scale in scales:
            workspace = generate(scale, Path(tmp) / f"ws-{scale}x")
            files = sorted(str(p) for p in workspace.glob("*/*.yaml"))
            schema = Path(tmp) / f"schema-{scale}x.json"
            subprocess.run(
                [gbvs, "schema", "--workspace", str(workspace), "--output", str(schema)],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            runs = 5 if scale < 100 else 3
            validate = timed([gbvs, "validate", str(workspace)], runs)
            floor = timed([sys.executable, "-c", FLOOR, str(workspace)], runs)
            typer_floor = timed([sys.executable, "-c", TYPER_FLOOR, "validate", str(workspace)], runs)
            jsonschema = timed(
                [check_jsonschema, "--schemafile", str(schema), *files], runs if scale < 100 else 1, warm_up=scale < 100
            )  # one run at 100x: it takes minutes
            inner = subprocess.run(
                [sys.executable, "-c", IN_PROCESS, str(workspace), "5"],
                env=ENV,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            rows.append((scale, len(files), validate, floor, typer_floor, jsonschema, float(inner[1]), float(inner[0])))
        help_time = timed([gbvs, "--help"], 7)
        typer_time = timed([sys.executable, "-c", "import typer"], 7)
        hostile = _hostile(Path(tmp), gbvs)

    print(
        "| schaal | bestanden | `gbvs validate` | alleen parsen | verhouding | typer + parsen | verhouding "
        "| `check-jsonschema` | in het proces: controleren | in het proces: parsen | verhouding | ms per bestand |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale, count, validate, floor, typer_floor, jsonschema, check, parse in rows:
        print(
            f"| {scale}x | {count} | {validate:.2f} s | {floor:.2f} s | {validate / floor:.2f}x | {typer_floor:.2f} s "
            f"| {validate / typer_floor:.2f}x | {jsonschema:.2f} s | {check:.3f} s | {parse:.3f} s | {check / parse:.2f}x "
            f"| {1000 * check / count:.2f} |"
        )
    print()
    print("| opstarten | tijd | verhouding |")
    print("|---|---:|---:|")
    print(f"| `gbvs --help` | {help_time:.3f} s | {help_time / typer_time:.2f}x |")
    print(f'| `python -c "import typer"` | {typer_time:.3f} s | 1.00x |')
    print()
    print("| vijandig bestand | grootte | tijd | piekgeheugen | uitkomst |")
    print("|---|---:|---:|---:|---|")
    for name, size, seconds, megabytes, outcome in hostile:
        print(f"| {name} | {size / 1000:.1f} kB | {seconds:.2f} s | {megabytes:.0f} MB | {outcome} |")


def _hostile(tmp: Path, gbvs: str) -> list[tuple[str, int, float, float, str]]:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    cases = {
        "billion laughs (10⁹ elementen)": "\n".join(laughs) + "\n",
        "diep genest, 490 000 haken": "[" * 490_000 + "]" * 490_000,
        "groot, 5 MB": "toelichting: " + "x" * 5_000_000 + "\n",
    }
    results = []
    ordinary = tmp / "ws-1x" / "2020-2021" / "doel-0001-BZ.yaml"
    baseline_seconds, baseline_mb = peak([gbvs, "validate", str(ordinary)])
    results.append(
        ("gewone aanlevering (ter vergelijking)", ordinary.stat().st_size, baseline_seconds, baseline_mb, "geen fouten")
    )
    for name, text in cases.items():
        path = tmp / "vijandig.yaml"
        path.write_text(text, encoding="utf-8")
        seconds, megabytes = peak([gbvs, "validate", str(path)])
        code = subprocess.run(
            [gbvs, "validate", "--format", "concise", str(path)], capture_output=True, text=True
        ).stdout.split("[", 1)[1][:4]
        results.append((name, len(text.encode()), seconds, megabytes, f"geweigerd ({code})"))
    return results


def against(revision: str, scales: list[int], runs: int = 21) -> None:
    """`gbvs validate` of this checkout against that of `revision`, with the typer floor, the
    three in turn `runs` times per scale: medians and fastest runs, and their ratios."""
    with tempfile.TemporaryDirectory(prefix="gbvs-bench-") as tmp:
        earlier = Path(tmp) / "eerder"
        earlier.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(earlier)], input=archive.stdout, check=True)
        print(
            f"| schaal | typer + parsen | `gbvs validate` nu | verhouding | `gbvs validate` {revision} | verhouding | nu / {revision} |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for scale in scales:
            now_ws = generate(scale, Path(tmp) / f"nu-{scale}x")
            earlier_ws = Path(tmp) / f"eerder-{scale}x"
            subprocess.run(
                [sys.executable, "-c", GENERATE_WITH, str(earlier / "bench"), str(scale), str(earlier_ws)], check=True
            )
            commands = [
                [sys.executable, "-c", TYPER_FLOOR, "validate", str(now_ws)],
                [sys.executable, "-c", RUN_FROM, str(ROOT), "validate", str(now_ws)],
                [sys.executable, "-c", RUN_FROM, str(earlier), "validate", str(earlier_ws)],
            ]
            times: list[list[float]] = [[], [], []]
            for _ in range(runs):
                for i, command in enumerate(commands):
                    times[i].append(timed(command, 1, warm_up=False))
            floor, now, before = (statistics.median(t) for t in times)
            fastest = [min(t) for t in times]
            print(
                f"| {scale}x | {floor:.3f} s ({fastest[0]:.3f}) | {now:.3f} s ({fastest[1]:.3f}) | {now / floor:.2f}x "
                f"| {before:.3f} s ({fastest[2]:.3f}) | {before / floor:.2f}x | {now / before:.2f}x |"
            )
    print(f"\nMediaan van {runs} beurten, tussen haakjes de snelste.")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    arguments = sys.argv[1:]
    if arguments[:1] == ["--tegen"] and len(arguments) > 1:
        against(arguments[1], [int(a) for a in arguments[2:]] or [1, 10])
    else:
        main([int(a) for a in arguments] or [1, 10, 100])
