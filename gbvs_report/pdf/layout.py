"""PDF layout: lay the report's HTML out as a tagged A4 PDF (PDF/UA-1) with WeasyPrint.

WeasyPrint is imported here and only here, inside the functions: `gbvs --help` and
`gbvs validate` must not pay for it. The HTML's text comes from submissions and is untrusted,
so WeasyPrint gets a URL fetcher that serves the report's own assets (the shipped fonts) and
inline `data:` URLs, and refuses everything else: no other files, no network, no redirects.
The fonts ship with the package, so that the PDF looks the same on every machine.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ASSETS = Path(__file__).parent.parent / "assets"
FONTS_CSS = ASSETS / "fonts" / "fonts.css"
PDF_VARIANT = "pdf/ua-1"
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2", ".css": "text/css"}


class RefusedURL(ValueError):
    """A resource the report did not put there itself."""


def asset_path(url: str, root: Path = ASSETS) -> Path | None:
    """The file a `file:` URL names when it lies inside `root` (symlinks resolved), else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path)).resolve()
    base = root.resolve()
    return path if base in path.parents and path.is_file() else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves `data:` URLs and files inside the assets folder; records every request."""

        def __init__(self, root: Path = ASSETS) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.root = root
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = asset_path(url, self.root)
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"niet toegestaan: {url}")
            self.served.append(url)
            media_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": media_type or "application/octet-stream"}
            )

    return AssetFetcher


def asset_fetcher(root: Path = ASSETS) -> Any:
    """A fresh WeasyPrint URL fetcher that serves only `root` and `data:` URLs."""
    return _fetcher_class()(root)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
# Up to this size (some 80 pages) one document is faster than parts laid out at once: measured
# on a shared 2-core machine, the example (37 pages) as one document in a worker (which imports
# WeasyPrint while the main process checks the submissions and makes the HTML) took 7.3 to
# 7.5 s where parts took 11.8 to 12.9 s and WeasyPrint alone 8.7 to 12.5 s. One document is one
# entry in the cache.
ONE_DOCUMENT_SIZE = 300_000
TOC_MARK = '<nav class="toc"'
LINK_SCHEME = "gbvs-deel:"  # a link to an anchor in another part, until the parts are joined
# Page numbers and the contents' page numbers are known only when every part is laid out:
# the parts leave the footer out, a last pass lays out the footers alone (pdfjoin stamps them
# on), and the table of contents, laid out after the other parts, gets its page numbers as
# `data-pagina` attributes.
# WeasyPrint's `stylesheets` are user style sheets: they win over the report's own only with
# !important.
PART_CSS = """@page { @bottom-right { content: none !important; } }
.toc a::after { content: leader(".") attr(data-pagina) !important; }"""
FOOTER_CSS = """@page { @top-left { content: none !important; } @top-right { content: none !important; }
  @bottom-right { content: string(voet) !important; } }
.voet { break-before: page !important; string-set: voet attr(data-voet) !important; }"""
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


def default_jobs() -> int:
    """The number of cores this process may use."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


# Worker processes come from a fork server that has imported WeasyPrint once: each worker then
# starts without importing it again, and without a copy of the main process's memory (the
# submissions, the HTML). Started early (`start_workers`), the fork server imports WeasyPrint
# while the main process still checks the submissions and renders the HTML.
PRELOAD = ["gbvs_report.pdf.work", "weasyprint", "weasyprint.text.fonts"]


def _context() -> Any:
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_workers() -> None:
    """Start the fork server the layout's workers will come from, so that it is ready when
    they are needed; the caller carries on meanwhile."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class _Runner:
    """Lays jobs out: in this process (`jobs` 1), or in up to `jobs` worker processes,
    started when the first job is not in the cache."""

    def __init__(self, jobs: int, fetcher: Any = None) -> None:
        self.jobs, self.fetcher = jobs, fetcher
        self.layouter: Any = None
        self.executor: Any = None

    def run(self, jobs: list) -> Any:
        """(index, result) of each job, as they are done."""
        from .work import Layouter, lay_out

        if not jobs:
            return
        if self.jobs <= 1 or self.fetcher is not None:
            if self.layouter is None:
                self.layouter = Layouter(self.fetcher or asset_fetcher())
            for index, job in enumerate(jobs):
                yield index, self.layouter.lay_out(job)
            return
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        if self.executor is None:
            from .work import start_worker

            self.executor = ProcessPoolExecutor(
                max_workers=min(self.jobs, max(2, len(jobs))), mp_context=_context(), initializer=start_worker
            )
        # The longest first, so that the workers finish close together.
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].text))
        pending = {self.executor.submit(lay_out, jobs[i]): i for i in order}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.__getitem__):
                yield pending.pop(future), future.result()

    def close(self, failed: bool) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=failed)


class _Plan:
    """The jobs of one report, through the cache when there is one: what is in it is written
    out at once, the rest laid out. Counts the parts done, for the progress."""

    def __init__(self, runner: _Runner, cache: Any, folder: Path, progress: Any) -> None:
        self.runner, self.cache, self.folder, self.progress = runner, cache, folder, progress
        self.environment = None
        if cache is not None:
            from .cache import environment

            self.environment = environment(FONTS_CSS, {"pdf_variant": PDF_VARIANT, "custom_metadata": False})
        self.parts, self.done, self.from_cache = 0, 0, 0

    def job(self, kind: str, text: str, name: str, pages: int | None = None) -> Any:
        from .work import Job

        # The kind with the style sheet it gets (PART_CSS, FOOTER_CSS), which shape it too.
        kind_css = {"geheel": "", "deel": PART_CSS, "voet": FOOTER_CSS}[kind]
        key = None if self.cache is None else self.cache.key(self.environment, f"{kind}\n{kind_css}", text)
        out = str(self.folder / name)
        return Job(kind, text, out, key, self.cache, pages)

    def run(self, jobs: list, counted: Any = frozenset()) -> list[dict]:
        """The results of `jobs`, in order; those in `counted` are parts the progress counts."""
        results: list = [None] * len(jobs)
        missing = []
        for index, job in enumerate(jobs):
            entry = None if self.cache is None else self.cache.get(job.key)
            if entry is not None and (job.pages is None or entry.meta["pages"] == job.pages):
                Path(job.out).write_bytes(entry.pdf)
                results[index] = entry.meta
                self._count(index in counted, cached=True)
            else:
                missing.append(index)
        for number, result in self.runner.run([jobs[i] for i in missing]):
            results[missing[number]] = result
            self._count(missing[number] in counted, cached=False)
        return results

    def _count(self, part: bool, cached: bool) -> None:
        if not part:
            return
        self.done += 1
        self.from_cache += cached
        cache = "" if self.cache is None else f" ({self.from_cache} uit de cache)"
        self.progress(f"PDF opmaken: deel {self.done} van {self.parts} klaar{cache}")


def render_pdf(
    html: str, target: Path, fetcher: Any = None, progress: Any = lambda step: None, *, jobs: int = 1, cache: Any = None
) -> tuple[list[str], list[str]]:
    """Write `html` as a PDF to `target`, laying its parts out in up to `jobs` processes, and
    taking from `cache` (a gbvs_report.pdf.cache.PartCache) what is in it already.

    Returns the URLs that were asked for and refused, and WeasyPrint's warnings (a stylesheet
    it could not understand, say): neither is expected, so the caller reports both. The PDF is
    the same bytes whatever `jobs` and whatever the cache holds."""
    from .join import join_parts

    runner = _Runner(jobs, fetcher)
    # Layout makes millions of short-lived objects; keep the garbage collector from scanning
    # everything loaded before (submissions, templates, modules) over and over meanwhile.
    # Collect first, or garbage from the HTML stage would be frozen, and kept, with it.
    gc.collect()
    gc.freeze()
    failed = True
    try:
        with tempfile.TemporaryDirectory(prefix="gbvs-pdf-") as folder:
            plan = _Plan(runner, cache, Path(folder), progress)
            parts = split_parts(html, part_size(len(html)))
            if len(parts) == 1 or len(html) <= ONE_DOCUMENT_SIZE:  # also HTML without the marks
                plan.parts = 1
                results = plan.run([plan.job("geheel", html, "geheel.pdf")], counted={0})
                shutil.move(Path(folder) / "geheel.pdf", target)
            else:
                results = _render_parts(html, parts, plan, target, join_parts)
        failed = False
    finally:
        runner.close(failed)
        gc.unfreeze()
    if cache is not None:
        cache.evict()
    refused = [url for result in results for url in result["refused"]]
    return refused, [message for result in results for message in result["warnings"]]


def _render_parts(html: str, parts: list[str], plan: _Plan, target: Path, join_parts: Any) -> list[dict]:
    """Lay the parts out (the table of contents after the others: it shows where their entries
    fall), then the footers (they show the number of pages), then join them."""
    ids = [_ids(part) for part in parts]
    everywhere = set().union(*ids)
    texts = [_link_across(part, own, everywhere - own) for part, own in zip(parts, ids)]
    toc = next((i for i, part in enumerate(parts) if TOC_MARK in part), None)
    others = [i for i in range(len(parts)) if i != toc]
    plan.parts = len(parts)
    files = [plan.folder / f"deel-{i:04d}.pdf" for i in range(len(parts))]
    jobs = [plan.job("deel", texts[i], files[i].name) for i in others]
    probe = False
    if toc is not None:
        targets = _toc_targets(texts[toc])
        # A contents of more than a page (some 40 entries a page) is laid out alongside the
        # other parts too, with page numbers of as many digits as the longest can have, to know
        # how many pages it has itself; a shorter one is taken to have one page.
        probe = len(targets) > 40
        if probe:
            widest = 10 ** len(str(max(10, 2 * len(html) // 3000))) - 1
            text = _number_contents(texts[toc], dict.fromkeys(targets, widest))
            jobs.append(plan.job("deel", text, "inhoud-proef.pdf"))
    results = plan.run(jobs, counted=set(range(len(others))))
    counts = dict.fromkeys(range(len(parts)), 0)
    for i, result in zip(others, results):
        counts[i] = result["pages"]
    ordered = dict(zip(others, results))
    if toc is None:
        footers, footer_results = _footers(html, sum(counts.values()), plan)
        plan.progress("PDF: de delen samenvoegen")
        join_parts(files, footers, target, link_scheme=LINK_SCHEME)
        return [ordered[i] for i in others] + footer_results
    before: dict[str, int] = {}
    after: dict[str, int] = {}  # anchor: page index before the contents, or counted from its end
    for i in others:
        start = sum(counts[j] for j in range(i)) if i < toc else sum(counts[j] for j in range(toc + 1, i))
        for name, index in ordered[i]["anchors"].items():
            (before if i < toc else after).setdefault(name, start + index)
    start = sum(counts[j] for j in range(toc))

    def numbers(own_pages: int, own: dict[str, int]) -> dict[str, int]:
        pages = {name: index + 1 for name, index in before.items()}
        pages |= {name: start + index + 1 for name, index in own.items()}
        pages |= {name: start + own_pages + index + 1 for name, index in after.items()}
        return {name: pages[name] for name in targets if name in pages}

    # The contents with its page numbers, and the footers, at once: the contents keeps the
    # number of pages the probe found (or both are done again).
    probe_result: dict[str, Any] = results[-1] if probe else {"pages": 1, "anchors": {}}
    guess = numbers(probe_result["pages"], probe_result["anchors"])
    plan.progress("PDF: inhoudsopgave en paginanummers opmaken")
    contents_job = plan.job("deel", _number_contents(texts[toc], guess), files[toc].name)
    footer_jobs = _footer_jobs(html, sum(counts.values()) + probe_result["pages"], plan)
    contents, *footer_results = plan.run([contents_job, *footer_jobs], counted={0})
    for _ in range(4):
        actual = numbers(contents["pages"], contents["anchors"])
        if actual == guess:
            break
        guess = actual
        (contents,) = plan.run([plan.job("deel", _number_contents(texts[toc], guess), files[toc].name)])
    else:
        raise RuntimeError("de inhoudsopgave krijgt geen vaste paginanummers")
    if contents["pages"] != probe_result["pages"]:
        footer_jobs = _footer_jobs(html, sum(counts.values()) + contents["pages"], plan)
        footer_results = plan.run(footer_jobs)
    plan.progress("PDF: de delen samenvoegen")
    join_parts(files, [Path(job.out) for job in footer_jobs], target, link_scheme=LINK_SCHEME)
    return [ordered[i] if i != toc else contents for i in range(len(parts))] + footer_results


def _toc_targets(text: str) -> list[str]:
    return re.findall(r'<a href="(?:#|' + LINK_SCHEME + r')([^"]+)"', _partition(text, TOC_MARK, "</nav>")[1])


def _footer_jobs(html: str, total: int, plan: _Plan) -> list:
    """The footers of `total` pages, in documents of FOOTER_PAGES pages: "pagina N van M" on
    a page of its own each, nothing on the title page."""
    head = html[: html.index("<body")]
    jobs = []
    for first in range(1, total + 1, FOOTER_PAGES):
        numbers = range(first, min(first + FOOTER_PAGES, total + 1))
        text = "".join(
            f'<div class="voet" data-voet="{FOOTER_TEXT.format(page=n, pages=total) if n > 1 else ""}"></div>'
            for n in numbers
        )
        jobs.append(plan.job("voet", f"{head}<body>{text}</body></html>", f"voet-{first:05d}.pdf", len(numbers)))
    return jobs


def _footers(html: str, total: int, plan: _Plan) -> tuple[list[Path], list[dict]]:
    plan.progress("PDF: paginanummers opmaken")
    jobs = _footer_jobs(html, total, plan)
    return [Path(job.out) for job in jobs], plan.run(jobs)


def _drop_attachments(document: Any) -> None:
    """A report embeds no files, whatever its HTML says (`<a rel=attachment>`, `<link rel=attachment>`)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
