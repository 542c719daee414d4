"""The report command's work, from workspace to files on disk.

Pick the period, collect and check its submissions (and those of the earlier periods, which
the charts and the comparison use), refuse when any has an error unless a draft is asked
for, render the HTML and the PDF, and write both so that a failure never leaves a
half-written or damaged output: each file goes to a temporary name beside its target first
and is renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors
from ..report.collect import PeriodReport, collect_report
from ..report.html import render_html
from ..workspace import Workspace


class BuildError(Exception):
    """The report cannot be made; the message says why, in Dutch."""


@dataclass
class BuildResult:
    period: str
    findings: list[Diagnostic]
    outputs: list[Path] = field(default_factory=list)
    refused_urls: list[str] = field(default_factory=list)
    layout_warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # files a draft leaves out for their errors
    draft: bool = False

    @property
    def refused(self) -> bool:
        """A final report is refused when any input has an error; a draft never is."""
        return not self.draft and has_errors(self.findings)


def check_period(workspace: Workspace, period: str) -> None:
    """A report needs submissions: refuse a period (resolved by `Workspace.resolve_period`)
    whose folder has none."""
    if period not in workspace.periods():
        known = ", ".join(workspace.periods()) or "geen"
        raise BuildError(
            f"periode {period} heeft nog geen aanleveringen in {workspace.root}; periodes met aanleveringen: {known}"
        )


def check_output_dir(workspace: Workspace, output: Path) -> None:
    root, out = workspace.root.resolve(), output.resolve()
    if out == root or root in out.parents:
        raise BuildError(f"de uitvoermap {output} ligt in de map met aanleveringen; kies een map erbuiten")


def _temporary(target: Path) -> Path:
    """A new empty file beside `target`, readable like any file the user creates."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    return Path(temp)


def write_atomically(target: Path, write) -> None:
    """Let `write(path)` fill a temporary file beside `target`, then rename it into place,
    so that `target` is either the previous file or the complete new one."""
    temp = _temporary(target)
    try:
        write(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def build_report(
    workspace: Workspace,
    period: str,
    output: Path,
    *,
    pdf: bool = True,
    draft: bool = False,
    progress=lambda step: None,
    jobs: int = 1,
    cache: bool = False,
) -> BuildResult:
    """Render the period's report into `output`.

    A final report (the default) is not written when any submission has an error. A draft
    leaves those submissions out, lists them in a problems annex and says CONCEPT on every page.
    The PDF's parts are laid out in up to `jobs` processes, through the cache of laid-out parts
    when `cache` is true."""
    chosen = period
    check_period(workspace, chosen)
    check_output_dir(workspace, output)
    if pdf and jobs > 1:
        from ..pdf.layout import start_workers

        start_workers()  # they start while the submissions are checked and the HTML is made
    progress(f"aanleveringen laden en controleren (tot en met {chosen})")
    report, findings = collect_report(workspace, chosen)
    result = BuildResult(chosen, findings, draft=draft)
    result.left_out = [report.name(f.path) for r in [*report.history, report] for f in r.rejected]
    if result.refused:
        return result
    progress(f"HTML opmaken ({len(report.files)} aanleveringen, {len(report.goals)} doelen)")
    html = render_html(report, workspace.template_dir, draft=draft)
    stem = output_stem(report) + ("-concept" if draft else "")
    if pdf:
        progress("PDF opmaken (dit duurt het langst)")
        from ..pdf.cache import PartCache, cache_limit, cache_root
        from ..pdf.layout import render_pdf

        parts = PartCache(cache_root(), cache_limit()) if cache else None

        def write_pdf(temp: Path) -> None:
            result.refused_urls, result.layout_warnings = render_pdf(
                html, temp, progress=progress, jobs=jobs, cache=parts
            )

        write_atomically(output / f"{stem}.pdf", write_pdf)
        result.outputs.append(output / f"{stem}.pdf")
    progress("HTML wegschrijven")
    write_atomically(output / f"{stem}.html", lambda temp: temp.write_text(html, encoding="utf-8"))
    result.outputs.insert(0, output / f"{stem}.html")
    return result


def output_stem(report: PeriodReport) -> str:
    return f"{report.catalogue.strategy.short_title.lower()}-voortgangsrapportage-{report.period}"
