"""`gbvs diff`: what a reader of the report would see change, on two small workspaces on disk.

tests/examples/diff/oud/ and nieuw/ are copies of a few example submissions. From oud to nieuw:
goal 2's status went from 'op schema' to 'vertraagd'; in DEF's submission for goal 5 the 2021
figure, the outlook and a milestone's planned date changed; JenV's submission for goal 7 is
gone, BZK's for goal 8 is new, and EZK's for goal 9 is new but has an error (so the report
leaves it out). Goal 13 did not change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, run
from markdown_it import MarkdownIt

from gbvs_report.commands.diff_output import NOTHING, md_code, md_escape

OLD = EXAMPLES / "diff" / "oud"
NEW = EXAMPLES / "diff" / "nieuw"
SUB = "2020-2021"


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the only line in `path` that contains `text`."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(hits) == 1, (path, text, hits)
    return hits[0]


def diff_json(*args: str) -> tuple[int, dict]:
    result = run("diff", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def changes() -> list[dict]:
    code, document = diff_json(str(OLD), str(NEW))
    assert code == 1
    assert document["changed"] is True
    assert document["period"] == SUB
    return document["changes"]


def where(side: dict | None) -> tuple[str, int] | None:
    return (Path(side["file"]).name, side["line"]) if side and side["file"] else None


def only(changes: list[dict], **fields) -> dict:
    found = [c for c in changes if all(c[k] == v for k, v in fields.items())]
    assert len(found) == 1, (fields, found)
    return found[0]


def test_changed_figure_once_with_both_places(changes: list[dict]) -> None:
    c = only(changes, kind="figure")
    assert (c["goal"], c["department"], c["indicator"], c["field"], c["year"]) == (
        5,
        "DEF",
        "defensie-bbp",
        "realisatie",
        2021,
    )
    assert (c["old"]["value"], c["old"]["text"], c["new"]["value"], c["new"]["text"]) == (1.32, "1,32%", 1.41, "1,41%")
    assert where(c["old"]) == ("doel-05-DEF.yaml", line_of(OLD / SUB / "doel-05-DEF.yaml", "waarde: 1.32"))
    assert where(c["new"]) == ("doel-05-DEF.yaml", line_of(NEW / SUB / "doel-05-DEF.yaml", "waarde: 1.41"))
    assert "was 1,32%, nu 1,41%" in c["description"]


def test_changed_status_once(changes: list[dict]) -> None:
    c = only(changes, kind="goal_status", goal=2)
    assert (c["old"]["text"], c["new"]["text"]) == ("op schema", "vertraagd")
    assert where(c["new"]) == ("doel-02-BZ.yaml", line_of(NEW / SUB / "doel-02-BZ.yaml", "status: vertraagd"))
    # One submission for the goal: its own status is not reported a second time.
    assert not [c for c in changes if c["kind"] == "department_status"]


def test_changed_narrative_names_department_and_section(changes: list[dict]) -> None:
    c = only(changes, kind="narrative")
    assert (c["goal"], c["department"], c["field"]) == (5, "DEF", "vooruitblik")
    assert "Het kabinet wil de 2%-norm" in c["new"]["value"]
    # The first changed line of the text, in each file.
    assert where(c["old"]) == ("doel-05-DEF.yaml", line_of(OLD / SUB / "doel-05-DEF.yaml", "Het kabinet werkt toe"))
    assert where(c["new"]) == (
        "doel-05-DEF.yaml",
        line_of(NEW / SUB / "doel-05-DEF.yaml", "Het kabinet wil de 2%-norm"),
    )


def test_moved_milestone_once(changes: list[dict]) -> None:
    c = only(changes, kind="milestone")
    assert (c["indicator"], c["field"]) == ("pesco-militaire-mobiliteit", "gepland")
    assert (c["old"]["value"], c["new"]["value"]) == ("2019-12-31", "2020-06-30")
    assert (c["old"]["text"], c["new"]["text"]) == ("31 december 2019", "30 juni 2020")
    assert where(c["old"]) == ("doel-05-DEF.yaml", line_of(OLD / SUB / "doel-05-DEF.yaml", "gepland: 2019-12-31"))


def test_added_and_removed_submissions_once(changes: list[dict]) -> None:
    added = only(changes, kind="submission_added")
    assert (added["goal"], added["department"], added["old"]) == (8, "BZK", None)
    assert where(added["new"]) == ("doel-08-BZK.yaml", line_of(NEW / SUB / "doel-08-BZK.yaml", "departement:"))
    removed = only(changes, kind="submission_removed")
    assert (removed["goal"], removed["department"], removed["new"]) == (7, "JenV", None)
    assert where(removed["old"]) == ("doel-07-JenV.yaml", line_of(OLD / SUB / "doel-07-JenV.yaml", "departement:"))
    # The figures of a submission that came or went are not listed one by one.
    assert {c["goal"] for c in changes if c["kind"] in ("figure", "narrative", "milestone")} == {5}


def test_file_with_errors_is_left_out_not_added() -> None:
    code, document = diff_json(str(OLD), str(NEW))
    assert [Path(f).name for f in document["left_out"]["new"]] == ["doel-09-EZK.yaml"]
    assert document["left_out"]["old"] == []
    assert 9 not in {c["goal"] for c in document["changes"]}


def test_nothing_else_is_reported(changes: list[dict]) -> None:
    kinds = sorted((c["kind"], c["goal"]) for c in changes)
    assert kinds == [
        ("figure", 5),
        ("goal_status", 2),
        ("goal_status", 7),
        ("goal_status", 8),
        ("milestone", 5),
        ("narrative", 5),
        ("submission_added", 8),
        ("submission_removed", 7),
    ]


def test_human_output_lists_each_change_once_with_its_place() -> None:
    result = run("diff", str(OLD), str(NEW))
    assert result.exit_code == 1
    out = result.stdout
    assert out.count("realisatie 2021: was 1,32%, nu 1,41%") == 1
    assert out.count("Status van doel 2: was op schema, nu vertraagd") == 1
    assert out.count("Toelichting van DEF, vooruitblik") == 1
    assert out.count("gepland: was 31 december 2019, nu 30 juni 2020") == 1
    assert out.count("Aanlevering van BZK") == 1 and out.count("Aanlevering van JenV") == 1
    assert f"doel-05-DEF.yaml:{line_of(NEW / SUB / 'doel-05-DEF.yaml', 'waarde: 1.41')}" in out
    assert "Weggelaten uit het nieuwe rapport wegens fouten" in out and "doel-09-EZK.yaml" in out
    assert "8 veranderingen." in out


@pytest.mark.parametrize("output_format", ["human", "markdown", "json", "html"])
def test_no_change_exits_0_and_says_so(output_format: str) -> None:
    result = run("diff", str(OLD), str(OLD), "--format", output_format)
    assert result.exit_code == 0, result.output
    if output_format == "json":
        document = json.loads(result.stdout)
        assert document["changed"] is False and document["changes"] == []
    else:
        assert NOTHING in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["tests/niet-er"],
        [str(OLD), "tests/niet-er"],
        [str(OLD), str(NEW), "--sinds", "HEAD"],
        [str(OLD), str(NEW), "--format", "pdf"],
        [str(OLD), str(NEW), "--period", "2030-2031"],
    ],
)
def test_misuse_exits_2(args: list[str]) -> None:
    result = run("diff", *args)
    assert result.exit_code == 2, result.output
    if "--format" in args:  # the choices of the registry, checked as the option is read
        assert "Fout: Ongeldige waarde voor '--formaat' / '-f': 'pdf' is geen geldige keuze" in result.stderr
    else:
        assert result.stderr.startswith("gbvs: ")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose committed workspace is oud/ and whose working tree is nieuw/."""
    repo = tmp_path / "aanleveringen"
    # Plain copies: files with a new mtime, so that git sees every change (copy2 would keep
    # the mtime, and a file of the same size could then look unchanged to git).
    shutil.copytree(OLD, repo / "indicators", copy_function=shutil.copy)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "eerste concept")
    shutil.rmtree(repo / "indicators")
    shutil.copytree(NEW, repo / "indicators", copy_function=shutil.copy)
    return repo


def test_since_a_revision_compares_it_with_the_working_tree(repository: Path) -> None:
    status_before, head_before = git(repository, "status", "--porcelain"), git(repository, "rev-parse", "HEAD")
    code, document = diff_json("--sinds", "main", "--workspace", str(repository / "indicators"))
    assert code == 1
    _, folders = diff_json(str(OLD), str(NEW))

    def brief(d: dict) -> list:
        return [(c["kind"], c["subject"], where(c["old"]), where(c["new"])) for c in d["changes"]]

    assert brief(document) == brief(folders)
    sha = head_before.strip()[:10]
    figure = only(document["changes"], kind="figure")
    assert figure["old"]["file"] == f"{sha}:indicators/{SUB}/doel-05-DEF.yaml"
    assert document["old"] == f"main ({sha})"
    # Read with git only: the checkout, the index and HEAD are as they were.
    assert git(repository, "status", "--porcelain") == status_before
    assert git(repository, "rev-parse", "HEAD") == head_before


def test_since_with_nothing_changed_exits_0(repository: Path) -> None:
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "tweede concept")
    result = run("diff", "--sinds", "HEAD", "-w", str(repository / "indicators"))
    assert result.exit_code == 0, result.output
    assert NOTHING in result.stdout
    result = run("diff", "--sinds", "HEAD~1", "-w", str(repository / "indicators"))
    assert result.exit_code == 1


def test_since_refuses_unknown_revision_and_folders_outside_git(repository: Path, tmp_path: Path) -> None:
    result = run("diff", "--sinds", "bestaat-niet", "-w", str(repository / "indicators"))
    assert result.exit_code == 2
    assert "onbekende revisie 'bestaat-niet'" in result.stderr
    result = run("diff", "--sinds", "--output=x", "-w", str(repository / "indicators"))
    assert result.exit_code == 2
    outside = tmp_path / "los"
    shutil.copytree(OLD, outside)
    result = run("diff", "--sinds", "HEAD", "-w", str(outside))
    assert result.exit_code == 2
    assert "geen git-repository" in result.stderr or "niet in een git-repository" in result.stderr


# Markdown: valid CommonMark, lists and headings, nothing of the input leaking as markup.


def commonmark(text: str) -> list:
    return MarkdownIt("commonmark").parse(text)


def test_markdown_is_commonmark_with_headings_and_lists() -> None:
    result = run("diff", str(OLD), str(NEW), "--format", "markdown")
    assert result.exit_code == 1
    tokens = commonmark(result.stdout)
    types = [t.type for t in tokens]
    assert not {"html_block", "html_inline"} & set(types)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Veranderingen in het rapport over 2020-2021"
    assert "Doel 5: Moderne verdediging en bewaking van ons grondgebied en dat van de NAVO" in headings
    assert types.count("bullet_list_open") == 5  # four goals and the files left out
    # Each list item reads, once rendered, as the change's description and its places.
    html = MarkdownIt("commonmark").render(result.stdout)
    soup = BeautifulSoup(html, "html.parser")
    items = [li.get_text() for li in soup.find_all("li")]
    _, document = diff_json(str(OLD), str(NEW))
    for change in document["changes"]:
        matching = [i for i in items if i.startswith(change["subject"] + ":")]
        assert len(matching) == 1, (change["subject"], items)
        for side in (change["old"], change["new"]):
            assert side is None or not side["file"] or f"{side['file']}:{side['line']}" in matching[0]
        assert "\\" not in matching[0] and "*" not in matching[0], matching[0]
        if change["kind"] in ("figure", "goal_status", "milestone"):
            assert f"was {change['old']['text']}, nu {change['new']['text']}" in matching[0]


@pytest.mark.parametrize(
    "text",
    [
        "*vet* _schuin_ [link](http://x) <script>alert(1)</script> # 1. | a | ` code`",
        "- geen lijst",
        "1) ook geen lijst",
        "&amp; &lt;",
        "regel\neen\\",
    ],
)
def test_markdown_escaping_shows_text_as_it_is(text: str) -> None:
    tokens = commonmark(f"- {md_escape(text)} {md_code(text)}")
    inline = next(t for t in tokens if t.type == "inline")
    kinds = {c.type for c in inline.children}
    assert kinds <= {"text", "code_inline", "softbreak"}, kinds
    *escaped, code = inline.children  # an address in the text is a code span too (never a link)
    shown = "".join(c.content for c in escaped if c.type in ("text", "code_inline"))
    assert shown.strip() == " ".join(text.split())
    assert code.type == "code_inline" and code.content.strip() == " ".join(text.split()).strip()


# HTML: an accessible redline.


@pytest.fixture(scope="module")
def redline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = run("diff", str(OLD), str(NEW), "--format", "html")
    assert result.exit_code == 1
    page = tmp_path_factory.mktemp("diff") / "wijzigingen.html"
    page.write_text(result.stdout, encoding="utf-8")
    return page


def test_redline_marks_changes_with_ins_del_and_words(redline: Path) -> None:
    soup = BeautifulSoup(redline.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "nl"
    assert soup.title.get_text() == "Veranderingen in het rapport over 2020-2021"
    items = [li for li in soup.select("ul.changes > li")]
    assert len(items) == 8
    figure = next(li for li in items if "realisatie 2021" in li.get_text())
    assert figure.find("del").get_text() == "1,32%" and figure.find("ins").get_text() == "1,41%"
    assert "was 1,32%, nu 1,41%" in figure.get_text()
    narrative = next(li for li in items if "vooruitblik" in li.get_text())
    assert [d.get_text() for d in narrative.find_all("del")] == ["[verwijderd:] werkt toe naar", "[verwijderd:] 2024."]
    assert [i.get_text() for i in narrative.find_all("ins")] == ["[toegevoegd:] wil", "[toegevoegd:] 2024 halen."]
    assert "Het kabinet" in narrative.get_text() and "de 2%-norm in" in narrative.get_text()


def test_redline_has_no_axe_violations(redline: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium (Debian-pakket chromium) is niet geïnstalleerd: de toegankelijkheidsscan is overgeslagen")
    from test_browser import BROWSER_DIR, check_page

    assert (BROWSER_DIR / "node_modules" / "axe-core").is_dir(), (
        "axe-core ontbreekt: draai `make test`, dat `npm ci` in tests/browser/ doet"
    )
    scan = check_page(redline)
    assert scan["violations"] == [], json.dumps(scan["violations"], indent=1, ensure_ascii=False)
    assert {"color-contrast", "html-lang-valid", "document-title"} <= set(scan["passes"])
    assert scan["lang"] == "nl" and scan["requests"] == []


# Smaller edits on a copy of oud/, one at a time.


def edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of oud/ with `replacements` made in one of its files."""
    copy = tmp_path / "bewerkt"
    shutil.copytree(OLD, copy)
    path = copy / SUB / name
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return copy


def test_department_status_when_the_goal_status_stays(tmp_path: Path) -> None:
    # Goal 13 stays 'vraagt aandacht' (JenV's), DEF's own status changes.
    new = edited(tmp_path, "doel-13-DEF.yaml", ("status: afgerond", "status: op schema"))
    code, document = diff_json(str(OLD), str(new))
    assert code == 1
    assert [(c["kind"], c["department"], c["old"]["text"], c["new"]["text"]) for c in document["changes"]] == [
        ("department_status", "DEF", "afgerond", "op schema")
    ]


def test_baseline_year_realisation_and_source(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        "doel-13-DEF.yaml",
        ("nulmeting: {waarde: 0, jaar: 2017}", "nulmeting: {waarde: 0, jaar: 2018}"),
        (
            "        peildatum: 2022-01-31\n        bron: KMar, voortgangsrapportage capaciteit grensbewaking "
            "(voorbeelddata)\n",
            "        peildatum: 2022-02-28\n        bron: KMar, jaarverslag 2021\n",
        ),
    )
    code, document = diff_json(str(OLD), str(new))
    assert code == 1
    found = {(c["field"], c["year"]): (c["old"]["text"], c["new"]["text"]) for c in document["changes"]}
    assert found == {
        ("nulmeting", None): ("0 (2017)", "0 (2018)"),
        ("peildatum", 2021): ("31 januari 2022", "28 februari 2022"),
        ("bron", 2021): (
            "KMar, voortgangsrapportage capaciteit grensbewaking (voorbeelddata)",
            "KMar, jaarverslag 2021",
        ),
    }


def test_a_realisation_that_came_is_one_change(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        "doel-13-DEF.yaml",
        (
            "    opmerking: Aantal",
            "      - jaar: 2022\n        waarde: 420\n        peildatum: 2022-06-30\n        bron: KMar\n    opmerking: Aantal",
        ),
    )
    code, document = diff_json(str(OLD), str(new))
    assert code == 1
    [change] = document["changes"]
    assert (change["kind"], change["field"], change["year"], change["old"], change["new"]["text"]) == (
        "figure",
        "realisatie",
        2022,
        None,
        "420",
    )
    assert change["description"].endswith("realisatie 2022: was er niet, nu 420")


def test_a_submission_that_gets_an_error_leaves_the_report(tmp_path: Path) -> None:
    new = edited(tmp_path, "doel-13-DEF.yaml", ("status: afgerond", "status: klaar"))
    code, document = diff_json(str(OLD), str(new))
    assert code == 1
    assert [(c["kind"], c["goal"], c["department"]) for c in document["changes"]] == [("submission_removed", 13, "DEF")]
    assert [Path(f).name for f in document["left_out"]["new"]] == ["doel-13-DEF.yaml"]


def test_text_from_a_submission_is_never_markup(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> *vet* [link](javascript:alert(1)) \x1b[31mrood"
    new = edited(
        tmp_path,
        "doel-13-DEF.yaml",
        (
            "bron: KMar, voortgangsrapportage capaciteit grensbewaking (voorbeelddata)\n      - jaar: 2021",
            f'bron: "{hostile.replace(chr(27), chr(92) + "e")}"\n      - jaar: 2021',
        ),
    )
    html = run("diff", str(OLD), str(new), "--format", "html").stdout
    assert "<script" not in html and "&lt;script&gt;" in html
    markdown = run("diff", str(OLD), str(new), "--format", "markdown").stdout
    tokens = commonmark(markdown)
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not {"html_inline", "link_open", "image"} & {c.type for c in inline}
    shown = "".join(c.content for c in inline if c.type == "text")
    assert "<script>alert(1)</script> *vet* [link](javascript:alert(1))" in shown
    human = run("diff", str(OLD), str(new)).stdout
    assert "\x1b" not in human and "\\x1b[31mrood" in human
    assert "\x1b" not in markdown


def test_a_workspace_with_wrong_settings_is_misuse(tmp_path: Path) -> None:
    broken = tmp_path / "kapot"
    shutil.copytree(OLD, broken)
    with (broken / "gbvs.yaml").open("a", encoding="utf-8") as f:
        f.write("onbekend: 1\n")
    result = run("diff", str(broken), str(NEW))
    assert result.exit_code == 2
    assert "gbvs.yaml:3:1: fout[S001]" in result.stderr


# HTML: narratives as the report shows them.


def _narrative_items(html: str) -> list:
    soup = BeautifulSoup(html, "html.parser")
    return [li for li in soup.select("ul.changes > li") if li.find("div", class_="narrative")]


def test_the_redline_renders_narratives_like_the_report(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        "doel-05-DEF.yaml",
        ("tot **1,37%**", "tot **0,52%**"),
        ("    Binnen PESCO,", "    Een nieuwe alinea over *early warning*.\n\n    Binnen PESCO,"),
    )
    html = run("diff", str(OLD), str(new), "--format", "html").stdout
    [item] = _narrative_items(html)
    narrative = item.find("div", class_="narrative")
    assert "**" not in narrative.get_text() and "*early" not in narrative.get_text()
    paragraphs = narrative.find_all("p", recursive=False)
    assert len(paragraphs) == 3  # the paragraphs kept, the new one among them
    strong = paragraphs[0].find("strong")
    assert strong.find("del").get_text() == "[verwijderd:] 1,37%"
    assert strong.find("ins").get_text() == "[toegevoegd:] 0,52%"
    added = paragraphs[1]
    assert added.get_text(" ", strip=True).replace("[toegevoegd:] ", "") == "Een nieuwe alinea over early warning ."
    assert added.find("em").get_text() == "[toegevoegd:] early warning"
    assert not [t for t in added.find_all(string=True) if t.strip() and not t.find_parent("ins")]
    assert paragraphs[2].find("em").get_text() == "Militaire Mobiliteit" and not paragraphs[2].find(["ins", "del"])
    for mark in narrative.find_all(["ins", "del"]):  # never by colour alone: said in words too
        word = "[toegevoegd:] " if mark.name == "ins" else "[verwijderd:] "
        assert mark.find("span", class_="visually-hidden").get_text() == word


def test_a_removed_list_item_stays_an_item_of_its_list(tmp_path: Path) -> None:
    old = edited(
        tmp_path / "a",
        "doel-05-DEF.yaml",
        ("    Binnen PESCO,", "    - een\n    - twee\n    - drie\n\n    Binnen PESCO,"),
    )
    new = edited(
        tmp_path / "b", "doel-05-DEF.yaml", ("    Binnen PESCO,", "    - een\n    - drie\n\n    Binnen PESCO,")
    )
    html = run("diff", str(old), str(new), "--format", "html").stdout
    [item] = _narrative_items(html)
    [items] = item.find("div", class_="narrative").find_all("ul")
    assert [li.get_text(" ", strip=True) for li in items.find_all("li", recursive=False)] == [
        "een",
        "[verwijderd:] twee",
        "drie",
    ]
    assert all(child.name == "li" for child in items.find_all(recursive=False))


def test_hostile_narratives_stay_text_in_the_redline(tmp_path: Path) -> None:
    payloads = '<script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) <b style="x">'
    new = edited(tmp_path, "doel-05-DEF.yaml", ("tot **1,37%**", f"tot **1,37%** {payloads}"))
    html = run("diff", str(OLD), str(new), "--format", "html").stdout
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "b", "iframe", "style"], recursive=True)[1:]  # the page's own <style>
    assert [s.name for s in soup.find_all(["script", "img", "b", "iframe"])] == []
    assert all(not a.get("href", "").startswith("javascript") for a in soup.find_all("a"))
    assert not any(attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    [item] = _narrative_items(html)
    text = item.get_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text


def test_a_redline_with_rendered_narratives_has_no_axe_violations(tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium (Debian-pakket chromium) is niet geïnstalleerd: de toegankelijkheidsscan is overgeslagen")
    from test_browser import check_page

    items = "    - eerste punt\n    - tweede punt\n    - derde punt\n\n    Binnen PESCO,"
    old = edited(tmp_path / "a", "doel-05-DEF.yaml", ("    Binnen PESCO,", items))
    new = edited(
        tmp_path / "b",
        "doel-05-DEF.yaml",
        ("tot **1,37%**", "tot **1,41%**"),
        ("    Binnen PESCO,", "    Over *early warning*, zie [de NAVO](https://www.nato.int).\n\n" + items),
        ("    - tweede punt\n", ""),
    )
    page = tmp_path / "wijzigingen.html"
    page.write_text(run("diff", str(old), str(new), "--format", "html").stdout, encoding="utf-8")
    scan = check_page(page)
    assert scan["violations"] == [], json.dumps(scan["violations"], indent=1, ensure_ascii=False)
    assert scan["requests"] == []
