"""Parts laid out in worker processes and kept in a cache of laid-out parts: the same inputs give
the same bytes whatever the number of workers and whatever the cache holds (nothing, all of
it, damaged entries, another run writing it at the same time); the cache stays within its
bound, the entries used longest ago going first; `gbvs init`'s CI keeps the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import WORKSPACE, run
from ruamel.yaml import YAML

from gbvs_report import __version__
from gbvs_report.pdf import layout as pdf
from gbvs_report.pdf.cache import MAGIC, PartCache, cache_root, environment, open_cache

PERIOD = "2020-2021"
STEM = f"gbvs-voortgangsrapportage-{PERIOD}"
CSS = """@page { size: A4; margin: 20mm; @bottom-right { content: "pagina " counter(page) " van " counter(pages); } }
body { font-family: "Noto Sans"; font-size: 11pt; } h2 { bookmark-level: 1; } h3 { bookmark-level: 2; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }"""


def small_report(sections: int = 5, paragraphs: int = 9, change: int | None = None) -> str:
    """A report in the shape the templates give it (a title page, the contents, parts that may
    begin where a mark says), a few pages long."""
    entries = "".join(f'<li><a href="#s{i}">Sectie {i}</a></li>' for i in range(sections))
    body = []
    for i in range(sections):
        text = "Tekst van de sectie, lang genoeg om regels te vullen en af te breken. " * 12
        if i == change:
            text += "Gewijzigd. "
        paragraphs_html = "".join(f"<p>{text}{j}</p>" for j in range(paragraphs))
        link = f'<p><a href="#s{(i + 1) % sections}">Naar de volgende sectie</a></p>'
        body.append(f'<!-- gbvs:deel --><section id="s{i}"><h2>Sectie {i}</h2>{paragraphs_html}{link}</section>')
    return (
        f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>Proef</title><style>{CSS}</style></head>"
        '<body><!-- gbvs:begin --><main><header id="titel"><h1>Proefrapport</h1></header>'
        f'<!-- gbvs:deel --><nav class="toc" aria-labelledby="toc-kop"><h2 id="toc-kop">Inhoud</h2><ol>{entries}</ol></nav>'
        + "".join(body)
        + "</main></body></html>"
    )


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part per mark, and the footers in several passes, as a long report would be."""
    monkeypatch.setattr(pdf, "PART_SIZE", 1)
    monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)
    monkeypatch.setattr(pdf, "FOOTER_PAGES", 4)


def render(html: str, target: Path, jobs: int = 1, cache: PartCache | None = None) -> list[str]:
    steps: list[str] = []
    assert pdf.render_pdf(html, target, progress=steps.append, jobs=jobs, cache=cache) == ([], [])
    return steps


def from_cache(steps: list[str]) -> int:
    """How many parts the last progress step says came from the cache."""
    parts = [s for s in steps if s.startswith("PDF opmaken: deel ")]
    return int(parts[-1].rsplit("(", 1)[1].split()[0])


def _cache(root: Path, limit: int) -> PartCache:
    cache, notes = open_cache(root, limit)
    assert cache is not None and notes == []
    return cache


def entries(cache: PartCache) -> list[Path]:
    return sorted(cache.root.glob("*/*.deel"))


def test_same_bytes_whatever_the_workers_and_the_cache(tmp_path: Path, in_parts) -> None:
    html = small_report()
    reference = tmp_path / "koud-1.pdf"
    steps = render(html, reference)  # one process, no cache
    assert [s for s in steps if s.startswith("PDF opmaken: deel")] == [
        f"PDF opmaken: deel {i} van 7 klaar" for i in range(1, 8)
    ]
    cache = _cache(tmp_path / "cache", 10**9)
    cold = render(html, tmp_path / "koud-2.pdf", jobs=2, cache=cache)
    assert from_cache(cold) == 0
    warm = render(html, tmp_path / "warm-2.pdf", jobs=2, cache=cache)
    assert from_cache(warm) == 7
    warm_1 = render(html, tmp_path / "warm-1.pdf", jobs=1, cache=cache)
    assert from_cache(warm_1) == 7
    for other in ("koud-2.pdf", "warm-2.pdf", "warm-1.pdf"):
        assert (tmp_path / other).read_bytes() == reference.read_bytes(), other
    # After a change in one part, only that part is laid out again (and the contents, footers
    # and join after it); the result is what a render without the cache gives.
    changed = small_report(change=2)
    steps = render(changed, tmp_path / "gewijzigd.pdf", jobs=2, cache=cache)
    assert from_cache(steps) >= 6 - 1  # every part but the changed one (and the contents if its numbers moved)
    render(changed, tmp_path / "gewijzigd-zonder.pdf")
    assert (tmp_path / "gewijzigd.pdf").read_bytes() == (tmp_path / "gewijzigd-zonder.pdf").read_bytes()


def test_a_short_report_is_one_document_through_the_cache_too(tmp_path: Path) -> None:
    html = small_report(sections=2, paragraphs=2)
    assert len(html) <= pdf.ONE_DOCUMENT_SIZE
    cache = _cache(tmp_path / "cache", 10**9)
    render(html, tmp_path / "a.pdf")
    render(html, tmp_path / "b.pdf", jobs=2, cache=cache)
    assert from_cache(render(html, tmp_path / "c.pdf", jobs=2, cache=cache)) == 1
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()


def test_damaged_entries_are_laid_out_again(tmp_path: Path, in_parts) -> None:
    html = small_report()
    cache = _cache(tmp_path / "cache", 10**9)
    render(html, tmp_path / "a.pdf", cache=cache)
    files = entries(cache)
    assert len(files) >= 8  # seven parts and the footers
    truncated, garbage, flipped, header = files[:4]
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])  # a half-written entry
    garbage.write_bytes(os.urandom(4000))
    data = bytearray(flipped.read_bytes())
    data[-100] ^= 0xFF  # one byte of the PDF changed: its checksum no longer matches
    flipped.write_bytes(bytes(data))
    lines = header.read_bytes().split(b"\n", 2)
    meta = json.loads(lines[1])
    meta["pages"] += 1  # metadata that lies about the PDF
    header.write_bytes(b"\n".join([lines[0], json.dumps(meta).encode(), lines[2]]))
    steps = render(html, tmp_path / "b.pdf", jobs=2, cache=cache)
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()
    assert from_cache(steps) < 7
    for path in (truncated, garbage, flipped, header):  # laid out again, and stored whole
        entry = cache.get(path.stem)
        assert entry is not None and entry.pdf.startswith(b"%PDF"), path


def test_the_cache_keeps_within_its_bound_oldest_first(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "cache", 10_000)
    pdf_bytes = b"%PDF-1.7\n" + b"x" * 2990
    keys = [PartCache.key("omgeving", "deel", f"deel {i}") for i in range(6)]
    now = time.time()
    for age, key in enumerate(keys):
        cache.put(key, pdf_bytes, {"pages": 1, "anchors": {}, "warnings": [], "refused": []})
        os.utime(cache.path(key), (now - 1000 + age, now - 1000 + age))  # keys[0] the oldest
    assert cache.get(keys[0]) is not None  # used now: the newest
    stale = cache.path(keys[1]).parent / ".tmp-achtergelaten.deel"
    stale.write_bytes(b"half")
    os.utime(stale, (now - 7200, now - 7200))
    cache.evict()
    left = {key for key in keys if cache.path(key).exists()}
    assert left == {keys[0], keys[4], keys[5]}  # three of some 3 kB fit in 10 kB
    assert not stale.exists()
    assert sum(p.stat().st_size for p in cache.root.rglob("*") if p.is_file()) <= 10_000


def test_the_cache_key_holds_what_shapes_a_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("fonts.css", "NotoSans-Regular.ttf"):
        (fonts / name).write_bytes((pdf.FONTS_CSS.parent / name).read_bytes())
    options = {"pdf_variant": pdf.PDF_VARIANT}
    base = environment(fonts / "fonts.css", options)
    assert environment(fonts / "fonts.css", options) == base
    assert environment(fonts / "fonts.css", {"pdf_variant": "pdf/a-3b"}) != base
    font = fonts / "NotoSans-Regular.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    changed_font = environment(fonts / "fonts.css", options)
    assert changed_font != base
    monkeypatch.setattr("gbvs_report.package_version", lambda: "99.0")
    assert environment(fonts / "fonts.css", options) != changed_font
    key = PartCache.key(base, "deel", "<p>a</p>")
    assert key != PartCache.key(base, "voet", "<p>a</p>") != PartCache.key(base, "deel", "<p>b</p>")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "gbvs"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_root() == Path.home() / ".cache" / "gbvs"


CONCURRENT = """
import sys
from pathlib import Path
from gbvs_report.pdf import layout as pdf
from gbvs_report.pdf.cache import open_cache
sys.path.insert(0, sys.argv[4])
from test_pdf_parallel import small_report
pdf.PART_SIZE, pdf.ONE_DOCUMENT_SIZE, pdf.FOOTER_PAGES = 1, 0, 4
if __name__ == "__main__":
    pdf.render_pdf(small_report(), Path(sys.argv[1]), jobs=int(sys.argv[3]), cache=open_cache(Path(sys.argv[2]), 10**9)[0])
"""


def test_two_runs_at_once_share_the_cache_safely(tmp_path: Path, in_parts) -> None:
    render(small_report(), tmp_path / "referentie.pdf")
    cache = _cache(tmp_path / "cache", 10**9)
    script = tmp_path / "run.py"
    script.write_text(CONCURRENT, encoding="utf-8")
    tests = str(Path(__file__).parent)
    runs = [
        subprocess.Popen([sys.executable, str(script), str(tmp_path / f"{n}.pdf"), str(cache.root), jobs, tests])
        for n, jobs in (("a", "1"), ("b", "2"))
    ]
    assert [p.wait(timeout=600) for p in runs] == [0, 0]
    for name in ("a.pdf", "b.pdf"):
        assert (tmp_path / name).read_bytes() == (tmp_path / "referentie.pdf").read_bytes(), name
    for path in entries(cache):
        assert path.read_bytes().startswith(MAGIC) and cache.get(path.stem) is not None, path
    assert not list(cache.root.glob("*/.tmp-*"))


def test_report_command_same_bytes_cold_in_one_process_and_warm_in_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)  # the example in parts, as a longer report
    out = {name: tmp_path / name for name in ("koud", "vullen", "warm")}
    assert (
        run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out["koud"]), "--jobs", "1", "--no-cache").exit_code
        == 0
    )
    assert not (tmp_path / "xdg").exists()  # --no-cache: nothing written either
    for name in ("vullen", "warm"):
        result = run("report", "-w", str(WORKSPACE), "-p", PERIOD, "-o", str(out[name]), "--jobs", "2")
        assert result.exit_code == 0 and not [
            line for line in result.stderr.splitlines() if line.startswith("gbvs:")
        ], result.output
    assert list((tmp_path / "xdg" / "gbvs").glob("*/*.deel"))
    for document in (STEM, f"{STEM}-kamerbrief", f"{STEM}-verantwoording"):
        reference = (out["koud"] / f"{document}.pdf").read_bytes()
        for name in ("vullen", "warm"):
            assert (out[name] / f"{document}.pdf").read_bytes() == reference, (document, name)


def test_report_command_offers_jobs_and_no_cache() -> None:
    result = run("report", "--help")
    assert "--taken" in result.output and "--zonder-cache" in result.output
    assert run("report", "--taken", "0").exit_code == 2 and run("report", "--jobs", "0").exit_code == 2


def test_written_ci_keeps_the_cache_per_gbvs_version_and_branch(tmp_path: Path) -> None:
    """A branch's pipeline can fill the cache it restores; the cache of the main branch's report
    must therefore never be one that another branch's pipeline fills."""
    assert run("init", str(tmp_path)).exit_code == 0
    yaml = YAML(typ="safe")
    workflow = yaml.load((tmp_path / ".github" / "workflows" / "gbvs.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["conceptrapport"]["steps"]
    [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == "~/.cache/gbvs"
    branch = f"gbvs-pdf-{__version__}-${{{{ github.ref_name }}}}-"
    assert cache["with"]["key"].startswith(branch)
    assert cache["with"]["restore-keys"].splitlines() == [branch]
    names = [s.get("name") or s.get("uses") for s in steps]
    assert names.index(cache["name"]) < names.index("Conceptrapport")
    gitlab = yaml.load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))["conceptrapport"]
    assert gitlab["variables"]["XDG_CACHE_HOME"] == "$CI_PROJECT_DIR/.cache"
    [pdf_cache] = [c for c in gitlab["cache"] if ".cache/gbvs" in c["paths"]]
    assert pdf_cache["key"] == f"gbvs-pdf-{__version__}-$CI_COMMIT_REF_SLUG"
    assert "fallback_keys" not in pdf_cache
    [pip_cache] = [c for c in gitlab["cache"] if ".cache/pip" in c["paths"]]
    everywhere = yaml.load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))["default"]["cache"]
    assert pip_cache["key"] == everywhere["key"] == "pip-$CI_COMMIT_REF_SLUG"  # what pip built installs gbvs too


def test_a_run_leaves_nothing_in_the_temporary_folder(tmp_path: Path) -> None:
    """Worker processes end without running what their objects would do at exit: each removes
    WeasyPrint's folder of fonts itself, and the run its folder of parts."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "gbvs_report", "report", "-w", str(WORKSPACE), "-o", str(tmp_path / "uit")]
    result = subprocess.run([*command, "--jobs", "2"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "uit").glob("*.pdf"))) == 3
    assert list(temp.iterdir()) == []
