"""PDF layout: lay the report's HTML out as a tagged A4 PDF (PDF/UA-1) with WeasyPrint.

WeasyPrint is imported in this package only, inside the functions: `gbvs --help` and
`gbvs validate` must not pay for it. It fetches nothing but what fetch.py allows.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fetch import FONTS_CSS, PDF_VARIANT

# A long report is laid out in parts (title page and letter, contents, then groups of the
# summary, pillars and annexes; the templates mark where one may begin), each written to its own PDF and then joined
# (gbvs_report/pdf/join.py). WeasyPrint keeps every page of a document in memory until it has
# written it, so one document for a long report needs gigabytes; parts keep that bounded.
BEGIN_MARK, PART_MARK = "<!-- gbvs:begin -->", "<!-- gbvs:deel -->"
# Parts are laid out at the same time, in worker processes, and kept in a cache (cache.py):
# smaller parts spread the work more evenly over the workers and leave less to lay out again
# after a change; every part costs a little too (its style sheet parsed, its fonts embedded,
# the join). A report is cut into at most some MAX_PARTS parts of PART_SIZE_MIN characters of
# HTML at least (about 8 pages) and PART_SIZE at most (about 50 pages: WeasyPrint keeps every
# page of a document in memory until it has written it, so parts keep memory bounded).
# Where the parts are cut depends on the HTML only, never on the number of workers: the same
# HTML gives the same PDF.
PART_SIZE, PART_SIZE_MIN, MAX_PARTS = 200_000, 30_000, 64
# Up to this size (some 12 pages) one document costs less than parts: each part has its footers
# stamped on and is joined. Above it, even the example (some 30 pages) is laid out faster in
# parts on two cores: measured on an idle 2-core machine, its parts took 7.8 s in one process
# against 7.7 s as one document, and on two workers little more than half of that.
ONE_DOCUMENT_SIZE = 60_000
TOC_MARK = '<nav class="toc"'
LINK_SCHEME = "gbvs-deel:"  # a link to an anchor in another part, until the parts are joined
# Page numbers and the contents' page numbers are known only when every part is laid out:
# the parts leave the footer out, a last pass lays out the footers alone (pdfjoin stamps them
# on), and the table of contents, laid out after the other parts, gets its page numbers as
# `data-pagina` attributes (the style sheets of each kind of job: work.KINDS).
# The footer as report.css words it for a report laid out as one document; the title page has none.
FOOTER_TEXT = "pagina {page} van {pages}"
FOOTER_PAGES = 250  # footers laid out at a time, to keep their memory small too


def split_parts(html: str, size: int | None = None) -> list[str]:
    """The report's HTML as documents of their own, each starting on a new page: the title
    page and letter, the table of contents, then the rest in parts of some PART_SIZE
    characters (`size`). HTML without the marks stays one part."""
    size = PART_SIZE if size is None else size
    if BEGIN_MARK not in html or PART_MARK not in html:
        return [html]
    opening = html[: html.index(BEGIN_MARK)]
    front, *chunks = html.split(PART_MARK)
    groups: list[str] = []
    for chunk in chunks:  # consecutive chunks together, so that no part is very small
        if groups and len(groups[-1]) < size and TOC_MARK not in groups[-1] + chunk:
            groups[-1] += chunk
        else:
            groups.append(chunk)
    closing = "</main></body></html>"
    parts = [front + closing] + [opening + "<main>" + group + closing for group in groups[:-1]]
    return parts + [opening + "<main>" + groups[-1]] if groups else parts


def part_size(length: int) -> int:
    """The size of a part of a report of `length` characters of HTML."""
    return min(PART_SIZE, max(PART_SIZE_MIN, length // MAX_PARTS))


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _link_across(html: str, own: set[str], elsewhere: set[str]) -> str:
    """Links to anchors in other parts become `gbvs-deel:` links, which pdfjoin turns back."""
    return re.sub(
        r'href="#([^"]+)"',
        lambda m: f'href="{LINK_SCHEME}{m[1]}"' if m[1] not in own and m[1] in elsewhere else m[0],
        html,
    )


def _number_contents(html: str, numbers: dict[str, int]) -> str:
    """The page number of each entry in the table of contents, as `data-pagina`."""

    def entry(match: re.Match) -> str:
        target = match[2]
        return f'{match[1]} data-pagina="{numbers.get(target, 0)}"'

    head, toc, tail = _partition(html, TOC_MARK, "</nav>")
    return head + re.sub(r'(<a href="(?:#|' + LINK_SCHEME + r')([^"]+)")', entry, toc) + tail


def _partition(text: str, start: str, end: str) -> tuple[str, str, str]:
    begin = text.find(start)
    if begin < 0:
        return text, "", ""
    stop = text.find(end, begin)
    stop = len(text) if stop < 0 else stop
    return text[:begin], text[begin:stop], text[stop:]


# More worker processes than cores make layout no faster (it keeps a core busy) but heavier: each
# holds WeasyPrint and the part it lays out, some 100 to 200 MB (measured: the same parts took
# 842 MiB with 12 workers on 2 cores, 286 MiB with 2). So --taken (--jobs) is bounded by the cores this
# process may use, and by MAX_JOBS whatever the machine.
MAX_JOBS = 32


def worker_count(requested: int | None) -> tuple[int, str | None]:
    """The number of processes that lay the PDFs out for `--taken requested` (None: as many as
    cores), and a Dutch line when fewer than asked."""
    cores = default_jobs()
    bound = max(1, min(cores, MAX_JOBS))
    if requested is None:
        return bound, None
    if requested <= bound:
        return max(1, requested), None
    if bound == cores:
        why = f"de {cores} {'kern' if cores == 1 else 'kernen'} die gbvs hier mag gebruiken"
    else:
        why = f"de grens van {MAX_JOBS}"
    working = "er werkt één proces" if bound == 1 else f"er werken {bound} processen tegelijk"
    return bound, (
        f"--taken {requested} is meer dan {why}: {working} (meer maken de PDF niet sneller, wel zwaarder: "
        "elk proces houdt WeasyPrint en zijn deel in het geheugen)"
    )


def default_jobs() -> int:
    """The number of cores this process may use."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class _Document:
    """One PDF of a run, between `begin` and `finish`: its jobs and, when it is laid out in
    parts, what the table of contents, the footers and the join need."""

    html: str
    target: Path
    prefix: str  # of its files in the run's folder
    jobs: list[Any]
    tickets: list[int | dict] = field(default_factory=list)  # a ticket, or the result from the cache
    parts: list[str] = field(default_factory=list)  # its HTML by part, links across rewritten
    toc: int | None = None
    others: list[int] = field(default_factory=list)  # the parts but the contents, in order
    probe: bool = False
    files: list[Path] = field(default_factory=list)  # to join, in order, once laid out
    footers: list[Path] = field(default_factory=list)  # their footers, to stamp on


class PdfLayout:
    """The PDFs of one run, laid out together: `begin` each (its jobs are queued, the workers
    start on them), then `finish` them all (each gets its contents and footers once its parts
    are laid out, then the workers stop and each is joined). Parts in the cache are written out
    at once instead of laid out. Counts the parts done, for the progress."""

    def __init__(
        self,
        jobs: int = 1,
        cache: Any = None,
        fetcher: Any = None,
        progress: Any = lambda step: None,
        folder: Path | None = None,
    ) -> None:
        from .schedule import Scheduler

        self.cache, self.progress = cache, progress
        self.scheduler = Scheduler(jobs, fetcher, on_done=self._done)
        self.environment = None
        if cache is not None:
            from .cache import environment

            self.environment = environment(FONTS_CSS, {"pdf_variant": PDF_VARIANT, "custom_metadata": False})
        self.folder = Path(tempfile.mkdtemp(prefix="gbvs-pdf-", dir=folder))  # in `folder`, else TMPDIR
        self.documents = 0
        self.parts, self.done, self.from_cache = 0, 0, 0
        self.counted: set[int] = set()  # the tickets of parts, which the progress counts
        # Layout makes millions of short-lived objects; keep the garbage collector from scanning
        # everything loaded before (submissions, templates, modules) over and over meanwhile.
        # Collect first, or garbage from the HTML stage would be frozen, and kept, with it.
        gc.collect()
        gc.freeze()

    def __enter__(self) -> PdfLayout:
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        self.close(failed=kind is not None)

    def close(self, failed: bool) -> None:
        try:
            self.scheduler.close(failed)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            gc.unfreeze()
        if self.cache is not None and not failed:
            self.cache.evict()

    def job(self, kind: str, text: str, name: str, pages: int | None = None) -> Any:
        from .work import KINDS, Job

        # The kind with the style sheet it gets (work.PART_CSS, work.FOOTER_CSS), which shape it too.
        key = None if self.cache is None else self.cache.key(self.environment, f"{kind}\n{KINDS[kind]}", text)
        return Job(kind, text, str(self.folder / name), key, self.cache, pages)

    def begin(self, html: str, target: Path) -> _Document:
        """Queue the jobs of the PDF of `html`, to be written to `target` by `finish`."""
        prefix = f"{self.documents:02d}-"
        self.documents += 1
        parts = split_parts(html, part_size(len(html)))
        if len(parts) == 1 or len(html) <= ONE_DOCUMENT_SIZE:  # also HTML without the marks
            document = _Document(html, target, prefix, [self.job("geheel", html, f"{prefix}geheel.pdf")])
            self.parts += 1
            document.tickets = self._submit(document.jobs, parts=1)
            return document
        ids = [_ids(part) for part in parts]
        everywhere = set().union(*ids)
        texts = [_link_across(part, own, everywhere - own) for part, own in zip(parts, ids)]
        toc = next((i for i, part in enumerate(parts) if TOC_MARK in part), None)
        others = [i for i in range(len(parts)) if i != toc]
        jobs = [self.job("deel", texts[i], f"{prefix}deel-{i:04d}.pdf") for i in others]
        probe = False
        if toc is not None:
            # A contents of more than a page (some 40 entries a page) is laid out alongside the
            # other parts too, with page numbers of as many digits as the longest can have, to know
            # how many pages it has itself; a shorter one is taken to have one page.
            targets = _toc_targets(texts[toc])
            probe = len(targets) > 40
            if probe:
                widest = 10 ** len(str(max(10, 2 * len(html) // 3000))) - 1
                text = _number_contents(texts[toc], dict.fromkeys(targets, widest))
                jobs.append(self.job("deel", text, f"{prefix}inhoud-proef.pdf"))
        document = _Document(html, target, prefix, jobs, parts=texts, toc=toc, others=others, probe=probe)
        self.parts += len(parts)  # the contents among them, laid out in `finish`
        # The probe first: the contents waits for it, and it costs more than its HTML suggests.
        document.tickets = self._submit(jobs[: len(others)], parts=len(others))
        document.tickets += self._submit(jobs[len(others) :], urgent=True)
        return document

    def finish(self, *documents: _Document) -> list[tuple[list[str], list[str]]]:
        """Write the PDFs of documents `begin` queued: first lay out what each still needs (the
        contents, the footers), one document after another, then join each. The workers are stopped before the
        joins: nothing is left to lay out, and a join (pikepdf holds the whole document) would
        otherwise come on top of their memory. Returns, per document, the URLs that were asked
        for and refused, and WeasyPrint's warnings (a stylesheet it could not understand, say):
        neither is expected, so the caller reports both."""
        from .join import join_parts

        laid_out: dict[int, list[dict]] = {}
        # Those without a contents first: their footers can be laid out while the workers still
        # lay out parts of the others, instead of after the last contents.
        for index in sorted(range(len(documents)), key=lambda i: documents[i].toc is not None):
            document = documents[index]
            results = self._results(document.tickets)
            laid_out[index] = self._rest(document, results) if document.parts else results
        self.scheduler.close(failed=False)
        outcome = []
        for index, document in enumerate(documents):
            results = laid_out[index]
            if not document.parts:
                shutil.move(document.jobs[0].out, document.target)
            else:
                self.progress("PDF: de delen samenvoegen")
                join_parts(document.files, document.footers, document.target, link_scheme=LINK_SCHEME)
            refused = [url for result in results for url in result["refused"]]
            outcome.append((refused, [message for result in results for message in result["warnings"]]))
        return outcome

    def _submit(self, jobs: list[Any], parts: int = 0, urgent: bool = False) -> list[int | dict]:
        """Queue `jobs` (the first `parts` of them are parts, which the progress counts); those in
        the cache are written out at once, their result in place of a ticket."""
        tickets: list[int | dict] = []
        for index, job in enumerate(jobs):
            entry = None if self.cache is None else self.cache.get(job.key)
            if entry is not None and (job.pages is None or entry.meta["pages"] == job.pages):
                Path(job.out).write_bytes(entry.pdf)
                tickets.append(entry.meta)
                if index < parts:
                    self._count(cached=True)
            else:
                ticket = self.scheduler.submit(job, urgent=urgent)
                if index < parts:
                    self.counted.add(ticket)
                tickets.append(ticket)
        return tickets

    def _results(self, tickets: list[int | dict]) -> list[dict]:
        waiting = [t for t in tickets if isinstance(t, int)]
        done = dict(self.scheduler.wait(waiting))
        return [done[t] if isinstance(t, int) else t for t in tickets]

    def _run(self, jobs: list[Any], parts: int = 0) -> list[dict]:
        """The results of `jobs`, laid out before anything else queued."""
        return self._results(self._submit(jobs, parts, urgent=True))

    def _done(self, ticket: int) -> None:
        if ticket in self.counted:
            self._count(cached=False)

    def _count(self, cached: bool) -> None:
        self.done += 1
        self.from_cache += cached
        cache = "" if self.cache is None else f" ({self.from_cache} uit de cache)"
        self.progress(f"PDF opmaken: deel {self.done} van {self.parts} klaar{cache}")

    def _rest(self, document: _Document, results: list[dict]) -> list[dict]:
        """Lay the contents out now that the other parts are (it shows where their entries
        fall), and the footers (they show the number of pages); note the files to join."""
        toc, others, texts = document.toc, document.others, document.parts
        files = [Path(job.out) for job in document.jobs[: len(others)]]
        counts = {i: result["pages"] for i, result in zip(others, results)}
        ordered = dict(zip(others, results))
        if toc is None:
            self.progress("PDF: paginanummers opmaken")
            footer_jobs = self._footer_jobs(document, sum(counts.values()))
            footer_results = self._run(footer_jobs)
            document.files, document.footers = files, [Path(job.out) for job in footer_jobs]
            return [ordered[i] for i in others] + footer_results
        files.insert(toc, self.folder / f"{document.prefix}deel-{toc:04d}.pdf")
        before: dict[str, int] = {}
        after: dict[str, int] = {}  # anchor: page index before the contents, or counted from its end
        for i in others:
            start = (
                sum(counts[j] for j in others if j < i) if i < toc else sum(counts[j] for j in others if toc < j < i)
            )
            for name, index in ordered[i]["anchors"].items():
                (before if i < toc else after).setdefault(name, start + index)
        start = sum(counts[j] for j in others if j < toc)
        targets = _toc_targets(texts[toc])

        def numbers(own_pages: int, own: dict[str, int]) -> dict[str, int]:
            pages = {name: index + 1 for name, index in before.items()}
            pages |= {name: start + index + 1 for name, index in own.items()}
            pages |= {name: start + own_pages + index + 1 for name, index in after.items()}
            return {name: pages[name] for name in targets if name in pages}

        # The contents with its page numbers, and the footers, at once: the contents keeps the
        # number of pages the probe found (or both are done again).
        probe_result: dict[str, Any] = results[-1] if document.probe else {"pages": 1, "anchors": {}}
        guess = numbers(probe_result["pages"], probe_result["anchors"])
        self.progress("PDF: inhoudsopgave en paginanummers opmaken")
        name = files[toc].name
        footer_jobs = self._footer_jobs(document, sum(counts.values()) + probe_result["pages"])
        contents, *footer_results = self._run(
            [self.job("deel", _number_contents(texts[toc], guess), name), *footer_jobs], parts=1
        )
        for _ in range(4):
            actual = numbers(contents["pages"], contents["anchors"])
            if actual == guess:
                break
            guess = actual
            (contents,) = self._run([self.job("deel", _number_contents(texts[toc], guess), name)])
        else:
            raise RuntimeError("de inhoudsopgave krijgt geen vaste paginanummers")
        if contents["pages"] != probe_result["pages"]:
            footer_jobs = self._footer_jobs(document, sum(counts.values()) + contents["pages"])
            footer_results = self._run(footer_jobs)
        document.files, document.footers = files, [Path(job.out) for job in footer_jobs]
        return [ordered[i] if i != toc else contents for i in range(len(texts))] + footer_results

    def _footer_jobs(self, document: _Document, total: int) -> list:
        """The footers of `total` pages, in documents of FOOTER_PAGES pages: "pagina N van M" on
        a page of its own each, nothing on the title page."""
        head = document.html[: document.html.index("<body")]
        jobs = []
        for first in range(1, total + 1, FOOTER_PAGES):
            numbers = range(first, min(first + FOOTER_PAGES, total + 1))
            text = "".join(
                f'<div class="voet" data-voet="{FOOTER_TEXT.format(page=n, pages=total) if n > 1 else ""}"></div>'
                for n in numbers
            )
            name = f"{document.prefix}voet-{first:05d}.pdf"
            jobs.append(self.job("voet", f"{head}<body>{text}</body></html>", name, len(numbers)))
        return jobs


def render_pdf(
    html: str, target: Path, fetcher: Any = None, progress: Any = lambda step: None, *, jobs: int = 1, cache: Any = None
) -> tuple[list[str], list[str]]:
    """Write `html` as a PDF to `target`, laying its parts out in up to `jobs` processes, and
    taking from `cache` (a gbvs_report.pdf.cache.PartCache) what is in it already: one PDF of
    its own (a run with several lays them out together, PdfLayout).

    Returns the URLs that were asked for and refused, and WeasyPrint's warnings. The PDF is
    the same bytes whatever `jobs` and whatever the cache holds."""
    from ..interrupts import uninterrupted

    with contextlib.ExitStack() as stack:
        with uninterrupted():  # its folder made and noted for the clean-up as one step
            layout = stack.enter_context(PdfLayout(jobs, cache, fetcher, progress))
        return layout.finish(layout.begin(html, target))[0]


def _toc_targets(text: str) -> list[str]:
    return re.findall(r'<a href="(?:#|' + LINK_SCHEME + r')([^"]+)"', _partition(text, TOC_MARK, "</nav>")[1])
