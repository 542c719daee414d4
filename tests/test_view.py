"""The view model: one typed, frozen view built before rendering, whose provenance list is
exactly the figures it holds, and templates that see only that view."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import jinja2
import jinja2.meta
import pytest
from conftest import ROOT, WORKSPACE
from pydantic import BaseModel

from gbvs_report.report import view as view_module
from gbvs_report.report.build_view import build_view
from gbvs_report.report.collect import PeriodReport, collect_report
from gbvs_report.report.html import environment, render_view, template_dirs
from gbvs_report.report.view import Figure, ReportView
from gbvs_report.workspace import open_workspace

TEMPLATES = ROOT / "templates"
# What a template may use without defining it: the context of report.html.j2, and the loop
# variables that report.html.j2 and _indicators.html.j2 hand to the partials they include.
CONTEXT = {"view", "css"}
LOOP_VARIABLES = {"goal", "chart_view"}


def _report(workspace: Path, period: str) -> PeriodReport:
    opened, _ = open_workspace(workspace)
    assert opened is not None
    report, _ = collect_report(opened, period)
    return report


@pytest.fixture(scope="module")
def report() -> PeriodReport:
    return _report(WORKSPACE, "2020-2021")


@pytest.fixture(
    scope="module",
    params=[("2020-2021", False), ("2020-2021", True), ("2018-2019", False)],
    ids=["final", "draft", "first-period"],
)
def view(request: pytest.FixtureRequest) -> ReportView:
    period, draft = request.param
    return build_view(_report(WORKSPACE, period), draft)


def _walk(value: object) -> Iterator[object]:
    """Every value in the view, depth first: dataclass fields, list items, dict values."""
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


def test_every_traced_figure_is_in_the_provenance_and_vice_versa(view: ReportView) -> None:
    figures = [v for v in _walk(view) if isinstance(v, Figure) and v.trace is not None]
    assert figures
    lines = {(file.name, line.line): line for file in view.provenance for line in file.lines}
    for figure in figures:
        assert figure.trace is not None
        line = lines.get((figure.trace.file, figure.trace.line))
        assert line is not None, figure
        assert figure.anchor == line.anchor
        # The annex names the figure as the report shows it (nulmeting and streefwaarde with their year;
        # an example target marked "voorbeeld" where shown, and named once in the annex, without the mark).
        shown = re.sub(r" \((?:\d{4}(?:, voorbeeld)?|voorbeeld)\)$", "", figure.text)
        assert any(what.endswith(f": {shown}") for what in line.what), (figure, line)
        assert not any(what.endswith("(voorbeeld)") for what in line.what), line
    assert set(lines) == {(f.trace.file, f.trace.line) for f in figures if f.trace is not None}
    anchors = [line.anchor for line in lines.values()]
    assert len(anchors) == len(set(anchors))


def test_untraced_figures_link_nowhere(view: ReportView) -> None:
    for figure in (v for v in _walk(view) if isinstance(v, Figure) and v.trace is None):
        assert figure.anchor == ""


def test_view_holds_only_frozen_documented_dataclasses(view: ReportView) -> None:
    """No raw models, no namespaces, no bare tuples: a template author sees named fields only."""
    for value in _walk(view):
        assert not isinstance(value, (BaseModel, SimpleNamespace, tuple, PeriodReport)), repr(value)[:200]
        if dataclasses.is_dataclass(value):
            assert type(value).__dataclass_params__.frozen, type(value)  # type: ignore[attr-defined]
    own = [
        cls
        for cls in vars(view_module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == view_module.__name__
    ]
    assert len(own) > 20
    for cls in own:
        # Without a docstring, dataclass() makes one of the signature: `Name(field, ...)`.
        assert cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("), cls
        assert cls.__name__ in view_module.__doc__, f"{cls.__name__} is missing from the module docstring"


def test_view_shows_what_the_report_says(report: PeriodReport) -> None:
    view = build_view(report, draft=False)
    assert [p.number for p in view.pillars] == list(range(1, len(report.pillars) + 1))
    assert sum(len(p.goals) for p in view.pillars) == view.summary.goal_count == len(report.goals)
    assert sum(c.count for c in view.summary.status_counts) == view.summary.goal_count
    assert view.years == [2020, 2021]
    assert view.letter.date == view.report_date == "15 april 2022" and view.report_date_iso == "2022-04-15"
    assert view.summary.changes.previous_period == "2018-2019"
    assert not view.annexes.problems and "bijlage-problemen" not in view.annexes.titles
    goal = next(g for p in view.pillars for g in p.goals if g.charts)
    assert all(row.value.text for chart in goal.charts for row in chart.rows)
    narrative = next(s.results for p in view.pillars for g in p.goals for s in g.submissions)
    assert str(narrative).startswith("<")  # already sanitised HTML


def test_templates_never_reach_past_the_view() -> None:
    env = environment([TEMPLATES])
    sources = sorted(TEMPLATES.glob("*.j2"))
    assert len(sources) >= 10
    for path in sources:
        source = path.read_text(encoding="utf-8")
        # Neither the period's report nor its models: only `view` (and `css`).
        assert not re.findall(r"\breport\.(?!html\b|css\b)\w+", source), path.name
        undeclared = jinja2.meta.find_undeclared_variables(env.parse(source))
        assert undeclared <= CONTEXT | LOOP_VARIABLES, (path.name, undeclared - CONTEXT - LOOP_VARIABLES)
    report_source = (TEMPLATES / "report.html.j2").read_text(encoding="utf-8")
    assert jinja2.meta.find_undeclared_variables(env.parse(report_source)) <= CONTEXT


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_templates_render_under_strict_undefined(report: PeriodReport, draft: bool) -> None:
    env = environment(template_dirs())
    assert env.undefined is jinja2.StrictUndefined
    html = render_view(build_view(report, draft), env)
    assert ('<div class="concept-mark">CONCEPT</div>' in html) is draft
    # A bare environment, without filters or globals of our own, renders the same page.
    bare = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    assert render_view(build_view(report, draft), bare) == html
    with pytest.raises(jinja2.UndefinedError):  # and the strictness is real
        bare.get_template("report.html.j2").render(css="")


def test_an_overridden_template_gets_the_same_view(tmp_path: Path) -> None:
    """A workspace overrides one file; it sees the documented view and nothing else."""
    workspace = tmp_path / "indicators"
    shutil.copytree(WORKSPACE, workspace)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "_titlepage.html.j2").write_text(
        "<header><h1>{{ view.title }} ({{ view.period }}, {{ view.report_date }})</h1>"
        "<p>{{ view.summary.goal_count }} doelen</p></header>\n",
        encoding="utf-8",
    )
    opened, _ = open_workspace(workspace)
    assert opened is not None
    report, _ = collect_report(opened, "2020-2021")
    html = render_view(build_view(report), environment(template_dirs(opened.template_dir)))
    assert f"<h1>{report.settings.title} (2020–2021, 15 april 2022)</h1>" in html
    assert f"<p>{len(report.goals)} doelen</p>" in html
