"""The HTML report in a real browser: Debian's Chromium loads it, axe-core finds no WCAG 2.1
A/AA violation, the page asks for nothing outside itself and its table of contents works; at
320 CSS pixels the page does not scroll sideways, and chart text is never smaller than body
text at a phone's, a tablet's or a desktop's width.

`make test` installs Chromium (as root, with apt) and the npm packages in tests/browser/; the
test is skipped only where Chromium is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import WORKSPACE, report_file, run

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium (Debian-pakket chromium) is niet geïnstalleerd en kon niet worden "
            "geïnstalleerd: de toegankelijkheidsscan in de browser is overgeslagen"
        )
    node = shutil.which("node")
    assert node, "node ontbreekt: draai `make test`, dat nodejs en npm installeert"
    assert (BROWSER_DIR / "node_modules" / "axe-core").is_dir(), (
        "axe-core ontbreekt: draai `make test`, dat `npm ci` in tests/browser/ doet"
    )
    out = tmp_path_factory.mktemp("html")
    result = run("report", "-w", str(WORKSPACE), "-o", str(out), "--html-only")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def scan(out: Path) -> dict:
    return check_page(report_file(out))


def check_page(html: Path) -> dict:
    """Run tests/browser/check.mjs on `html` and return what it found."""
    done = subprocess.run(
        [shutil.which("node") or "node", str(BROWSER_DIR / "check.mjs"), str(html)],
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(html.parent)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_axe_finds_no_wcag_21_aa_violations(scan: dict) -> None:
    assert scan["violations"] == [], json.dumps(scan["violations"], indent=1, ensure_ascii=False)
    # The scan really ran the rules that matter here (and did not, say, scan an empty page).
    assert {"color-contrast", "html-lang-valid", "document-title", "th-has-data-cells"} <= set(scan["passes"])


@pytest.mark.parametrize("document", ["kamerbrief", "verantwoording"])
def test_letter_and_accountability_have_no_wcag_21_aa_violations(out: Path, document: str) -> None:
    found = check_page(next(out.glob(f"*-{document}.html")))
    assert found["violations"] == [], json.dumps(found["violations"], indent=1, ensure_ascii=False)
    assert found["lang"] == "nl" and found["requests"] == []


def test_page_is_dutch_and_requests_nothing_outside_itself(scan: dict) -> None:
    assert scan["lang"] == "nl"
    assert scan["requests"] == []


def test_table_of_contents_works_in_the_browser(scan: dict) -> None:
    assert scan["toc"]["links"] >= 1 + 3 + 13
    assert scan["toc"]["broken"] == []
    assert scan["toc"]["lastTargetInView"] is True


def test_page_reflows_at_320_css_pixels(scan: dict) -> None:
    """WCAG 2.1 SC 1.4.10: no sideways scrolling at 320 CSS pixels (wide tables and charts
    scroll inside their own region, which a keyboard reaches)."""
    narrow = scan["widths"]["320"]
    assert narrow["scrollWidth"] <= 320, narrow
    assert narrow["wider"] == [], narrow


@pytest.mark.parametrize("width", ["320", "768", "1280"])
def test_chart_text_is_never_smaller_than_body_text(scan: dict, width: str) -> None:
    measured = scan["widths"][width]
    assert measured["chartTexts"] > 100, measured  # the example's 13 charts, each with its labels
    assert measured["smallestChartText"] >= measured["bodyText"] - 0.01, measured


def test_an_example_says_so_at_the_top_of_the_page(tmp_path: Path, scan: dict) -> None:
    html = Path(scan["url"].removeprefix("file://")).read_text(encoding="utf-8")
    banner = html.index('class="example-banner"')
    assert html.index("<body") < banner < html.index("<main")
    assert "Voorbeeld – fictieve gegevens" in html[banner : banner + 120]


def test_the_check_itself_catches_violations_and_requests(scan: dict, tmp_path: Path) -> None:
    """A page with an image without alt text, from elsewhere, must fail both checks above."""
    page = tmp_path / "slecht.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title>"
        "<style>body { background: url(http://voorbeeld.invalid/a.png) }</style></head>"
        '<body><main><img src="file:///etc/hostname"></main></body></html>',
        encoding="utf-8",
    )
    result = check_page(page)
    assert {"image-alt", "html-has-lang"} <= {v["id"] for v in result["violations"]}
    assert set(result["requests"]) == {"file:///etc/hostname", "http://voorbeeld.invalid/a.png"}
