"""HTML: the period's report as one self-contained HTML file.

One jinja environment (autoescape on, undefined names are errors) reads the templates from
the workspace's `templates/` folder first and the package's own templates second, so that a
department can restyle one file without copying the rest. The templates get one documented
context object, `view`, a `ReportView` built in full before rendering (its module docstring in
gbvs_report/report/view.py lists every field), and `css`, the stylesheets. Every text in the
view is already formatted, so the environment needs no filters of its own.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from .build_view import build_view
from .collect import PeriodReport
from .view import ReportView

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).parent.parent.parent / "templates"
STYLESHEETS = ("report.css", "_content.css")


def template_dirs(workspace_templates: Path | None = None) -> list[Path]:
    """The workspace's templates first, then the package's (installed, or in a source checkout)."""
    dirs = [workspace_templates] if workspace_templates and workspace_templates.is_dir() else []
    return dirs + [d for d in (PACKAGE_TEMPLATES, SOURCE_TEMPLATES) if d.is_dir()][:1]


def environment(dirs: list[Path]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_view(view: ReportView, env: jinja2.Environment) -> str:
    """`report.html.j2` with its whole context: the view and the stylesheets."""
    # The stylesheets are the workspace's or the package's own files, never submission text:
    # report.css for the page and the type, _content.css for the report's own elements.
    css = Markup(
        "\n".join(
            env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            for name in STYLESHEETS
        )
    )
    return env.get_template("report.html.j2").render(view=view, css=css)


def render_html(report: PeriodReport, template_dir: Path | None = None, *, draft: bool = False) -> str:
    return render_view(build_view(report, draft), environment(template_dirs(template_dir)))
