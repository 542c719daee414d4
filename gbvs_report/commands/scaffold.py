"""Starting points: `gbvs init` lays out a submissions repository, `gbvs new` writes a
submission ready to fill in.

Both only ever create files: every target is checked before anything is written, and each
file is opened in exclusive mode, so that nothing a person wrote is ever replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .. import package_version
from ..model.catalogue import DEFAULT_CATALOGUE, Catalogue, Goal, shipped_catalogues
from ..model.submission import PERIOD_PATTERN, Submission, period_years
from ..oserrors import reason
from ..report.view_texts import years_phrase
from ..rules.spelling import WORDLIST_FILE
from ..validate import check_file
from ..validation import suggest
from ..workspace import CATALOGUE_FILE, DEFAULT_WORKSPACE, SETTINGS_FILE, Workspace, load_catalogue, submission_files
from .install_source import InstallSource, installed_source
from .schema import schema_text
from .submission_text import submission_text

SKELETON = Path(__file__).parent.parent / "skeleton"
SCHEMA_FILE = Path(".gbvs") / "aanlevering.schema.json"
VERSION_MARK = "@GBVS_VERSIE@"
PACKAGE_MARK = "@GBVS_PAKKET@"  # in the CI templates: the pip requirement CI installs
FILES_MARK = "@GBVS_BESTANDEN@"  # in the pre-commit configuration: which files are submissions

# What `gbvs init` writes beside the workspace, at the root of the submissions repository:
# (file in the skeleton folder, where it goes).
REPOSITORY_FILES = [
    ("github-workflow.yml", Path(".github") / "workflows" / "gbvs.yml"),
    ("gitlab-ci.yml", Path(".gitlab-ci.yml")),
    ("pre-commit-config.yaml", Path(".pre-commit-config.yaml")),
    ("vscode-settings.json", Path(".vscode") / "settings.json"),
    ("vscode-extensions.json", Path(".vscode") / "extensions.json"),
    ("gitignore", Path(".gitignore")),
]
KEPT_IF_THERE = {Path(".gitignore")}
"""Files `gbvs init` leaves as they are when the repository has them already (its own
`.gitignore`), instead of refusing to start."""


def submission_pattern(workspace: Path = DEFAULT_WORKSPACE) -> str:
    """The paths of submissions from the repository's root, as a regular expression (for
    pre-commit): a YAML file directly in a period folder of the workspace, a period being
    named as the format names it (`2022`, `2020-2021`), so that every catalogue's rhythm is
    covered, and a folder the catalogue does not know still gets checked (and refused, C006)."""
    folder = PERIOD_PATTERN.removeprefix("^").removesuffix("$")
    return f"^{workspace.as_posix()}/{folder}/[^/]+\\.ya?ml$"


class ScaffoldError(Exception):
    """The files cannot be made; the message says why, in Dutch."""


def default_period(catalogue: Catalogue, today: dt.date | None = None) -> str:
    """The newest period of the strategy that has begun: the one a reporting round is about."""
    year = (today or dt.date.today()).year
    started = [p for p in catalogue.periods if int(p[:4]) <= year]
    return started[-1] if started else catalogue.periods[0]


def _create(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} bestaat al; gbvs overschrijft het niet") from None
    except OSError as exc:
        raise ScaffoldError(f"kan {path} niet schrijven: {reason(exc, path)}") from None


def _skeleton(name: str, package: str | None = None) -> str:
    text = (SKELETON / name).read_text(encoding="utf-8").replace(VERSION_MARK, package_version())
    text = text.replace(FILES_MARK, submission_pattern())
    # A YAML double-quoted scalar (JSON's quoting is a subset of it); empty when unknown.
    return text.replace(PACKAGE_MARK, json.dumps(package or "", ensure_ascii=False))


def catalogue_file(choice: str | None) -> Path | None:
    """The catalogue `--catalogus` names: a shipped catalogue by its code, or a file."""
    if choice is None:
        return None
    shipped = shipped_catalogues()
    if choice in shipped:
        return shipped[choice]
    path = Path(choice)
    if os.path.lexists(path):  # a file, or a link or pipe that the loader refuses with its reason
        return path
    meant = suggest(choice, list(shipped))
    raise ScaffoldError(
        f"{choice} is geen meegeleverde catalogus en geen bestand.{meant} Meegeleverd: {', '.join(shipped)}"
    )


def _settings_text(period: str, catalogue: Catalogue) -> str:
    strategy = catalogue.strategy
    first, last = period_years(period)
    return (
        _skeleton("gbvs.yaml")
        .replace("@PERIODE@", period)
        .replace("@TITEL@", strategy.report_title)
        .replace("@STRATEGIE@", strategy.short_title)
        .replace("@JAREN@", years_phrase(list(range(first, last + 1))))
    )


@dataclass
class InitResult:
    workspace: Path
    period: str
    written: list[Path]
    source: InstallSource
    git: str  # what became of git, in Dutch
    kept: list[Path] = field(default_factory=list)
    """Files that were there already and were left as they are (`KEPT_IF_THERE`)."""


def git_repository(target: Path) -> str:
    """Make `target` a git repository unless it is inside one already; says, in Dutch, what it did."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    try:
        inside = subprocess.run(
            ["git", "-C", str(target), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if inside.returncode == 0:
            return f"{target} staat al in een git-repository ({inside.stdout.strip()}); gbvs init maakt er geen nieuwe"
        made = subprocess.run(
            ["git", "init", "--quiet", str(target)], capture_output=True, text=True, env=env, check=False
        )
    except OSError:
        return (
            "git is niet geïnstalleerd: pre-commit en gbvs diff --sinds hebben een git-repository nodig; "
            f"installeer git en maak er een met: git init {target}"
        )
    if made.returncode != 0:
        return f"git init in {target} mislukte ({made.stderr.strip()}); pre-commit heeft een git-repository nodig"
    return f"git-repository gemaakt in {target}; installeer de controle bij elke commit met: pre-commit install"


def init_repository(
    target: Path, period: str | None = None, catalogue_file: Path | None = None, source: InstallSource | None = None
) -> InitResult:
    """Lay out a submissions repository in `target`, with its workspace in `target/indicators`,
    and make it a git repository when it is not inside one.

    Refuses, before writing anything, when any file it would write is already there. `source`
    is the gbvs CI installs (default: where the running gbvs came from).
    """
    source = source or installed_source()
    catalogue, findings = load_catalogue(catalogue_file)
    if catalogue is None:
        raise ScaffoldError("de catalogus bevat fouten:\n" + "\n".join(d.concise() for d in findings))
    chosen = period or default_period(catalogue)
    if chosen not in catalogue.periods:
        raise ScaffoldError(catalogue.unknown_period(chosen))
    workspace = target / DEFAULT_WORKSPACE
    files: dict[Path, str] = {
        workspace / SETTINGS_FILE: _settings_text(chosen, catalogue),
        workspace / CATALOGUE_FILE: (catalogue_file or DEFAULT_CATALOGUE).read_text(encoding="utf-8"),
        workspace / SCHEMA_FILE: schema_text(catalogue),
        workspace / WORDLIST_FILE: _skeleton(WORDLIST_FILE),
        workspace / chosen / ".gitkeep": "",
        **{target / where: _skeleton(name, source.spec) for name, where in REPOSITORY_FILES},
    }
    if workspace.is_dir() and any(workspace.iterdir()):
        raise ScaffoldError(f"{workspace} bestaat al en is niet leeg; gbvs init overschrijft geen werkmap")
    kept = [p for p in files if os.path.lexists(p) and p.relative_to(target) in KEPT_IF_THERE]
    for path in kept:
        del files[path]
    existing = [p for p in files if p.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing)
        raise ScaffoldError(
            f"{target} bevat al een werkmap of de bestanden ervan ({shown}); gbvs init overschrijft niets"
        )
    for path, text in files.items():
        _create(path, text)
    return InitResult(workspace, chosen, list(files), source, git_repository(target), kept)


def submission_name(goal: int, department: str) -> str:
    return f"doel-{goal:02d}-{department}.yaml"


def previous_submission(workspace: Workspace, goal: int, department: str, period: str) -> tuple[str, Submission] | None:
    """The department's latest readable submission for the goal from an earlier period."""
    for earlier in reversed([p for p in workspace.periods() if p < period]):
        folder = workspace.period_dir(earlier)
        named = folder / submission_name(goal, department)
        candidates = [named] if named.is_file() else []
        for path in candidates + [p for p in submission_files([folder]) if p != named]:
            submission = check_file(path, workspace.catalogue).submission
            if submission is not None and submission.goal == goal and submission.department == department:
                return earlier, submission
    return None


def goal_and_department(catalogue: Catalogue, goal_number: int, department: str) -> Goal:
    """The goal, when the department is expected to contribute to it; else a Dutch reason."""
    goal = catalogue.goals.get(goal_number)
    if goal is None:
        numbers = sorted(catalogue.goals)
        raise ScaffoldError(
            f"doel {goal_number} bestaat niet; de {catalogue.strategy.short_title} kent de "
            f"{catalogue.levels.goal.plural} {numbers[0]} tot en met {numbers[-1]}"
        )
    if department not in catalogue.department_names:
        raise ScaffoldError(
            f"departement '{department}' bestaat niet in de catalogus."
            f"{suggest(department, list(catalogue.department_names))} Kies uit: "
            f"{', '.join(catalogue.department_names)}"
        )
    if department not in goal.departments:
        raise ScaffoldError(
            f"{department} levert volgens de catalogus niet aan voor doel {goal.number}; "
            f"wel: {', '.join(goal.departments)}"
        )
    return goal


def new_submission(workspace: Workspace, goal_number: int, department: str, period: str) -> Path:
    """Write the submission file for one department, goal and period, ready to fill in."""
    goal = goal_and_department(workspace.catalogue, goal_number, department)
    if os.path.islink(workspace.period_dir(period)):
        raise ScaffoldError(
            f"de periodemap {workspace.period_dir(period)} is een koppeling (symbolische link) naar "
            "een map elders; gbvs schrijft daar niet in"
        )
    target = workspace.period_dir(period) / submission_name(goal.number, department)
    if target.exists():
        raise ScaffoldError(f"{target} bestaat al; gbvs new overschrijft nooit een aanlevering")
    schema = workspace.root / SCHEMA_FILE
    if not schema.exists():
        _create(schema, schema_text(workspace.catalogue))
    previous = previous_submission(workspace, goal.number, department, period)
    text = submission_text(
        workspace.catalogue, goal, department, period, previous, schema_ref=f"../{SCHEMA_FILE.as_posix()}"
    )
    _create(target, text)
    return target
