"""HTML: the period's documents, each one self-contained HTML file: the letter to parliament
(`kamerbrief.html.j2`), the report that is its bijlage (`report.html.j2`) and the
accountability (`verantwoording.html.j2`).

One jinja environment (autoescape on, undefined names are errors) reads the templates from
the workspace's `templates/` folder first and the package's own templates second, so that a
department can restyle one file without copying the rest. The templates get one documented
context object, `view`, a `ReportView` built in full before rendering (the same for all three) (its module docstring in
gbvs_report/report/view.py lists every field), and `css`, the stylesheets. Every text in the
view is already formatted, so the environment needs no filters of its own. Every value a
template writes loses its explicit bidirectional controls on the way out (`finalize`): text
from a submission can then never reverse the report's own words after it, in the HTML and the
PDF alike, wherever a template places it (see `formatting.plain`).

Each document is rendered twice: for the screen, where the report's figures link to their
provenance in the accountability's HTML and the letter links to the report; and for the PDF
(`view.for_print`), where figures are plain text and nothing links into another file.
"""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from . import formatting
from .build_view import build_view
from .collect import PeriodReport
from .view import ReportView
from .view_texts import DocumentNames, document_names

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).parent.parent.parent / "templates"
STYLESHEETS = ("report.css", "_content.css", "_letter.css")
# Each document's template, in the order they are written.
DOCUMENTS = (
    ("letter", "kamerbrief.html.j2"),
    ("report", "report.html.j2"),
    ("accountability", "verantwoording.html.j2"),
)


def template_dirs(workspace_templates: Path | None = None) -> list[Path]:
    """The workspace's templates first, then the package's (installed, or in a source checkout)."""
    dirs = [workspace_templates] if workspace_templates and workspace_templates.is_dir() else []
    return dirs + [d for d in (PACKAGE_TEMPLATES, SOURCE_TEMPLATES) if d.is_dir()][:1]


class TemplateProblem(ValueError):
    """A template cannot be rendered; the message says which file, which line and why, in Dutch."""


def _finalize(value: object) -> object:
    """A value as a template writes it, without explicit bidirectional controls; Markup stays
    Markup, as taking characters out of it cannot make a tag."""
    if isinstance(value, Markup):
        return Markup(formatting.plain(str(value)))
    return formatting.plain(value) if isinstance(value, str) else value


def environment(dirs: list[Path]) -> jinja2.Environment:
    """The templates' environment: sandboxed, because a workspace's own templates are data from
    the submissions repository, not code: they may show the view, not reach Python's internals
    (`cycler.__init__.__globals__`) or change anything. Every value it writes loses its explicit
    bidirectional controls, so no text from a submission can reverse the report's own text."""
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        finalize=_finalize,
        loader=jinja2.FileSystemLoader([str(d) for d in dirs], followlinks=False),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_view(view: ReportView, env: jinja2.Environment, template: str = "report.html.j2") -> str:
    """A document's template (by default the report's) with its whole context: the view and the stylesheets."""
    # The stylesheets are the workspace's or the package's own files, never submission text:
    # report.css for the page and the type, _content.css for the report's own elements,
    # _letter.css for the letter and the accountability.
    css = Markup(
        "\n".join(
            env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            for name in STYLESHEETS
        )
    )
    try:
        return formatting.unhyphenated_trema(env.get_template(template).render(view=view, css=css))
    except jinja2.TemplateError as exc:
        raise TemplateProblem(_template_message(exc, template)) from None


def _template_message(exc: jinja2.TemplateError, template: str) -> str:
    """Which template and line went wrong, and why, in Dutch."""
    name, line = getattr(exc, "filename", None) or getattr(exc, "name", None), getattr(exc, "lineno", None)
    if line is None:  # an error while rendering: the template's frame in the traceback says where
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            name, line = frames[-1].filename, frames[-1].lineno
    where = f"{Path(name).name if name else template}" + (f", regel {line}" if line else "")
    if isinstance(exc, jinja2.sandbox.SecurityError):
        why = "het sjabloon probeert iets te doen dat een sjabloon niet mag (alleen het rapport tonen)"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        why = f"de opbouw van het sjabloon klopt niet ({exc.message})"
    elif isinstance(exc, jinja2.UndefinedError):
        why = f"het sjabloon gebruikt iets dat het rapport niet kent ({exc.message})"
    elif isinstance(exc, jinja2.TemplateNotFound):
        why = f"sjabloon {exc.name} bestaat niet"
    else:
        why = str(exc)
    return f"sjabloon {where}: {why}"


def render_html(report: PeriodReport, template_dir: Path | None = None, *, draft: bool = False) -> str:
    return render_view(build_view(report, draft), environment(template_dirs(template_dir)))


@dataclasses.dataclass(frozen=True)
class RenderedDocument:
    """One of a period's documents: its file name without extension, its HTML for the screen,
    and the HTML its PDF is made from."""

    kind: str  # letter, report or accountability
    name: str
    html: str
    print_html: str
    view: ReportView  # what it was rendered from (the letter's Word file is made from it too)


def render_documents(
    report: PeriodReport,
    template_dir: Path | None = None,
    *,
    draft: bool = False,
    names: DocumentNames | None = None,
) -> list[RenderedDocument]:
    """The letter, the report and the accountability, from one view; `names` are their file
    names without extension (by default `document_names(report, draft)`)."""
    names = names or document_names(report, draft)
    env = environment(template_dirs(template_dir))
    view = build_view(report, draft, names)
    printed = dataclasses.replace(view, for_print=True)
    return [
        RenderedDocument(
            kind, getattr(names, kind), render_view(view, env, template), render_view(printed, env, template), view
        )
        for kind, template in DOCUMENTS
    ]
