"""Benchmark of `gbvs report`: HTML time, PDF time and, side by side, WeasyPrint alone laying
out the same HTML file (the floor for the PDF), on synthetic workspaces of 1, 10 and 100
times the example corpus (bench/generate.py), with the peak memory of each run.

Each measurement runs in a child process of its own, so that its peak memory (maximum
resident set size, from os.wait4) is its own. Targets: our PDF overhead over WeasyPrint alone
under 10%; the example report's PDF under 10 s; 100x under 2 GB with time growing linearly.

    python bench/bench_render.py              # 1x, 10x and 100x
    python bench/bench_render.py --scales 1,10
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PERIOD = "2020-2021"
TARGET_OVERHEAD, TARGET_EXAMPLE_PDF_S, TARGET_PEAK_MB = 0.10, 10.0, 2048
TARGET_LINEAR = 1.2  # time per 1x at most this much above that of the smallest scale


def run_gbvs(workspace: Path, out: Path) -> dict:
    """Child: our pipeline, timed per stage; writes the HTML for WeasyPrint alone."""
    import weasyprint  # noqa: F401  (imported before the clock starts, as in run_weasyprint)

    from gbvs_report.pdf.layout import render_pdf
    from gbvs_report.report.collect import collect_period
    from gbvs_report.report.html import render_html
    from gbvs_report.workspace import open_workspace

    start = time.perf_counter()
    ws, findings = open_workspace(workspace)
    report, findings = collect_period(ws, PERIOD)
    assert not findings, findings[:3]
    loaded = time.perf_counter()
    html = render_html(report, ws.template_dir)
    rendered = time.perf_counter()
    (out / "rapport.html").write_text(html, encoding="utf-8")
    written = time.perf_counter()
    refused, warnings = render_pdf(html, out / "gbvs.pdf")
    assert not refused and not warnings, (refused, warnings)
    done = time.perf_counter()
    from pypdf import PdfReader

    return {"load": loaded - start, "html": rendered - loaded, "pdf": done - written,
            "pages": len(PdfReader(out / "gbvs.pdf").pages)}


def run_weasyprint(out: Path) -> dict:
    """Child: WeasyPrint alone on the same HTML file, with the same fonts and PDF variant."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from gbvs_report.pdf.layout import FONTS_CSS, PDF_VARIANT

    start = time.perf_counter()
    fonts = FontConfiguration()  # the same fonts.css as render_pdf, through WeasyPrint's own fetcher
    HTML(filename=str(out / "rapport.html")).write_pdf(
        out / "weasyprint.pdf", font_config=fonts, pdf_variant=PDF_VARIANT,
        stylesheets=[CSS(filename=str(FONTS_CSS), font_config=fonts)])
    return {"pdf": time.perf_counter() - start}


def measure(mode: str, *args: Path) -> tuple[dict, float]:
    """Run this script as a child in `mode`; its JSON result (with its wall time, imports
    included, as `total`) and its peak memory in MiB."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", mode, *map(str, args)],
                                stdout=output, env={**os.environ, "SOURCE_DATE_EPOCH": "1650196800"})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        total = time.perf_counter() - start
        output.seek(0)
        text = output.read().decode()
    if proc.returncode != 0:
        sys.exit(f"{mode} mislukt (exitcode {proc.returncode})")
    return {**json.loads(text.strip().splitlines()[-1]), "total": total}, usage.ru_maxrss / 1024  # kB on Linux


def best_pair(runs: int, workspace: Path, out: Path) -> tuple[tuple[dict, float], tuple[dict, float]]:
    """The fastest of `runs` runs of each, ours and WeasyPrint alone taking turns, so that
    other work on the machine disturbs both alike."""
    ours, alone = [], []
    for _ in range(runs):
        ours.append(measure("gbvs", workspace, out))
        alone.append(measure("weasyprint", out))
    fastest = lambda results: min(results, key=lambda r: r[0]["pdf"])  # noqa: E731
    return fastest(ours), fastest(alone)


def bench(scales: list[int]) -> list[dict]:
    from generate import generate

    rows = []
    with tempfile.TemporaryDirectory(prefix="gbvs-bench-") as tmp:
        for scale in scales:
            workspace = generate(scale, Path(tmp) / f"ws-{scale}")
            out = Path(tmp) / f"out-{scale}"
            out.mkdir()
            runs = 5 if scale <= 10 else 1  # the machine may be shared: keep the least disturbed run
            (ours, ours_mb), (alone, alone_mb) = best_pair(runs, workspace, out)
            rows.append({"scale": scale, **ours, "weasyprint": alone["pdf"],
                         "overhead": ours["pdf"] / alone["pdf"] - 1, "peak_mb": ours_mb, "weasyprint_mb": alone_mb})
            print(f"{scale}x: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| schaal | pagina's | laden en controleren | HTML | PDF | WeasyPrint alleen | meerkosten | PDF per 1x "
             "| totaal, met opstarten | piekgeheugen (gbvs / WeasyPrint) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['scale']}x | {r['pages']} | {r['load']:.2f} s | {r['html']:.2f} s | {r['pdf']:.1f} s | "
                     f"{r['weasyprint']:.1f} s | {r['overhead']:+.1%} | {r['pdf'] / r['scale']:.2f} s | "
                     f"{r['total']:.1f} s | {r['peak_mb']:.0f} MiB / {r['weasyprint_mb']:.0f} MiB |")
    return "\n".join(lines)


def verdict(rows: list[dict]) -> list[str]:
    """The targets that were missed, in words."""
    missed = []
    for r in rows:
        if r["overhead"] > TARGET_OVERHEAD:
            missed.append(f"{r['scale']}x: meerkosten boven WeasyPrint {r['overhead']:.1%} (doel < {TARGET_OVERHEAD:.0%})")
        if r["peak_mb"] > TARGET_PEAK_MB:
            missed.append(f"{r['scale']}x: piekgeheugen {r['peak_mb']:.0f} MiB (doel < {TARGET_PEAK_MB} MiB)")
    first = rows[0]
    for r in rows[1:]:  # linear: a larger report costs no more per 1x than the smallest one
        if r["pdf"] / r["scale"] > TARGET_LINEAR * first["pdf"] / first["scale"]:
            missed.append(f"{r['scale']}x: PDF {r['pdf'] / r['scale']:.2f} s per 1x, tegen "
                          f"{first['pdf'] / first['scale']:.2f} s bij {first['scale']}x: groeit niet lineair")
    if first["scale"] == 1 and first["total"] > TARGET_EXAMPLE_PDF_S:
        missed.append(f"1x: rapport in {first['total']:.1f} s (doel < {TARGET_EXAMPLE_PDF_S:.0f} s)")
    return missed


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, paths = sys.argv[2], [Path(p) for p in sys.argv[3:]]
        print(json.dumps(run_gbvs(*paths) if mode == "gbvs" else run_weasyprint(*paths)))
        return
    parser = argparse.ArgumentParser(description="Meet de snelheid en het geheugen van gbvs report.")
    parser.add_argument("--scales", default="1,10,100", help="schalen, bijvoorbeeld 1,10,100")
    scales = [int(s) for s in parser.parse_args().scales.split(",")]
    rows = bench(scales)
    print("\nRapport (HTML en PDF), tijden in seconden op deze machine:\n")
    print(table(rows))
    for line in verdict(rows):
        print(f"doel niet gehaald: {line}")


if __name__ == "__main__":
    main()
