"""`gbvs init` and `gbvs new`: what they write, and that they never replace a file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, WORKSPACE, run
from ruamel.yaml import YAML

from gbvs_report.workspace import load_catalogue, open_workspace

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is niet geïnstalleerd")
INIT_FILES = {
    "indicators/gbvs.yaml",
    "indicators/catalogus.yaml",
    "indicators/woordenlijst.txt",
    "indicators/.gbvs/aanlevering.schema.json",
    "indicators/2022/.gitkeep",
    ".github/workflows/gbvs.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".gitignore",
}


def _files(root: Path) -> dict[str, bytes]:
    """The files under `root`, outside the git repository `gbvs init` makes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "aanleveringen"
    result = run("init", str(target), "--period", "2022")
    assert result.exit_code == 0, result.output
    return target


def test_init_writes_a_complete_workspace(repo: Path) -> None:
    assert set(_files(repo)) == INIT_FILES
    workspace, findings = open_workspace(repo / "indicators")
    assert findings == [] and workspace is not None
    assert workspace.current_period() == "2022"
    assert len(workspace.catalogue.goals) == 13


def test_init_period_defaults_to_the_newest_that_has_begun() -> None:
    from gbvs_report.commands.scaffold import default_period

    catalogue, _ = load_catalogue()
    assert default_period(catalogue, dt.date(2021, 6, 1)) == "2020-2021"
    assert default_period(catalogue, dt.date(2030, 1, 1)) == "2022"
    assert default_period(catalogue, dt.date(2010, 1, 1)) == "2018-2019"


def test_init_refuses_an_existing_workspace_and_changes_nothing(repo: Path) -> None:
    (repo / "indicators" / "gbvs.yaml").write_text("titel: Eigen titel\n", encoding="utf-8")
    before = _files(repo)
    result = run("init", str(repo))
    assert result.exit_code == 2
    assert "overschrijft geen werkmap" in result.stderr
    assert _files(repo) == before


def test_init_keeps_a_gitignore_that_is_there(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("geheim/\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "geheim/\n"
    assert ".gitignore bestaat al en blijft zoals het is" in result.stderr
    assert "geschreven: " + str(tmp_path / ".gitignore") not in result.stdout


@needs_git
def test_the_gitignore_keeps_output_and_caches_out_and_every_submission_in(repo: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    (repo / "indicators" / "2022" / "doel-05-DEF.yaml").write_text("periode: 2022\n", encoding="utf-8")
    ignored = [
        "build/gbvs-voortgangsrapportage-2022.pdf",
        "build/open-data/indicatoren.csv",
        ".cache/gbvs/deel.pdf",
        ".cache/pip/x.whl",
        "gl-code-quality-report.json",
        ".venv/bin/gbvs",
        "indicators/2022/.doel-05-DEF.yaml.x1y2.tmp",
        "indicators/2022/doel-05-DEF.yaml~",
        "~$kamerbrief.docx",
    ]
    kept = [*INIT_FILES, "indicators/2022/doel-05-DEF.yaml", "indicators/2022/doel-05-DEF.yml"]
    result = subprocess.run(
        ["git", "-C", str(repo), "check-ignore", "--no-index", "--verbose", "--non-matching", *ignored, *kept],
        capture_output=True,
        text=True,
    )
    verdicts = {line.split("\t")[1]: not line.startswith("::") for line in result.stdout.splitlines()}
    assert verdicts == {**dict.fromkeys(ignored, True), **dict.fromkeys(kept, False)}


def test_init_refuses_when_one_file_is_in_the_way(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("# eigen CI\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2 and ".gitlab-ci.yml" in result.stderr and "overschrijft niets" in result.stderr
    assert _files(tmp_path) == {".gitlab-ci.yml": b"# eigen CI\n"}


def test_init_rejects_a_period_outside_the_strategy(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--period", "2030-2031")
    assert result.exit_code == 2 and "2018-2019, 2020-2021, 2022" in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_with_a_broken_catalogue_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "catalogus.yaml"
    broken.write_text("strategie: [\n", encoding="utf-8")
    result = run("init", str(tmp_path / "x"), "--catalogue", str(broken))
    assert result.exit_code == 2 and "Y003" in result.stderr
    assert not (tmp_path / "x").exists()


def test_schema_describes_the_format(repo: Path) -> None:
    schema = json.loads((repo / "indicators" / ".gbvs" / "aanlevering.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    yaml = YAML(typ="safe")
    good = yaml.load((WORKSPACE / "2020-2021" / "doel-05-DEF.yaml").read_text(encoding="utf-8"))
    good = json.loads(json.dumps(good, default=str))  # dates as the text an editor sees
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "streefwaarden": 1}))  # unknown key


def test_editor_settings_point_at_the_schema(repo: Path) -> None:
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    [(schema, patterns)] = settings["yaml.schemas"].items()
    assert (repo / schema).is_file() and patterns == ["indicators/*/*.yaml", "indicators/*/*.yml"]


# --- gbvs new -----------------------------------------------------------------------------


def test_new_carries_baseline_and_target_over(workspace_copy: Path) -> None:
    result = run("new", "--goal", "5", "--department", "DEF", "--period", "2022", "-w", str(workspace_copy))
    assert result.exit_code == 0, result.output
    written = workspace_copy / "2022" / "doel-05-DEF.yaml"
    assert written.read_text(encoding="utf-8") == (EXAMPLES / "new" / "doel-05-DEF.yaml").read_text(encoding="utf-8")


def test_new_without_a_previous_submission(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = run("new", "-g", "7", "-d", "JenV")  # workspace indicators/, period from gbvs.yaml
    assert result.exit_code == 0, result.output
    written = repo / "indicators" / "2022" / "doel-07-JenV.yaml"
    assert written.read_text(encoding="utf-8") == (EXAMPLES / "new" / "doel-07-JenV.yaml").read_text(encoding="utf-8")


def test_every_new_file_has_only_blanks_as_findings(repo: Path) -> None:
    catalogue, _ = load_catalogue()
    ws = str(repo / "indicators")
    for goal in catalogue.goals.values():
        for department in goal.departments:
            assert run("new", "-g", str(goal.number), "-d", department, "-w", ws).exit_code == 0
    result = run("validate", ws)
    lines = [  # not source, caret, tip; and not the letter in gbvs.yaml, which init leaves to the coordinator
        line for line in result.stdout.splitlines() if not line.startswith(" ") and "gbvs.yaml:" not in line
    ]
    assert result.exit_code == 1 and lines
    assert all("fout[S006]" in line and "is nog niet ingevuld" in line for line in lines), lines
    written = len(list((repo / "indicators" / "2022").glob("*.yaml")))
    assert written == sum(len(g.departments) for g in catalogue.goals.values())


def _fill_blanks(path: Path) -> None:
    """Fill every blank the way a department would: the file must then be valid."""
    catalogue, _ = load_catalogue()
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["contactpersoon"].update(naam="A. Ambtenaar", email="a.ambtenaar@minbuza.example")
    data.update(datum_aanlevering=dt.date(2024, 2, 1), status="op schema")
    data["toelichting"].update(resultaten="Bereikt.", vooruitblik="Verder.")
    goal = catalogue.goals[data["doel"]]
    for indicator in data["indicatoren"]:
        spec = goal.indicator(indicator["id"])
        if indicator["soort"] == "mijlpaal":
            indicator.update(
                omschrijving=indicator["omschrijving"] or "Iets bereiken.",
                gepland=indicator["gepland"] or dt.date(2023, 6, 30),
                status="gepland",
            )
            continue
        value = spec.scale[0] if indicator["soort"] == "ordinaal" else 1.5
        for point in ("nulmeting", "streefwaarde"):
            if indicator[point]["waarde"] is None:
                indicator[point].update(waarde=value, jaar=2021)
        for actual in indicator["realisaties"]:
            actual.update(waarde=value, peildatum=dt.date(2024, 1, 15), bron="Jaarverslag")
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def test_a_filled_in_new_file_is_valid(repo: Path) -> None:
    ws = repo / "indicators"
    for goal, department in [(5, "DEF"), (7, "JenV"), (1, "DEF")]:
        assert run("new", "-g", str(goal), "-d", department, "-w", str(ws)).exit_code == 0
    for path in (ws / "2022").glob("*.yaml"):
        _fill_blanks(path)
    result = run("validate", str(ws))
    assert result.exit_code == 0, result.stdout
    assert "3 bestanden gecontroleerd: 0 fouten" in result.stderr


def test_department_without_indicators_gets_an_empty_list(repo: Path) -> None:
    assert run("new", "-g", "1", "-d", "DEF", "-w", str(repo / "indicators")).exit_code == 0
    text = (repo / "indicators" / "2022" / "doel-01-DEF.yaml").read_text(encoding="utf-8")
    assert "indicatoren: []" in text and "geen indicatoren" in text


def test_new_never_overwrites(workspace_copy: Path) -> None:
    existing = workspace_copy / "2020-2021" / "doel-05-DEF.yaml"
    before = existing.read_bytes()
    result = run("new", "-g", "5", "-d", "DEF", "-p", "2020-2021", "-w", str(workspace_copy))
    assert result.exit_code == 2 and "bestaat al" in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["-g", "14", "-d", "DEF"], "doel 14 bestaat niet"),
        (["-g", "5", "-d", "XYZ"], "departement 'XYZ' bestaat niet"),
        (["-g", "5", "-d", "def"], "departement 'def' bestaat niet in de catalogus. Bedoelt u 'DEF'?"),
        (["-g", "5", "-d", "JenV"], "JenV levert volgens de catalogus niet aan voor doel 5; wel: DEF, BZ, FIN"),
        (["-g", "5", "-d", "DEF", "-p", "2030-2031"], "periode 2030-2031 hoort niet bij de GBVS"),
    ],
)
def test_new_refuses_what_the_catalogue_does_not_expect(workspace_copy: Path, args: list[str], message: str) -> None:
    before = _files(workspace_copy)
    result = run("new", *args, "-w", str(workspace_copy))
    assert result.exit_code == 2
    assert message in result.stderr
    assert _files(workspace_copy) == before


def test_carried_text_is_quoted_safely(workspace_copy: Path) -> None:
    """Text from an earlier submission is untrusted: whatever it holds, it comes back unchanged."""
    source = workspace_copy / "2020-2021" / "doel-05-DEF.yaml"
    tricky = 'Mijlpaal: "A" # geen commentaar\\n - [x] {y}'
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "omschrijving: Nederland coördineert het PESCO-project Militaire Mobiliteit (PESCO, "
        "sinds december 2017, 25 lidstaten).",
        f"omschrijving: '{tricky}'",
    )
    source.write_text(text, encoding="utf-8")
    assert run("validate", str(source)).exit_code == 0
    assert run("new", "-g", "5", "-d", "DEF", "-p", "2022", "-w", str(workspace_copy)).exit_code == 0
    new = YAML(typ="safe").load((workspace_copy / "2022" / "doel-05-DEF.yaml").read_text(encoding="utf-8"))
    assert new["indicatoren"][2]["omschrijving"] == tricky


def test_new_writes_the_schema_when_the_workspace_has_none(workspace_copy: Path) -> None:
    shutil.rmtree(workspace_copy / "2018-2019")
    assert run("new", "-g", "5", "-d", "DEF", "-p", "2022", "-w", str(workspace_copy)).exit_code == 0
    schema = workspace_copy / ".gbvs" / "aanlevering.schema.json"
    assert schema.read_text(encoding="utf-8") == run("schema", "-w", str(workspace_copy)).stdout


def test_init_writes_the_schema_that_gbvs_schema_prints(repo: Path) -> None:
    """One submission schema: what editors get in a fresh repository is what `gbvs schema` prints,
    narrowed to the catalogue's goals, departments and periods."""
    written = (repo / "indicators" / ".gbvs" / "aanlevering.schema.json").read_bytes()
    printed = run("schema", "-w", str(repo / "indicators")).stdout.encode("utf-8")
    assert written == printed
    assert json.loads(written)["properties"]["doel"]["enum"] == list(range(1, 14))


def test_init_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map\n", encoding="utf-8")
    result = run("init", str(blocker))
    assert result.exit_code == 2 and "kan" in result.stderr and "niet schrijven" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "geen map\n"


def test_init_refuses_a_folder_that_already_holds_submissions(tmp_path: Path) -> None:
    shutil.copytree(WORKSPACE, tmp_path / "indicators")
    before = _files(tmp_path)
    result = run("init", str(tmp_path))
    assert result.exit_code == 2 and "is niet leeg" in result.stderr
    assert _files(tmp_path) == before


@needs_git
def test_init_makes_a_git_repository_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "aanleveringen"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert (target / ".git").is_dir()
    assert "git-repository gemaakt" in result.stderr and "pre-commit install" in result.stderr


@needs_git
def test_init_inside_a_repository_makes_no_nested_one(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    target = tmp_path / "aanleveringen"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert not (target / ".git").exists()
    assert "staat al in een git-repository" in result.stderr


def test_init_without_git_says_that_pre_commit_needs_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))  # no git on the path
    target = tmp_path / "aanleveringen"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert not (target / ".git").exists()
    assert "git is niet geïnstalleerd" in result.stderr and "pre-commit" in result.stderr
