"""The handbooks read in the repository as they are (on a forge, in an editor) work as well as the
site: every relative link in README.md and docs/ points at a file that exists, and at an anchor
that both a forge and MkDocs give that file; and the committed reference pages are what
tools/generate_docs.py makes from the code (MkDocs makes them anew at every build, the copies
are for reading the repository)."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT

GENERATOR = ROOT / "tools" / "generate_docs.py"
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

FENCE = re.compile(r"^( *)(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"""<[a-zA-Z][^>]*\s(?:id|name)=["']([^"']+)["']""")
ATTR_ID = re.compile(r"\s*\{\s*#([\w-]+)[^}]*\}\s*$")


def generator():
    spec = importlib.util.spec_from_file_location("generate_docs", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prose(text: str) -> list[tuple[int, str]]:
    """The lines of a Markdown text outside fenced code blocks, with their numbers, inline code
    taken out: what a reader sees as text and links."""
    return [(number, INLINE_CODE.sub("", line)) for number, line in prose_with_code(text)]


def heading_texts(text: str) -> list[tuple[str, str | None]]:
    """Each heading as a reader sees it (code marks, links and emphasis gone), with the id that
    `{#id}` gives it, if any."""
    headings = []
    for _, line in prose_with_code(text):
        found = HEADING.match(line)
        if not found:
            continue
        title = found.group(2)
        attr = ATTR_ID.search(title)
        if attr:
            title = title[: attr.start()]
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
        title = re.sub(r"<[^>]+>", "", title).replace("`", "")
        title = re.sub(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1", r"\2", title)
        headings.append((title.strip(), attr.group(1) if attr else None))
    return headings


def prose_with_code(text: str) -> list[tuple[int, str]]:
    """Like `prose`, but with inline code kept (a heading's code is part of its anchor)."""
    kept = []
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        found = FENCE.match(line)
        if fence is None and found:
            fence = found.group(2)
            continue
        if fence is not None:
            if found and found.group(2).startswith(fence) and not line[found.end() :].strip():
                fence = None
            continue
        kept.append((number, line))
    return kept


def forge_slug(title: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, punctuation out (letters with
    accents stay), every space a hyphen."""
    slug = title.strip().lower()
    slug = "".join(c for c in slug if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return slug.replace(" ", "-")


def mkdocs_slug(title: str) -> str:
    """The anchor MkDocs gives a heading (Python-Markdown's toc extension, as mkdocs.yml sets it)."""
    from markdown.extensions.toc import slugify

    return slugify(title, "-")


def unique(slugs: list[str], separator: str) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for slug in slugs:
        if slug in seen:
            seen[slug] += 1
            out.add(f"{slug}{separator}{seen[slug]}")
        else:
            seen[slug] = 0
            out.add(slug)
    return out


def anchors(path: Path) -> tuple[set[str], set[str]]:
    """The anchors a forge and MkDocs give a Markdown file: its headings and its explicit ids."""
    text = path.read_text(encoding="utf-8")
    explicit = {m.group(1) for _, line in prose_with_code(text) for m in EXPLICIT_ID.finditer(line)}
    headings = heading_texts(text)
    forge = unique([forge_slug(t) for t, _ in headings], "-") | explicit
    mkdocs = unique([given or mkdocs_slug(t) for t, given in headings], "_") | explicit
    return forge, mkdocs


def links() -> list[tuple[Path, int, str]]:
    found = []
    for document in DOCUMENTS:
        for number, line in prose(document.read_text(encoding="utf-8")):
            found += [(document, number, m.group(1)) for m in LINK.finditer(line)]
    return found


def test_the_link_checker_sees_links_and_anchors() -> None:
    seen = {(d.name, target) for d, _, target in links()}
    assert ("README.md", "docs/departementen.md") in seen
    assert ("coordinator.md", "gebruik.md#ci-in-een-aanleverrepository") in seen
    forge, mkdocs = anchors(ROOT / "docs" / "referentie" / "meldingen.md")
    assert "s003" in forge and "s003" in mkdocs
    assert forge_slug("Handboek voor de coördinator") == "handboek-voor-de-coördinator"
    assert mkdocs_slug("Handboek voor de coördinator") == "handboek-voor-de-coordinator"


def problem(document: Path, target: str, root: Path = ROOT) -> str | None:
    """What is wrong with a link in `document` to `target`, or None."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None  # a web address: not part of the repository
    path = (document.parent / unquote(parts.path)).resolve() if parts.path else document
    if not path.is_relative_to(root):
        return "wijst buiten de repository"
    if not path.exists():
        return f"{path.relative_to(root)} bestaat niet"
    if parts.fragment:
        if path.suffix != ".md":
            return "een anker in een bestand dat geen Markdown is"
        forge, mkdocs = anchors(path)
        if parts.fragment not in forge:
            return f"op een forge heeft {path.name} geen anker #{parts.fragment}"
        if path.is_relative_to(root / "docs") and parts.fragment not in mkdocs:
            return f"op de site heeft {path.name} geen anker #{parts.fragment}"
    return None


@pytest.mark.parametrize(
    ("document", "number", "target"),
    [pytest.param(d, n, t, id=f"{d.relative_to(ROOT)}:{n}:{t}") for d, n, t in links()],
)
def test_every_relative_link_points_at_a_file_and_anchor_that_exist(document: Path, number: int, target: str) -> None:
    assert problem(document, target) is None, f"{document.relative_to(ROOT)}:{number}: {target}"


@pytest.mark.parametrize("name", list(generator().PAGES))
def test_the_committed_reference_page_is_what_the_code_makes(name: str) -> None:
    committed = generator().REFERENCE / name
    assert committed.exists(), f"docs/referentie/{name} ontbreekt: draai .venv/bin/python tools/generate_docs.py"
    made = generator().PAGES[name]()
    assert committed.read_text(encoding="utf-8") == made, (
        f"docs/referentie/{name} loopt achter op de code: draai .venv/bin/python tools/generate_docs.py"
    )


def test_a_generated_page_says_how_to_make_it_again() -> None:
    for name in generator().PAGES:
        first = (generator().REFERENCE / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("<!--") and "tools/generate_docs.py" in first, name


def test_a_broken_link_or_anchor_is_found(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "a.md"
    page.write_text('# Een kop met `code`\n\n## De coördinator\n\n<a id="s003"></a>\n', encoding="utf-8")
    assert problem(page, "#een-kop-met-code", tmp_path) is None
    assert problem(page, "a.md#s003", tmp_path) is None
    assert problem(page, "b.md", tmp_path) == "docs/b.md bestaat niet"
    assert problem(page, "a.md#een-andere-kop", tmp_path) == "op een forge heeft a.md geen anker #een-andere-kop"
    assert problem(page, "#de-coordinator", tmp_path) == "op een forge heeft a.md geen anker #de-coordinator"
    assert problem(page, "#de-coördinator", tmp_path) == "op de site heeft a.md geen anker #de-coördinator"
    assert problem(page, "../../x.md", tmp_path) == "wijst buiten de repository"
    text = "[weg](bestaat-niet.md) `[geen link](x.md)`\n```\n[ook geen](y.md)\n```\n"
    assert [m.group(1) for _, line in prose(text) for m in LINK.finditer(line)] == ["bestaat-niet.md"]
