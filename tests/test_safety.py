"""Text from submissions is untrusted: hostile payloads in every text field never become markup
in the HTML, and rendering the PDF fetches no file or URL outside the report's own assets.

The payload goes into every string field of every submission of a period that the format
accepts it in (each field is tried on its own first), so a new text field is covered
without changing this test."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import WORKSPACE, report_file, run
from pypdf import PdfReader
from ruamel.yaml import YAML

from gbvs_report.pdf import fetch
from gbvs_report.pdf import layout as pdf
from gbvs_report.validate import check_file
from gbvs_report.workspace import open_workspace

PERIOD = "2020-2021"
PAYLOAD = "\n".join(
    [
        'Tekst <script>alert("xss")</script>',
        '<img src="file:///etc/passwd" alt="">',
        '<a rel="attachment" href="file:///etc/passwd">bijlage</a>',
        '<link rel="attachment" href="file:///etc/hostname">',
        '<span style="background: url(http://aanvaller.invalid/css.png)">css</span>',
        "</style><style>body { background: url(file:///etc/passwd) }</style>",
        '<iframe src="http://aanvaller.invalid/frame"></iframe>',
        '<a href="javascript:alert(1)">klik</a> [klik](javascript:alert(2))',
        "![beeld](http://aanvaller.invalid/p.png) ![bestand](file:///etc/passwd)",
        # The marks of the PDF's parts (gbvs_report/pdf.py), which only the templates may write.
        '<!-- gbvs:deel --> <!-- gbvs:begin --> <nav class="toc"><a href="#doel-1">x</a></nav>',
    ]
)
# For fields with a pattern (an e-mail address): the same attacks without spaces.
COMPACT = '<script>alert("xss")</script><img/src=file:///etc/passwd><a/rel=attachment/href=file:///etc/passwd>@x.nl'
# Links to web pages are allowed in a narrative; links that run or open something are not.
HOSTILE_LINK = re.compile(r"^\s*(javascript|file|data|vbscript):", re.I)


def _strings(node, path=()):
    """Every string leaf of a YAML document, with its path."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, str):
            yield node, key, path + (key,)
        else:
            yield from _strings(value, path + (key,))


def _poison(file: Path, catalogue, decided: dict) -> set[str]:
    """Put a payload in every string field of `file` that still validates with it."""
    yaml = YAML()
    doc = yaml.load(file.read_text(encoding="utf-8"))
    poisoned = set()
    for parent, key, path in list(_strings(doc)):
        pattern = tuple("*" if isinstance(p, int) else p for p in path)
        if pattern not in decided:
            original, decided[pattern] = parent[key], None
            for payload in (PAYLOAD, COMPACT):
                parent[key] = payload
                with file.open("w", encoding="utf-8") as handle:
                    yaml.dump(doc, handle)
                if check_file(file, catalogue).ok:
                    decided[pattern] = payload
                    break
            parent[key] = original
        if decided[pattern] is not None:
            parent[key] = decided[pattern]
            poisoned.add(".".join(str(p) for p in pattern))
    with file.open("w", encoding="utf-8") as handle:
        yaml.dump(doc, handle)
    return poisoned


def _refuse_network(monkeypatch: pytest.MonkeyPatch) -> list:
    """Any attempt to open a network connection is recorded and fails."""
    attempts: list = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("netwerk is in deze test niet toegestaan")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list:
    return _refuse_network(monkeypatch)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory):
    """The example period with a payload in every text field, rendered to HTML and PDF while
    the network is refused and every URL fetcher of the PDF stage is recorded. The PDF is laid
    out in parts, as a long report is."""
    workspace_copy = tmp_path_factory.mktemp("ws") / "indicators"
    shutil.copytree(WORKSPACE, workspace_copy)
    workspace, _ = open_workspace(workspace_copy)
    decided: dict = {}
    poisoned = set()
    for file in sorted((workspace_copy / PERIOD).glob("*.yaml")):
        poisoned |= _poison(file, workspace.catalogue, decided)
    out = workspace_copy.parent / "uit"
    fetchers: list = []
    original = fetch.asset_fetcher
    with pytest.MonkeyPatch.context() as monkeypatch:
        attempts = _refuse_network(monkeypatch)
        monkeypatch.setattr(fetch, "asset_fetcher", lambda *a, **k: fetchers.append(original(*a, **k)) or fetchers[-1])
        monkeypatch.setattr(pdf, "ONE_DOCUMENT_SIZE", 0)
        # In this process (the fetcher and the network are watched here), every part laid out.
        result = run("report", "-w", str(workspace_copy), "-p", PERIOD, "-o", str(out), "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("gbvs:")], result.stderr
    return poisoned, out, fetchers, attempts


def test_payload_reaches_every_free_text_field(hostile_report) -> None:
    poisoned, *_ = hostile_report
    expected = {
        "contactpersoon.naam",
        "contactpersoon.email",
        "toelichting.resultaten",
        "toelichting.vooruitblik",
        "indicatoren.*.omschrijving",
        "indicatoren.*.bron",
        "indicatoren.*.opmerking",
        "indicatoren.*.realisaties.*.bron",
    }
    assert expected <= poisoned, expected - poisoned


def test_no_payload_becomes_markup_in_the_html(hostile_report) -> None:
    _, out, *_ = hostile_report
    html = report_file(out).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "iframe", "object", "embed", "link", "base", "form"]) == []
    assert all("/etc/passwd" not in s.get_text() and "aanvaller" not in s.get_text() for s in soup.find_all("style"))
    for element in soup.find_all(True):
        assert "attachment" not in element.get("rel", []), element
        assert not HOSTILE_LINK.search(element.get("href", "")), element
        for attribute in ("src", "srcset", "action", "formaction", "poster", "xlink:href"):
            # Only what the report writes itself, inline (a chart, say), is ever loaded.
            assert element.get(attribute, "data:").startswith("data:"), element
        assert "url(" not in element.get("style", ""), element
        assert not any(name.startswith("on") for name in element.attrs), element
    # The payload is there, as text a reader can see.
    assert 'Tekst <script>alert("xss")</script>' in soup.get_text()
    # Only the templates mark parts: the contents, summary, three pillars and four annexes.
    assert html.count(pdf.PART_MARK) == 8 and html.count(pdf.BEGIN_MARK) == 1
    assert html.count(pdf.TOC_MARK) == 1
    for other in ("kamerbrief", "verantwoording"):  # the documents beside the report
        page = BeautifulSoup(next(out.glob(f"*-{other}.html")).read_text(encoding="utf-8"), "html.parser")
        assert page.find_all(["script", "iframe", "object", "embed", "link", "base", "form", "img"]) == [], other
        assert not any(HOSTILE_LINK.search(a.get("href", "")) for a in page.find_all(href=True)), other


def test_pdf_fetches_nothing_but_the_report_fonts(hostile_report) -> None:
    _, out, fetchers, attempts = hostile_report
    assert attempts == []
    assert len(fetchers) == 1  # the run's, in this process: the report, the letter and the accountability
    fonts = fetch.ASSETS / "fonts"
    for fetcher in fetchers:
        assert fetcher.refused == []
        assert fetcher.served and all(
            fetch.asset_path(url) and fetch.asset_path(url).parent == fonts.resolve() for url in fetcher.served
        )


def test_pdf_has_no_attachments_or_script_links(hostile_report) -> None:
    _, out, *_ = hostile_report
    reader = PdfReader(report_file(out, "pdf"))
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert "/JavaScript" not in root.get("/Names", {}) and "/OpenAction" not in root
    for page in reader.pages:
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            assert annotation["/Subtype"] != "/FileAttachment"
            uri = annotation.get("/A", {}).get("/URI", "")
            assert not HOSTILE_LINK.search(uri), uri
    assert 'alert("xss")' in " ".join(page.extract_text() for page in reader.pages)


HOSTILE_HTML = """<!DOCTYPE html><html lang="nl"><head><title>t</title>
<link rel="stylesheet" href="http://aanvaller.invalid/s.css">
<link rel="attachment" href="file:///etc/hostname">
<style>@import url(file:///etc/passwd); p { background: url(http://aanvaller.invalid/b.png) }</style>
</head><body><p>tekst</p>
<img src="file:///etc/passwd" alt="x"><img src="{traversal}" alt="y">
<a rel="attachment" href="file:///etc/passwd">bijlage</a>
<a rel="attachment" href="data:text/plain,geheim">bijlage</a>
<object data="file:///etc/passwd"></object>
</body></html>"""


def test_fetcher_refuses_files_outside_the_assets_and_the_network(tmp_path: Path, no_network: list) -> None:
    """Hostile HTML straight into the PDF stage: every outside URL is refused, none fetched."""
    traversal = (fetch.ASSETS / "fonts" / ".." / ".." / "pdf.py").as_uri()
    target = tmp_path / "x.pdf"
    fetcher = fetch.asset_fetcher()
    refused, warnings = pdf.render_pdf(HOSTILE_HTML.replace("{traversal}", traversal), target, fetcher)
    assert set(refused) >= {
        "http://aanvaller.invalid/s.css",
        "file:///etc/passwd",
        "http://aanvaller.invalid/b.png",
        traversal,
    }
    assert all(fetch.asset_path(url) for url in fetcher.served)
    assert no_network == []
    reader = PdfReader(target)
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        assert all(a.get_object()["/Subtype"] != "/FileAttachment" for a in page.get("/Annots") or [])


def test_asset_path_accepts_only_files_inside_the_assets(tmp_path: Path) -> None:
    font = fetch.ASSETS / "fonts" / "NotoSans-Regular.ttf"
    assert fetch.asset_path(font.as_uri()) == font.resolve()
    assert fetch.asset_path((fetch.ASSETS / "fonts" / ".." / ".." / "pdf.py").as_uri()) is None
    assert fetch.asset_path("file:///etc/passwd") is None
    assert fetch.asset_path(f"file://aanvaller.invalid{font}") is None
    assert fetch.asset_path(f"http://localhost{font}") is None
    assert fetch.asset_path((fetch.ASSETS / "fonts").as_uri()) is None  # a folder is not a file
    root = tmp_path / "assets"
    root.mkdir()
    (root / "link.ttf").symlink_to("/etc/passwd")
    assert fetch.asset_path((root / "link.ttf").as_uri(), root) is None
