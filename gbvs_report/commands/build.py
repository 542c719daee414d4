"""The report command's work, from workspace to files on disk.

Pick the period, collect and check its submissions (and those of the earlier periods, which
the charts and the comparison use), refuse when any has an error unless a draft is asked
for, render the three documents (the letter to parliament, the report that is its bijlage,
and the accountability) as HTML and PDF, and the letter also as Word, and write them so that
a failure never leaves a half-written, damaged or mixed output: every file goes into a hidden
folder of the output folder first, and only when all are complete are they renamed into place
as one set (staging.py, which also finishes what a killed run left).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors
from ..dutch import words
from ..interrupts import uninterrupted
from ..report.annexes import letter_problems
from ..report.collect import PeriodReport, collect_report
from ..report.html import RenderedDocument, render_documents
from ..report.view_texts import DocumentNames, document_names
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
    strict: bool = False
    """`--streng`: a final report is refused on warnings too."""
    missing: list[str] = field(default_factory=list)
    """Submissions the catalogue expects that the report does not have ("doel 5: DEF")."""
    notes: list[str] = field(default_factory=list)
    """Lines to show besides the findings (the cache of laid-out parts is not used, and why)."""
    templates_refused: bool = False
    """The workspace's templates folder holds a link or something that is not a regular file
    (`findings` says what): no report, not even a draft, is made from it."""

    @property
    def refused(self) -> bool:
        """A final report is refused when any input has an error; a draft only when a template
        cannot be used."""
        if self.templates_refused:
            return True
        return not self.draft and (has_errors(self.findings) or (self.strict and bool(self.findings)))


def check_period(workspace: Workspace, period: str) -> None:
    """A report needs submissions: refuse a period (resolved by `Workspace.resolve_period`)
    whose folder has none, or whose folder is a link to a folder elsewhere."""
    if os.path.islink(workspace.period_dir(period)):
        raise BuildError(
            f"de periodemap {workspace.period_dir(period)} is een koppeling (symbolische link) naar een "
            "map elders; gbvs volgt geen koppelingen: zet de aanleveringen zelf in de werkmap"
        )
    if period not in workspace.periods():
        known = ", ".join(workspace.periods()) or "geen"
        raise BuildError(
            f"periode {period} heeft nog geen aanleveringen in {workspace.root}; periodes met aanleveringen: {known}"
        )


def check_output_dir(workspace: Workspace, output: Path) -> None:
    root, out = workspace.root.resolve(), output.resolve()
    if out == root or root in out.parents:
        raise BuildError(f"de uitvoermap {output} ligt in de map met aanleveringen; kies een map erbuiten")


def _temporary(target: Path, made: list[Path] | None = None) -> Path:
    """A new empty file beside `target`, readable like any file the user creates; noted in
    `made` at once, so that an interrupt at any point still finds it to remove."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with uninterrupted():  # made and noted as one step
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        path = Path(temp)
        if made is not None:
            made.append(path)
    try:
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
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
    strict: bool = False,
    progress: Callable[[str], object] = lambda step: None,
    jobs: int = 1,
    cache: bool = False,
) -> BuildResult:
    """Render the period's documents (letter, report, accountability) into `output`.

    A final report (the default) is not written when any submission has an error. A draft
    leaves those submissions out, lists them in a problems annex and says CONCEPT on every page.
    The PDF's parts are laid out in up to `jobs` processes, through the cache of laid-out parts
    when `cache` is true."""
    chosen = period
    check_period(workspace, chosen)
    check_output_dir(workspace, output)
    template_findings = workspace.template_findings()
    if template_findings:  # the template loader would follow a link out of the workspace
        return BuildResult(chosen, template_findings, draft=draft, templates_refused=True)
    with contextlib.ExitStack() as stack:
        if pdf and jobs > 1:
            from ..pdf.schedule import start_workers, stop_workers

            with uninterrupted():  # started and noted for the clean-up as one step
                start_workers(jobs)  # they start while the submissions are checked and the HTML is made
                stack.callback(stop_workers)  # when the run ends before its PDFs
        return _build(workspace, chosen, output, pdf, draft, strict, progress, jobs, cache)


def _build(
    workspace: Workspace,
    chosen: str,
    output: Path,
    pdf: bool,
    draft: bool,
    strict: bool,
    progress: Callable[[str], object],
    jobs: int,
    cache: bool,
) -> BuildResult:
    """The run itself, with its workers (if any) starting meanwhile."""
    progress(f"aanleveringen laden en controleren (tot en met {chosen})")
    report, findings = collect_report(workspace, chosen)
    # The letter's findings are warnings to every other command; a report is not made final with
    # them (as errors here), and a draft names them in its problems annex.
    findings = findings + letter_problems(report)
    result = BuildResult(chosen, findings, draft=draft, strict=strict)
    result.left_out = [report.name(f.path) for r in [*report.history, report] for f in r.rejected]
    result.missing = [f"{section.goal.number}: {code}" for section in report.goals for code in section.missing]
    if result.refused:
        return result
    progress(f"HTML opmaken ({len(report.files)} aanleveringen, {len(report.goals)} doelen)")
    names = output_names(report, draft)
    documents = render_documents(report, workspace.template_dir, draft=draft, names=names)
    result.outputs = write_documents(
        documents, output, pdf=pdf, result=result, progress=progress, jobs=jobs, cache=cache
    )
    return result


# The documents and their names: `STEM.html/.pdf` (the report), `STEM-kamerbrief.html/.pdf/.docx`
# (the letter) and `STEM-verantwoording.html/.pdf` (the accountability), each ending in
# `-concept` in a draft. All are written into a hidden folder of the output folder first and
# renamed into place as one set only when every one is complete (staging.py).


def output_names(report: PeriodReport, draft: bool) -> DocumentNames:
    return document_names(report, draft, output_stem(report))


def write_documents(
    documents: list[RenderedDocument],
    output: Path,
    *,
    pdf: bool,
    result: BuildResult,
    progress: Callable[[str], object] = lambda step: None,
    jobs: int = 1,
    cache: bool = False,
) -> list[Path]:
    """Write each document's HTML (and PDF unless `pdf` is false) and the letter's Word file into
    a hidden folder of the output folder first, then put them all into place as one set
    (staging.py); returns the paths written, the report's first. The PDFs are laid out together
    (PdfLayout), their parts in that folder too: their parts are queued first, and the workers
    lay them out while this process writes the HTML and the Word file."""
    from ..report.docx_letter import write_letter_docx
    from .staging import Staging, recover

    ordered = sorted(documents, key=lambda d: d.kind != "report")  # the report first
    names = [
        f"{document.name}.{extension}"
        for document in ordered
        for extension in ["html", *(["pdf"] if pdf else []), *(["docx"] if document.kind == "letter" else [])]
    ]
    targets = [output_file(output, name) for name in names]  # in the order they are listed
    recover(output, names)  # what runs that were killed left here
    staging = Staging(output)
    try:
        staging.open()
        with contextlib.ExitStack() as stack:
            layout, pending = None, []
            if pdf:
                from ..pdf.layout import PdfLayout

                progress(f"PDF opmaken: {words([f'{d.name}.pdf' for d in ordered])} (dit duurt het langst)")
                part_cache = None
                if cache:
                    from ..pdf.cache import open_cache

                    part_cache, notes = open_cache()
                    result.notes += notes
                with uninterrupted():  # its folder of parts made and noted for the clean-up as one step
                    layout = stack.enter_context(PdfLayout(jobs, part_cache, progress=progress, folder=staging.folder))
                pending = [layout.begin(d.print_html, staging.path(f"{d.name}.pdf")) for d in ordered]
            for document in ordered:
                _write_text(document.html, staging.path(f"{document.name}.html"))
                if document.kind == "letter":
                    progress(f"Word-bestand opmaken: {document.name}.docx")
                    write_letter_docx(document.view, staging.path(f"{document.name}.docx"))
            if layout is not None:
                for refused, warnings in layout.finish(*pending):
                    result.refused_urls += refused
                    result.layout_warnings += warnings
        progress("de bestanden op hun plaats zetten")
        staging.commit(names)
    except BaseException:
        staging.close()
        raise
    return targets


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(text: str, fallback: str = "rapport") -> str:
    """Text from data made fit for a file name: letters, digits, '-' and '_' only (anything
    else becomes '-'), never empty, never a path."""
    cleaned = _UNSAFE_NAME.sub("-", text).strip("-")
    return cleaned or fallback


def output_file(output: Path, name: str) -> Path:
    """`output / name`, after making sure it stays directly in the output folder."""
    target = output / name
    if target.resolve().parent != output.resolve():
        raise BuildError(f"de bestandsnaam {name!r} valt buiten de uitvoermap {output}")
    return target


def output_stem(report: PeriodReport) -> str:
    """The output's file name without extension; the strategy's short title (`afkorting` in
    the catalogue) is data, so only its safe characters make it into the name."""
    strategy = safe_name(report.catalogue.strategy.short_title.lower(), "rapport")
    return f"{strategy}-voortgangsrapportage-{safe_name(report.period, 'periode')}"
