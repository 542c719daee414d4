"""Dutch for the command-line framework's own texts: usage lines, section titles, the help
option, error messages and conversion errors.

`install()` reads one message catalogue, locale/nl/LC_MESSAGES/gbvs-cli.mo, always in Dutch
whatever LANG or LANGUAGE say (the report is Dutch), and hands it to the framework:

* Texts that click and typer mark for gettext (`_()`, `ngettext()`) go through module-level
  names; those names are bound to the catalogue's `gettext` and `ngettext`. That covers typer's
  own texts and, when an older typer runs on the installed click, all of click's.
* Typer 0.29 carries its own copy of click (`typer._click`) in which the texts are plain
  f-strings. For those, the English wording is listed below as templates (also msgids in the
  catalogue): a message that matches a template is rendered from its Dutch translation with
  the same values. The few places that print such texts (an error being shown, the usage line,
  the help option) are wrapped to pass their text through `dutch()`.
* Conversion errors come from pydantic (typer 0.29 converts parameters with TypeAdapters);
  `typer._coercion.get_error_msg` is replaced by one that words the error in Dutch from its
  pydantic error type and input value.
* An option's English name is a hidden alias of its Dutch one (`hide_alias`): help, messages
  and the suggestions for a mistyped option name only the Dutch names; Tab offers an English
  name only when no Dutch one fits what was typed.

Every attribute of typer that is replaced or relied on is listed in `HOOKS`; `missing_hooks()`
says which are gone (a test fails loudly on any), and `install()` then leaves typer's own
English in place rather than break. Only the standard library and typer modules that are
already imported are touched, so `gbvs --help` stays as fast as before.
"""

from __future__ import annotations

import functools
import gettext
import re
import sys
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

DOMAIN = "gbvs-cli"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGE = "nl"

# The modules of click that mark their texts for gettext.
CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "shell_completion",
    "termui",
    "types",
    "utils",
    "_termui_impl",
    "_winconsole",
)
TYPER_MODULES = ("core", "rich_utils")


def N_(message: str) -> str:
    """Mark an English template for extraction into the catalogue; translated when used."""
    return message


# English texts from typer's own copy of click (typer 0.29, typer/_click/ and typer/core.py),
# written there as f-strings. The names in braces are the values the Dutch text reuses;
# `message` and `reason` are themselves translated again. Order matters: the first match wins.
TEMPLATES = (
    N_("Error: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing option {param_hint}. {message}"),
    N_("Missing argument {param_hint}. {message}"),
    N_("Missing parameter {param_hint}. {message}"),
    N_("Missing option {param_hint}."),
    N_("Missing argument {param_hint}."),
    N_("Missing parameter {param_hint}."),
    N_("Missing option."),
    N_("Missing argument."),
    N_("Missing parameter."),
    N_("Missing parameter: {name}"),
    N_("Choose from:\n\t{choices}"),
    N_("{message} (Possible options: {options})"),
    N_("No such option: {name}"),
    N_("{message}. Did you mean {suggestions}?"),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("Option {name} does not take a value."),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {nargs} arguments."),
    N_("Argument {name} takes {nargs} values."),
    N_("Could not open file {filename}: {reason}"),
    N_("unknown error"),
    N_("Value must be an iterable."),
    N_("Value {value} is not a valid {type}."),
    N_("{value} is not one of {choices}."),
    N_("{value} does not match the formats {formats}."),
    N_("{expected} values are required, but {given} given."),
    N_("value is not a valid tuple"),
    N_("None is not a valid string"),
    N_("file {filename} does not exist."),
    N_("dir {filename} does not exist."),
    N_("path {filename} does not exist."),
    N_("file {filename} is a directory."),
    N_("dir {filename} is a file."),
    N_("path {filename} is a file."),
    N_("path {filename} is a directory."),
    N_("file {filename} is not readable."),
    N_("dir {filename} is not readable."),
    N_("path {filename} is not readable."),
    N_("file {filename} is not writable."),
    N_("dir {filename} is not writable."),
    N_("path {filename} is not writable."),
    N_("Aborted!"),
)
RETRANSLATED = {"message", "reason"}

# Words in usage lines and help that typer 0.29 writes without gettext.
WORDS = {
    "Usage: ": N_("Usage: "),
    "[OPTIONS]": N_("[OPTIONS]"),
    "COMMAND [ARGS]...": N_("COMMAND [ARGS]..."),
    "Show this message and exit.": N_("Show this message and exit."),
}

# Conversion errors by pydantic error type; {value} is the input as the user typed it, quoted.
PYDANTIC = {
    "int_parsing": N_("{value} is not a whole number."),
    "int_from_float": N_("{value} is not a whole number."),
    "int_type": N_("{value} is not a whole number."),
    "float_parsing": N_("{value} is not a number."),
    "float_type": N_("{value} is not a number."),
    "decimal_parsing": N_("{value} is not a number."),
    "bool_parsing": N_("{value} is not a yes/no value; use true or false."),
    "bool_type": N_("{value} is not a yes/no value; use true or false."),
    "greater_than_equal": N_("{value} is smaller than {ge}."),
    "greater_than": N_("{value} is not greater than {gt}."),
    "less_than_equal": N_("{value} is greater than {le}."),
    "less_than": N_("{value} is not smaller than {lt}."),
    "path_type": N_("{value} is not a valid path."),
    "string_type": N_("{value} is not text."),
    "datetime_parsing": N_("{value} is not a date and time."),
    "datetime_from_date_parsing": N_("{value} is not a date and time."),
    "datetime_type": N_("{value} is not a date and time."),
    "date_parsing": N_("{value} is not a date."),
    "date_from_datetime_parsing": N_("{value} is not a date."),
    "uuid_parsing": N_("{value} is not a UUID."),
    "uuid_type": N_("{value} is not a UUID."),
    "enum": N_("{value} is not one of {expected}."),
    "literal_error": N_("{value} is not one of {expected}."),
}
UNKNOWN_PYDANTIC = N_("{value} is not a valid value.")

HIDDEN: dict[str, str] = {}
"""Each hidden alias (an option's English name) and the Dutch name it stands for."""

HOOKS = (
    ("typer.core", "_"),
    ("typer._coercion", "get_error_msg"),
    ("typer._param_types", "get_error_msg"),
    ("typer._click.exceptions", "get_text_stderr"),
    ("typer._click.exceptions", "ClickException.show"),
    ("typer._click.exceptions", "UsageError.show"),
    ("typer._click.exceptions", "NoSuchOption.__init__"),
    ("typer._click.formatting", "HelpFormatter.write_usage"),
    ("typer._click.core", "Command.format_usage"),
    ("typer._click.core", "Command.collect_usage_pieces"),
    ("typer._click.core", "Command.get_help_option"),
    ("typer._click.core", "Command.shell_complete"),
    ("typer._click.utils", "echo"),
    ("typer._click.utils", "_escape_control_characters"),
    ("typer.core", "TyperArgument.display_type_rich"),
    ("typer.core", "TyperOption.get_help_record"),
    ("typer.core", "TyperOption.get_error_hint"),
)
"""Every attribute of typer (and its copy of click) that `install()` replaces or calls, as
(module, attribute path): if typer renames or drops one, the Dutch is incomplete. (typer's
`rich_utils` gets the catalogue too when it is loaded, which gbvs never asks for: loading it
here would bring in rich and cost every command a tenth of a second.)"""


def missing_hooks() -> list[str]:
    """The `HOOKS` that the installed typer does not have (none, when all is well)."""
    import importlib

    missing = []
    for module_name, attribute in HOOKS:
        try:
            target: Any = importlib.import_module(module_name)
        except ImportError:
            missing.append(f"{module_name} (module)")
            continue
        for part in attribute.split("."):
            target = getattr(target, part, None)
            if target is None:
                missing.append(f"{module_name}.{attribute}")
                break
    return missing


def hide_alias(english: str, dutch: str) -> None:
    """Accept `english` as an option name for `dutch`, without showing it."""
    HIDDEN[english] = dutch


def _shown(names: list[str]) -> list[str]:
    return [name for name in names if name not in HIDDEN]


@lru_cache(maxsize=1)
def translation() -> gettext.NullTranslations:
    """The Dutch catalogue; `languages` is given, so the environment never chooses."""
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[LANGUAGE])


def _(message: str) -> str:
    return translation().gettext(message)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for msgid in TEMPLATES:
        parts = re.split(r"\{(\w+)\}", msgid)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
        compiled.append((re.compile(regex, re.DOTALL), msgid))
    return tuple(compiled)


def dutch(message: str) -> str:
    """The Dutch for a message of the framework; unchanged when it matches no template."""
    for pattern, msgid in _patterns():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = {k: dutch(v) if k in RETRANSLATED else v for k, v in match.groupdict().items()}
        return _(msgid).format(**values)
    return message


def conversion_error(exc: Any) -> str:
    """A pydantic ValidationError of a parameter, in Dutch (replaces typer's get_error_msg)."""
    from typer._click.utils import _escape_control_characters

    errors = exc.errors()
    if not errors:
        return _escape_control_characters(dutch(str(exc)))
    error = errors[0]
    context = dict(error.get("ctx") or {})
    if error["type"] in ("value_error", "assertion_error") and "error" in context:
        text = dutch(str(context["error"]))
    else:
        template = PYDANTIC.get(error["type"], UNKNOWN_PYDANTIC)
        value = error.get("input")
        shown = repr(value) if isinstance(value, str) else repr(str(value))
        try:
            text = _(template).format(value=shown, **context)
        except (KeyError, IndexError):
            text = _(UNKNOWN_PYDANTIC).format(value=shown)
    return _escape_control_characters(text)


def _bind_gettext(module: Any, gettext_: Any, ngettext_: Any) -> None:
    if hasattr(module, "_"):
        module._ = gettext_
    if hasattr(module, "ngettext"):
        module.ngettext = ngettext_


@functools.cache
def install() -> None:
    """Make click and typer speak Dutch; does its work once, later calls do nothing."""
    catalogue = translation()
    import typer.core  # noqa: F401  (imports typer's modules, and its copy of click if it has one)

    for name in TYPER_MODULES:
        module = sys.modules.get(f"typer.{name}")
        if module is not None:
            _bind_gettext(module, catalogue.gettext, catalogue.ngettext)
    if sys.modules.get("typer._click") is None:
        # Older typer runs on click, whose texts are all marked for gettext.
        import importlib

        for name in CLICK_MODULES:
            try:
                module = importlib.import_module(f"click.{name}")
            except ImportError:  # _winconsole off Windows
                continue
            _bind_gettext(module, catalogue.gettext, catalogue.ngettext)
    elif not missing_hooks():  # else: typer's own English, rather than a broken command line
        _patch_vendored_click()
        _hide_aliases()


def _hide_aliases() -> None:
    """Help, misuse messages, suggestions and Tab speak of the Dutch option names only."""
    import typer.core
    from typer._click import core, exceptions

    def without_aliases(method: Any) -> Any:
        @wraps(method)
        def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
            opts, secondary = self.opts, self.secondary_opts
            self.opts, self.secondary_opts = _shown(opts) or opts, _shown(secondary)
            try:
                return method(self, *args, **kwargs)
            finally:
                self.opts, self.secondary_opts = opts, secondary

        return wrapped

    typer.core.TyperOption.get_help_record = without_aliases(typer.core.TyperOption.get_help_record)
    typer.core.TyperOption.get_error_hint = without_aliases(typer.core.TyperOption.get_error_hint)

    original_init = exceptions.NoSuchOption.__init__

    @wraps(original_init)
    def no_such_option(
        self: Any, option_name: str, message: Any = None, possibilities: Any = None, ctx: Any = None
    ) -> None:
        meant = list(dict.fromkeys(HIDDEN.get(name, name) for name in possibilities or ()))
        original_init(self, option_name, message, meant or None, ctx)

    exceptions.NoSuchOption.__init__ = no_such_option

    original_complete = core.Command.shell_complete

    @wraps(original_complete)
    def shell_complete(self: Any, ctx: Any, incomplete: str) -> Any:
        items = original_complete(self, ctx, incomplete)
        shown = [item for item in items if item.value not in HIDDEN]
        fits = {item.value for item in shown}
        # an English name only when no Dutch name fits: `--work` still finds --workspace
        return shown if any(value.startswith("-") for value in fits) else items

    core.Command.shell_complete = shell_complete


def _patch_vendored_click() -> None:
    """Typer 0.29's own copy of click writes its texts as f-strings: translate where shown."""
    import typer._coercion
    import typer._param_types
    import typer.core
    from typer._click import core, exceptions, formatting
    from typer._click.utils import echo

    typer._coercion.get_error_msg = conversion_error
    typer._param_types.get_error_msg = conversion_error

    def click_exception_show(self: Any, file: Any = None) -> None:
        if file is None:
            file = exceptions.get_text_stderr()
        echo(_(TEMPLATES[0]).format(message=dutch(self.format_message())), file=file, color=self.show_color)

    def usage_error_show(self: Any, file: Any = None) -> None:
        if file is None:
            file = exceptions.get_text_stderr()
        color = None
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = (
                _(N_("Try '{command} {option}' for help.")).format(
                    command=self.ctx.command_path, option=self.ctx.help_option_names[0]
                )
                + "\n"
            )
        if self.ctx is not None:
            color = self.ctx.color
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(_(TEMPLATES[0]).format(message=dutch(self.format_message())), file=file, color=color)

    exceptions.ClickException.show = click_exception_show
    exceptions.UsageError.show = usage_error_show

    original_write_usage = formatting.HelpFormatter.write_usage

    @wraps(original_write_usage)
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_write_usage(self, prog, args, _(WORDS["Usage: "]) if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage

    def format_usage(self: Any, ctx: Any, formatter: Any) -> None:
        pieces = [_(WORDS[p]) if p in WORDS else p for p in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces))

    core.Command.format_usage = format_usage

    original_get_help_option = core.Command.get_help_option

    @wraps(original_get_help_option)
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_get_help_option(self, ctx)
        if option is not None and option.help in WORDS:
            option.help = _(WORDS[option.help])
        return option

    core.Command.get_help_option = get_help_option

    # An argument with a metavar shows only that word in help, as an option does, not the
    # Python type beside it (`MAP <path>`).
    original_display_type = typer.core.TyperArgument.display_type_rich

    @wraps(original_display_type)
    def display_type_rich(self: Any, ctx: Any) -> Any:
        return None if self.metavar is not None else original_display_type(self, ctx)

    typer.core.TyperArgument.display_type_rich = display_type_rich
