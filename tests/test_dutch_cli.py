"""Everything `gbvs` says is Dutch, the command-line framework's own texts included: usage lines,
section titles, the help option, misuse and conversion errors, metavars."""

from __future__ import annotations

import enum
import importlib.util
import io
import os
import re
import string
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Annotated, Literal

import pytest
import typer
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import ROOT, run
from typer.main import get_command
from typer.testing import CliRunner

from gbvs_report import clitext
from gbvs_report.cli import app

PO = ROOT / "gbvs_report" / "locale" / "nl" / "LC_MESSAGES" / "gbvs-cli.po"
MO = PO.with_suffix(".mo")

# click's English vocabulary and Python type names as click and typer show them.
ENGLISH = re.compile(
    r"Usage|Options|Show this message|Arguments|Commands|\[default|required|"
    r"Error|Try '|Missing|Invalid|No such|Did you mean|Possible|Aborted"
)
PYTHON_TYPES = re.compile(
    r"<\w|list\[|\b(INTEGER|TEXT|PATH|BOOLEAN|FLOAT|FILENAME|DIRECTORY|"
    r"str|int|bool|float|Path)\b"
)
COMMANDS = sorted(get_command(app).commands)


def output(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: " ".join(c) or "gbvs")
def test_help_is_dutch(command: list[str]) -> None:
    result = run(*command, "-h")
    assert result.exit_code == 0, output(result)
    text = output(result)
    assert text.startswith("Gebruik: gbvs")
    assert "[OPTIES]" in text and "Opties:" in text and "Toon deze hulptekst en stop." in text
    assert not ENGLISH.search(text), ENGLISH.search(text)
    assert not PYTHON_TYPES.search(text), PYTHON_TYPES.search(text)


def test_help_shows_dutch_section_titles_and_defaults() -> None:
    assert "COMMANDO [ARGUMENTEN]..." in run("-h").stdout and "Commando's:" in run("-h").stdout
    validate = run("validate", "-h").stdout
    assert "Gebruik: gbvs validate [OPTIES] [PAD]..." in validate
    assert "Argumenten:" in validate and "-f, --formaat tekst|beknopt|json|github|gitlab" in validate
    assert "[standaard: tekst]" in validate
    assert "[verplicht]" in run("new", "-h").stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new", "--goal", "1"], "Optie '--departement' / '-d' ontbreekt."),
        (["validate", "--strct"], "Onbekende optie: --strct. Bedoelde u --streng?"),
        (["validat"], "Onbekend commando 'validat'. Bedoelde u 'validate'?"),
        (["bestaatniet"], "Onbekend commando 'bestaatniet'."),
        (["new", "--goal", "vijf", "-d", "DEF"], "Ongeldige waarde voor '--doel' / '-g': 'vijf' is geen geheel getal."),
        (
            ["validate", "--format", "xml"],
            "Ongeldige waarde voor '--formaat' / '-f': 'xml' is geen geldige keuze; "
            "kies uit 'tekst', 'beknopt', 'json', 'github', 'gitlab'.",
        ),
        (["explain", "S003", "S004"], "Meer argumenten dan het commando kent: S004"),
        (["new", "--goal"], "Optie '--goal' heeft een waarde nodig."),
        (["validate", "--strict=ja"], "Optie '--strict' accepteert geen waarde."),
        (["completion"], "Argument 'bash|zsh' ontbreekt."),
    ],
)
def test_misuse_is_dutch(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    text = output(result)
    assert f"Fout: {expected}\n" in text, text
    assert not ENGLISH.search(text), text
    assert "Traceback" not in text


def test_misuse_shows_dutch_usage_and_hint() -> None:
    text = run("new", "--goal", "vijf").stderr
    assert text.startswith("Gebruik: gbvs new [OPTIES]\nZie 'gbvs new -h' voor hulp.\n")


class Colour(str, enum.Enum):
    rood = "rood"
    groen = "groen"


def _converting_app() -> typer.Typer:
    """Options of every kind the framework converts, for their errors."""
    test_app = typer.Typer(add_completion=False, rich_markup_mode=None)

    @test_app.command()
    def main(
        number: Annotated[int | None, typer.Option("--getal")] = None,
        fraction: Annotated[float | None, typer.Option("--breuk")] = None,
        small: Annotated[int | None, typer.Option("--klein", min=1, max=9)] = None,
        colour: Annotated[Colour | None, typer.Option("--kleur")] = None,
        size: Annotated[Literal["s", "m"] | None, typer.Option("--maat")] = None,
        existing: Annotated[Path | None, typer.Option("--bestaand", exists=True)] = None,
        folder: Annotated[Path | None, typer.Option("--map", exists=True, file_okay=False)] = None,
        file: Annotated[Path | None, typer.Option("--bestand", exists=True, dir_okay=False)] = None,
        yes: Annotated[bool | None, typer.Argument()] = None,
    ) -> None:
        typer.echo("in orde")

    return test_app


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--getal", "vijf"], "'vijf' is geen geheel getal."),
        (["--getal", "2.5"], "'2.5' is geen geheel getal."),
        (["--breuk", "half"], "'half' is geen getal."),
        (["--klein", "12"], "'12' is groter dan 9."),
        (["--klein", "0"], "'0' is kleiner dan 1."),
        (["misschien"], "'misschien' is geen ja/nee-waarde; gebruik true of false."),
        (["--kleur", "blauw"], "'blauw' is geen geldige keuze; kies uit 'rood', 'groen'."),
        (["--maat", "xl"], "'xl' is geen geldige keuze; kies uit 's', 'm'."),
        (["--bestaand", "nergens.yaml"], "Pad 'nergens.yaml' bestaat niet."),
        (["--map", __file__], f"Map {__file__!r} is een bestand."),
        (["--bestand", str(ROOT)], f"Bestand {str(ROOT)!r} is een map."),
    ],
)
def test_conversion_errors_are_dutch(args: list[str], expected: str) -> None:
    clitext.install()
    result = CliRunner().invoke(_converting_app(), args)
    assert result.exit_code == 2, result.output
    name = args[0] if args[0].startswith("--") else "yes"
    assert f"Fout: Ongeldige waarde voor '{name}': {expected}\n" in result.stderr
    assert not ENGLISH.search(result.stderr) and "Traceback" not in result.stderr


def test_conversion_succeeds_as_before() -> None:
    clitext.install()
    args = ["--getal", "5", "--kleur", "rood", "--maat", "s", "--bestaand", __file__, "true"]
    assert CliRunner().invoke(_converting_app(), args).stdout == "in orde\n"


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="nl", domain=clitext.DOMAIN)


def _source_msgids() -> set[str | tuple[str, ...]]:
    """Every msgid click (when installed), typer and clitext.py mark for gettext, read with Babel."""
    found = set()
    for package in ("click", "typer"):
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        for _file, _line, message, _comments, _context in extract_from_dir(
            Path(spec.origin).parent, method_map=[("**.py", "python")]
        ):
            found.add(message)
    for _line, message, _comments, _context in extract_from_file("python", clitext.__file__):
        found.add(message)
    return found


def test_every_framework_text_has_dutch() -> None:
    catalogue = _catalogue()
    msgids = _source_msgids()
    assert len(msgids) > 50
    missing = []
    for msgid in msgids:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalogue.get(key)
        strings = (
            ()
            if message is None
            else (message.string if isinstance(message.string, (list, tuple)) else (message.string,))
        )
        if message is None or message.fuzzy or not strings or not all(s and s.strip() for s in strings):
            missing.append(key)
        elif isinstance(msgid, tuple) and not isinstance(message.string, (list, tuple)):
            missing.append(key)  # a plural text needs its plural forms
    assert not missing, f"zonder Nederlandse vertaling (tools/update_cli_catalogue.py): {sorted(missing)}"


def _fields(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(f"{field}!{conversion}" if conversion else field)
    return names | set(re.findall(r"%\(\w+\)s", text))


def test_translations_keep_the_placeholders() -> None:
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        wanted = set().union(*(_fields(i) for i in ids))
        for text in strings:
            assert _fields(text) <= wanted, (message.id, text)
        assert set().union(*(_fields(s) for s in strings)) == wanted, (message.id, message.string)


def test_shipped_mo_is_the_compiled_po() -> None:
    out = io.BytesIO()
    write_mo(out, _catalogue(), use_fuzzy=False)
    assert out.getvalue() == MO.read_bytes(), "run tools/update_cli_catalogue.py"


def test_dutch_whatever_the_environment_says(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LANG": "en_US.UTF-8",
        "LANGUAGE": "en",
        "LC_ALL": "en_US.UTF-8",
        "LC_MESSAGES": "en_US.UTF-8",
        "PYTHONPATH": str(ROOT),
    }
    for args, code, stream in ((["validate", "-h"], 0, "stdout"), (["new", "--goal", "vijf"], 2, "stderr")):
        result = subprocess.run(
            [sys.executable, "-m", "gbvs_report", *args], env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == code, result.stderr
        text = getattr(result, stream)
        assert "Gebruik: " in text and not ENGLISH.search(text), text


def test_the_wheel_carries_the_catalogue(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("gbvs_report-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gbvs_report/locale/nl/LC_MESSAGES/gbvs-cli.mo" in names
    assert "gbvs_report/clitext.py" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from gbvs_report.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "validate", "-h"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "LANGUAGE": "en"},
    )
    assert result.returncode == 0 and result.stdout.startswith("Gebruik: "), result.stderr


# typer 0.29's own copy of click writes its texts as f-strings, which gettext cannot reach;
# clitext.py translates them by template. The English texts of typer's sources as they are
# now (f-string values shown as {}): a typer upgrade that changes or adds one fails here, so
# that clitext.TEMPLATES and the catalogue follow. Developer errors are listed too, untranslated.
TYPER_FILES = (
    "_click/exceptions.py",
    "_click/parser.py",
    "_click/core.py",
    "_click/formatting.py",
    "_click/decorators.py",
    "_click/termui.py",
    "core.py",
    "_coercion.py",
    "_param_types.py",
    "_adapters.py",
)
KNOWN_TYPER_TEXTS = {
    "_adapters.py: None is not a valid string",
    "_adapters.py: value is not a valid tuple",
    "_adapters.py: {} does not match the formats {}.",
    "_adapters.py: {} values are required, but {} given.",
    "_click/core.py: (DEPRECATED: {})",
    "_click/core.py: DeprecationWarning: The command {} is deprecated.{}",
    "_click/core.py: Got unexpected extra argument(s) ({})",
    "_click/core.py: The value was provided by the command line args.",
    "_click/core.py: The value was provided with an environment variable.",
    "_click/core.py: Used a default provided by `Context.default_map`.",
    "_click/core.py: Used a prompt to confirm a default or provide a value.",
    "_click/core.py: Used the default specified by the parameter.",
    "_click/decorators.py: At least one help option should be provided",
    "_click/decorators.py: Show this message and exit.",
    "_click/exceptions.py: (Possible options: {})",
    "_click/exceptions.py: Could not open file {}: {}",
    "_click/exceptions.py: Error: {}",
    "_click/exceptions.py: Invalid value for {}: {}",
    "_click/exceptions.py: Invalid value: {}",
    "_click/exceptions.py: Missing parameter: {}",
    "_click/exceptions.py: Missing {}{}.",
    "_click/exceptions.py: Missing {}{}. {}",
    "_click/exceptions.py: No such option: {}",
    "_click/exceptions.py: Try '{} {}' for help.\n",
    "_click/exceptions.py: unknown error",
    "_click/formatting.py: Expected two columns for definition list",
    "_click/parser.py: Argument {} takes {} values.",
    "_click/parser.py: Cannot have two nargs < 0",
    "_click/parser.py: Invalid start character for option ({})",
    "_click/parser.py: Option {} does not take a value.",
    "_click/parser.py: Option {} requires {}",
    "_click/parser.py: an argument.",
    "_click/parser.py: unknown action '{}'",
    "_click/termui.py: Error: The two entered values do not match.",
    "_click/termui.py: Error: The value you entered was invalid.",
    "_click/termui.py: Error: invalid input",
    "_click/termui.py: Error: {}",
    "_click/termui.py: Repeat for confirmation",
    "_click/termui.py: Unknown color {}",
    "_coercion.py: Value must be an iterable.",
    "_coercion.py: Value {} is not a valid {}.",
    "_param_types.py: Expected one list item type, got: {}",
    "_param_types.py: List types with complex sub-types are not currently supported",
    "_param_types.py: Tuple types with complex sub-types are not currently supported",
    "_param_types.py: Typer currently doesn't support Union types",
    "_param_types.py: {} is not one of {}.",
    "_param_types.py: {} {} does not exist.",
    "_param_types.py: {} {} is a directory.",
    "_param_types.py: {} {} is a file.",
    "_param_types.py: {} {} is not readable.",
    "_param_types.py: {} {} is not writable.",
    "core.py:  (env var: '{}')",
    "core.py: Boolean option {} cannot use the same flag for true/false.",
    "core.py: Choose from:\n\t{}",
    "core.py: Command has no name.",
    "core.py: In Typer, only the parameter 'autocompletion' is supported. The support for 'shell_complete' is deprecated and will be removed in upcoming versions. ",
    "core.py: Missing command.",
    "core.py: Name '{}' defined twice",
    "core.py: No such command {name!r}.",
    "core.py: env var: {var}",
    "core.py: env var: {}",
    "core.py: {}. Did you mean {}?",
}
# Exact texts clitext.py looks up (usage line words, help option).
EXACT_TYPER_TEXTS = (
    ("_click/formatting.py", '"Usage: "'),
    ("_click/core.py", '"[OPTIONS]"'),
    ("core.py", '"COMMAND [ARGS]..."'),
    ("_click/decorators.py", '"Show this message and exit."'),
)


def _typer_texts() -> set[str]:
    import ast

    def text(node) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return None

    root = Path(typer.__file__).parent
    found = set()
    for name in TYPER_FILES:
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        skip = {
            id(n.body[0].value)
            for n in ast.walk(tree)  # docstrings
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        skip |= {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            value = None if id(node) in skip else text(node)
            if value is None:
                continue
            words = r"[A-Za-z]{2,}[ :]" if isinstance(node, ast.JoinedStr) else r"[A-Za-z]{2,} [A-Za-z]{2,}"
            if re.search(words, value):
                found.add(f"{name}: {value}")
    return found


@pytest.mark.skipif(not hasattr(typer, "_click"), reason="typer runs on click, whose texts are all gettext")
def test_typer_own_click_texts_are_known() -> None:
    found = _typer_texts()
    assert not found - KNOWN_TYPER_TEXTS, f"new or changed in typer: {sorted(found - KNOWN_TYPER_TEXTS)}"
    assert not KNOWN_TYPER_TEXTS - found, f"gone from typer: {sorted(KNOWN_TYPER_TEXTS - found)}"
    root = Path(typer.__file__).parent
    for name, literal in EXACT_TYPER_TEXTS:
        assert literal in (root / name).read_text(encoding="utf-8"), (name, literal)
