"""The handbooks: the site builds with MkDocs in strict mode (a broken link or anchor fails),
and what it says about the code is what the code says: the list of finding codes is that of
`gbvs explain`, every field of the format and of the settings is there, every command too.

The site is built the way `make docs` builds it: `mkdocs build --strict` on a copy of docs/, with
the generated reference pages made inside the build (tools/mkdocs_hooks.py). The copy leaves the
committed reference pages out, so the site shows that the build needs no step before it."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from gbvs_report.codes import RULES
from gbvs_report.commands.schema import submission_schema
from gbvs_report.model.settings import Settings
from gbvs_report.workspace import load_catalogue

GENERATOR = ROOT / "tools" / "generate_docs.py"


def generator():
    spec = importlib.util.spec_from_file_location("generate_docs", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_site(docs: Path, site: Path) -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=True)
    build(config)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("docs")
    docs = base / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns(*generator().PAGES))
    build_site(docs, base / "site")
    return base / "site"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_site_builds_in_strict_mode_with_every_page(site: Path) -> None:
    for name in (
        "index.html",
        "departementen.html",
        "coordinator.html",
        "referentie/index.html",
        "referentie/meldingen.html",
        "referentie/formaat.html",
        "referentie/instellingen.html",
        "referentie/catalogus.html",
        "referentie/diff.html",
        "referentie/commandos.html",
    ):
        soup = page(site, name)
        assert soup.html["lang"] == "nl", name
        assert soup.find("h1"), name


def test_strict_mode_fails_on_a_broken_link(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns(*generator().PAGES))
    with (docs / "departementen.md").open("a", encoding="utf-8") as f:
        f.write("\nZie ook [de verdwenen pagina](bestaat-niet.md) en [een anker](referentie/meldingen.md#z999).\n")
    with pytest.raises(Abort):
        build_site(docs, tmp_path / "site")


def explain_list() -> list[tuple[str, str, str]]:
    result = run("explain")
    assert result.exit_code == 0
    rows = []
    for line in result.stdout.splitlines():
        code, severity, title = re.fullmatch(r"(\S+)  (\S+)\s*  (.+)", line).groups()
        rows.append((code, severity, title))
    return rows


def test_codes_on_the_site_are_those_of_gbvs_explain(site: Path) -> None:
    soup = page(site, "referentie/meldingen.html")
    table = soup.find("table")
    rows = [tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in table.find_all("tr")[1:]]
    assert rows == explain_list()
    assert len(rows) == len(RULES)


def test_each_code_is_explained_as_gbvs_explain_does(site: Path) -> None:
    soup = page(site, "referentie/meldingen.html")
    for rule in RULES.values():
        anchor = soup.find(id=rule.code.lower())  # the anchor the handbooks link to, on a forge too
        assert anchor is not None, rule.code
        heading = anchor.find_next(["h2", "h3"])
        assert heading.get_text(strip=True).startswith(f"{rule.code}: {rule.title}"), rule.code
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(sibling)
        text = words(" ".join(s.get_text() for s in section))
        assert words(rule.explanation) in text, rule.code
        assert f"Soort: {rule.severity.dutch}" in text
        explained = run("explain", rule.code).stdout
        blocks = [s.get_text() for s in section if s.name == "pre"]
        for block in blocks:  # every example line is the one `gbvs explain CODE` shows
            for line in block.strip("\n").split("\n"):
                assert f"    {line}".rstrip() in explained, (rule.code, line)
        assert len(blocks) == explained.count("\nFout:\n") + explained.count("\nGoed:\n") + explained.count(
            "\nVoorbeeld:\n"
        )


def test_format_page_lists_every_field_of_the_schema(site: Path) -> None:
    catalogue, _ = load_catalogue()
    schema = submission_schema(catalogue)
    keys = {code.get_text() for code in page(site, "referentie/formaat.html").select("td code")}
    for name in schema["properties"]:
        assert name in keys or name == "indicatoren", name
    for definition in ("NumericIndicator", "OrdinalIndicator", "MilestoneIndicator"):
        for name in schema["definitions"][definition]["properties"]:
            assert f"indicatoren[].{name}" in keys, (definition, name)
    text = page(site, "referentie/formaat.html").get_text()
    assert schema["definitions"]["NumericActual"]["properties"]["peildatum"]["description"] in text


def test_settings_page_lists_every_key(site: Path) -> None:
    keys = {code.get_text() for code in page(site, "referentie/instellingen.html").select("td code")}
    for field in Settings.model_fields.values():
        assert field.alias in keys, field.alias


def test_commands_page_has_every_command_with_its_help(site: Path) -> None:
    text = page(site, "referentie/commandos.html").get_text()
    for command in ("validate", "explain", "schema", "report", "init", "new", "status", "diff", "export", "completion"):
        assert f"Gebruik: gbvs {command} [OPTIES]" in text, command
    assert "--sinds REVISIE" in text


def test_site_asks_for_nothing_outside_itself(site: Path) -> None:
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img"]):
            url = tag.get("src") or tag.get("href") or ""
            assert not url.startswith(("http:", "https:", "//")), (html.name, url)


def test_the_filled_in_example_in_the_handbook_is_valid(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "departementen.md").read_text(encoding="utf-8")
    example = text.split("## 2. Het bestand invullen", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    period = re.search(r"^periode: (\S+)", example, re.M).group(1)
    (tmp_path / period).mkdir()
    (tmp_path / period / "doel-05-DEF.yaml").write_text(example, encoding="utf-8")
    result = run("validate", "--strict", str(tmp_path / period / "doel-05-DEF.yaml"))
    assert result.exit_code == 0, result.output


def test_the_ci_steps_in_the_diff_reference_are_those_gbvs_init_writes() -> None:
    """Each line of the CI examples in docs/referentie/diff.md is a line of the CI files that
    `gbvs init` writes: the handbook shows what a repository gets, not an older version of it."""
    text = (ROOT / "docs" / "referentie" / "diff.md").read_text(encoding="utf-8").split("## In CI", 1)[1]
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    skeleton = ROOT / "gbvs_report" / "skeleton"
    for block, template in zip(blocks, ("github-workflow.yml", "gitlab-ci.yml")):
        lines = set((skeleton / template).read_text(encoding="utf-8").split("\n"))
        for line in block.rstrip("\n").split("\n"):
            assert line in lines, (template, line)
