"""Laying out one document (a part of the report, the table of contents, a run of footers)
with WeasyPrint, in the main process or in a worker process (gbvs_report/pdf/layout.py plans
which, and in what order).

A job's result depends on its HTML and the fixed style sheets of its kind only, never on the
process or on what that process laid out before: that is what makes the report the same bytes
whatever the number of workers, and what lets a part come from the cache
(gbvs_report/pdf/cache.py) instead.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import PartCache
from .fetch import FONTS_CSS, PDF_VARIANT, asset_fetcher

# A part leaves the footer out and gets the contents' page numbers from `data-pagina`; a run of
# footers is the footer alone, a page each (gbvs_report/pdf/layout.py says why).
# WeasyPrint's `stylesheets` are user style sheets: they win over the report's own only with
# !important.
PART_CSS = """@page { @bottom-right { content: none !important; } }
.toc a::after { content: leader(". ") attr(data-pagina) !important; }"""
FOOTER_CSS = """@page { @top-left { content: none !important; } @top-right { content: none !important; }
  @bottom-right { content: string(voet) !important; } }
.voet { break-before: page !important; string-set: voet attr(data-voet) !important; }"""
# The user style sheets each kind of document gets, besides fonts.css.
KINDS = {"geheel": "", "deel": PART_CSS, "voet": FOOTER_CSS}


@dataclass(frozen=True)
class Job:
    kind: str  # a key of KINDS
    text: str  # the HTML
    out: str  # where the PDF goes
    key: str | None = None  # its cache key, when there is a cache
    cache: PartCache | None = None
    pages: int | None = None  # the number of pages it must have (footers)


class _Collect(logging.Handler):
    """WeasyPrint's warnings while one job is laid out."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _drop_attachments(document: Any) -> None:
    """A report embeds no files, whatever its HTML says (`<a rel=attachment>`, `<link rel=attachment>`)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


class Layouter:
    """WeasyPrint, set up once per process: the fonts and style sheets every job shares."""

    def __init__(self, fetcher: Any = None) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = fetcher or asset_fetcher()
        self.fonts = FontConfiguration()
        fonts_css = CSS(filename=str(FONTS_CSS), url_fetcher=self.fetcher, font_config=self.fonts)
        self.stylesheets = {
            kind: [fonts_css, *([CSS(string=css, font_config=self.fonts)] if css else [])]
            for kind, css in KINDS.items()
        }

    def lay_out(self, job: Job) -> dict:
        """Lay out `job`, write its PDF and return what the plan needs to know about it: its
        number of pages, the page (from 0) of each anchor, WeasyPrint's warnings and the URLs
        refused. Stored in the cache too when there is one."""
        from weasyprint import HTML

        logger, collect = logging.getLogger("weasyprint"), _Collect()
        logger.addHandler(collect)
        propagate, logger.propagate = logger.propagate, False
        refused_before = len(self.fetcher.refused)
        try:
            document = HTML(string=job.text, base_url="about:blank", url_fetcher=self.fetcher).render(
                font_config=self.fonts, stylesheets=self.stylesheets[job.kind], pdf_variant=PDF_VARIANT
            )
            _drop_attachments(document)
            if job.pages is not None and len(document.pages) != job.pages:
                raise RuntimeError(f"voetteksten: {len(document.pages)} pagina's, verwacht {job.pages}")
            anchors: dict[str, int] = {}
            for number, page in enumerate(document.pages):
                for name in page.anchors:
                    anchors.setdefault(name, number)
            pages = len(document.pages)
            document.write_pdf(job.out, pdf_variant=PDF_VARIANT, custom_metadata=False)
            del document
        finally:
            logger.removeHandler(collect)
            logger.propagate = propagate
        refused = self.fetcher.refused[refused_before:]
        warnings = [m for m in collect.messages if not any(url in m for url in refused)]
        meta = {"pages": pages, "anchors": anchors, "warnings": warnings, "refused": refused}
        if job.cache is not None and job.key is not None:
            job.cache.put(job.key, Path(job.out).read_bytes(), meta)
        return meta


_layouter: Layouter | None = None


def start_worker(parent: int | None = None) -> None:
    """A worker process's set-up: end with the run's process `parent` (`end_with`), WeasyPrint and
    the fonts once, then keep the garbage collector from scanning them over and over while the
    parts are laid out."""
    from multiprocessing.util import Finalize

    global _layouter  # noqa: PLW0603 (one per worker process)
    if parent is not None:
        end_with(parent)
    _layouter = Layouter()
    # A worker process ends without running atexit or __del__ of what it still holds: let it
    # drop WeasyPrint's font set-up itself, which then removes its folder of fonts from TMPDIR.
    Finalize(None, _stop_worker, exitpriority=0)
    gc.collect()
    gc.freeze()


def end_with(parent: int) -> None:
    """End this worker as soon as the run's process `parent` ends, however it ends (kill -9
    included): a thread waits for it (a pidfd on Linux, else a look every half second), removes
    WeasyPrint's folder of fonts and ends the process. A worker's parent is the fork server, not
    the run, so the kernel's own parent-death signal would not do; the fork server and the
    resource tracker end by themselves once the workers are gone."""
    import os
    import threading

    def watch() -> None:
        try:
            _wait_for(parent)
        finally:
            _remove_what_the_run_left()
            os._exit(1)

    threading.Thread(target=watch, name="gbvs-einde", daemon=True).start()


def _remove_what_the_run_left() -> None:
    """The run is gone without cleaning up: remove this worker's folder of fonts and the run's
    multiprocessing folder in TMPDIR (`pymp-…`, which holds the fork server's socket)."""
    import os
    import shutil

    folder = getattr(getattr(_layouter, "fonts", None), "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    try:
        from multiprocessing import forkserver

        address = forkserver._forkserver._forkserver_address  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return
    if isinstance(address, str) and os.path.basename(os.path.dirname(address)).startswith("pymp-"):
        shutil.rmtree(os.path.dirname(address), ignore_errors=True)


def _wait_for(pid: int) -> None:
    """Return when process `pid` has ended."""
    import os
    import select
    import time

    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # ended already
    except (AttributeError, OSError):  # no pidfd: look every half second
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                pass
            time.sleep(0.5)
    poll = select.poll()
    poll.register(handle, select.POLLIN)
    while not poll.poll():
        pass
    os.close(handle)


def _stop_worker() -> None:
    global _layouter  # noqa: PLW0603
    _layouter = None
    gc.unfreeze()
    gc.collect()


def ready() -> None:
    """A task that only makes sure that its worker has started (and set WeasyPrint up)."""


def lay_out(job: Job) -> dict:
    """A worker process's task."""
    if _layouter is None:
        start_worker()
    assert _layouter is not None
    try:
        return _layouter.lay_out(job)
    finally:
        _give_back_memory()


def _give_back_memory() -> None:
    """Return the memory of the document just laid out to the system: glibc keeps freed memory
    for the process otherwise, and a worker would hold as much as its largest part needed while
    the main process joins a long report."""
    import ctypes

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)
