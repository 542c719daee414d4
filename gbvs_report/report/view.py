"""The view: everything the documents' templates show, built in one pass before rendering.

`build_view(report, draft)` turns a period's `PeriodReport` into a `ReportView`: frozen
dataclasses holding formatted text (Dutch numbers and dates, sanitised Markdown), never a raw
catalogue or submission model. Every figure read from an input file is a `Figure` that knows
the file and line it came from; the builder makes each one through a single method that notes
its trace, so the provenance list in the accountability document is simply what the build noted.
The templates do no arithmetic and no formatting of their own.

Three documents are made from one view: the letter (`kamerbrief.html.j2`), the report, its
bijlage (`report.html.j2`), and the accountability (`verantwoording.html.j2`: versions,
digests, the provenance of every figure). The context of each, and of every template it
includes, is `view`, a `ReportView`, and `css`, the stylesheets (report.css and _content.css)
to place inside `<style>`; nothing else. `report.html.j2` hands each goal to `_goal.html.j2`
and `_indicators.html.j2` as `goal`, and `_indicators.html.j2` hands each chart to
`_chart.html.j2` as `chart_view`. An undefined name is an error, so a workspace's own
template fails loudly on a misspelt field.

    view: ReportView
      title, period              the report's title (settings) and its period, "2020–2021"
      period_words               the period after "over" in a sentence: "2020 en 2021", "2029"
      document_title             "title over 2020 en 2021": the page title and the running head
      organisation
      strategy: StrategyView     title, short_title; the catalogue's level names group, groups,
                                 goal, goals ("pijler", "doelen"); rhythm ("per periode van
                                 twee jaar"), first_year, last_year, goal_count, name (in
                                 running text: the title without its motto)
      guide: GuideView           the reading guide: intro (the strategy, its years and levels),
                                 status_rule (a sentence), statuses: [StatusMeaning] (status,
                                 meaning), best first
      kamerstuk                  the title page's parliamentary paper, or ""
      years                      the period's years, [2020, 2021]
      report_date                "15 april 2022"; report_date_iso "2022-04-15"
      draft, example_data        a draft (CONCEPT); made with example data
      letter: LetterView         the letter as sent (no Kamerstuk heading): logo (a data: URL or
                                 ""), logo_alt, return_address ("Retouradres Postbus ..."),
                                 sender (SenderView: ministry, directorate, visiting_address and
                                 postal_address (lines), website), reference ("Onze
                                 referentie"), your_reference ("Uw referentie" or ""),
                                 attachments (the count under "Bijlage(n)"), addressee,
                                 addressee_address (lines), date, subject ("Betreft"),
                                 attachment (the phrase naming the report: "de
                                 voortgangsrapportage over 2020 en 2021 van de ..."),
                                 opening_before and opening_after (the opening sentence around
                                 it), previous (the sentence naming the previous report, or ""),
                                 opening (all of it as plain text),
                                 body (sanitised HTML, "" when the settings give none),
                                 body_markdown (the same, as Markdown, for the Word letter),
                                 signatories ([SignatoryView: office, name], the signatory
                                 first, then those who co-sign), on_behalf_of ("A, B en C" or "")
      documents: DocumentsView   letter, main_report, accountability: DocumentLink (title, html:
                                 the file name of its HTML, for links between the documents)
      for_print                  true in the HTML the PDF is made from: figures are plain
                                 text there, and nothing links into another file
      summary: SummaryView       goal_count, intro (what the report covers), counts (how many goals
                                 have each status, in words), key_messages (the coordinator's),
                                 caption (of the status table)
        pillars: [SummaryPillar]         name, rows: [SummaryRow] (number, title, lead (a
                                         department's short name), status)
        status_counts: [StatusCount]     status, count; best status first, no submission last
        changes: ChangesView             previous_period (None when there is none),
          statuses: [StatusChangeView]   goal, goal_title, improved, before, after
          targets: [TargetChangeView]    name, department, goal, reached, before, before_year,
                                         after, after_year, target, target_year
      pillars: [PillarView]      number (from 1), code, name, description
        goals: [GoalView]        number, title, description, source (the catalogue's note on
                                 the title's source, or ""), lead and contributors (names),
                                 status, missing and rejected (department names)
          submissions: [SubmissionView]  department (name), department_code, status (Figure),
                                         results and outlook (sanitised HTML)
          rows: [IndicatorRow]           name, department (code), baseline and target (Figures
                                         with their year), actuals ({year: Figure or None}),
                                         sources, comment
          scales: [ScaleView]            name, levels (low to high)
          charts: [ChartView]            chart (Chart in charts.py, what _chart.html.j2 draws),
                                         name, department, rows: [ChartRow] (year, kind,
                                         value (Figure), as_of)
          milestones: [MilestoneRow]     name, department, description, planned and status
                                         (Figures), reached (Figure or None), source
      annexes: AnnexesView
        contents: [AnnexTitle]           anchor, title ("Bijlage 1: ..."), for the contents
        titles                           {anchor: numbered title}
        received: [ReceivedGroup]        pillar, rows: [ReceivedRow] (goal, department,
                                         submitted (Figure), file)
        missing: [Missing]               goal, goal_title, department (code), department_name,
                                         rejected
        sources                          [str]
        abbreviations: [Abbreviation]    short, long
        versions: VersionsView           catalogue, rules, tool
        inputs: [InputFile]              name, role, digest (SHA-256)
        problems: [Problem]              file, findings, also, also_more; only in a draft
        problems_hidden                  files with errors beyond those laid out
      provenance: [ProvenanceFile]       name, lines: [ProvenanceLine] (anchor, line, what)

    Figure      text; when read from a file also trace (file, line) and anchor, the id of its
                line in the provenance list (`fig` in _macros.html.j2 links the report's figure
                to it in the accountability's HTML; in the PDF a figure is plain text)
    StatusView  word, symbol, css_class (`status` in _macros.html.j2 shows symbol and word)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..model.submission import OverallStatus
from .annexes import Abbreviation, Missing, Problem
from .charts import Chart
from .collect import InputFile
from .compare import Trace

# Status is never shown by colour alone: every status has a word and a symbol.
STATUS_SYMBOLS = {
    OverallStatus.COMPLETED: "✔",
    OverallStatus.ON_TRACK: "●",
    OverallStatus.ATTENTION: "▲",
    OverallStatus.DELAYED: "■",
    None: "○",
}
NO_SUBMISSION = "geen aanlevering"


# The building blocks.


@dataclass(frozen=True)
class Figure:
    """A figure as the report shows it; with a trace, a link to the line it was read from."""

    text: str
    trace: Trace | None = None
    anchor: str = ""  # the id of its line in the provenance list; "" without a trace


@dataclass(frozen=True)
class StatusView:
    """A status as word, symbol and CSS class: never shown by colour alone."""

    word: str
    symbol: str
    css_class: str


def status_view(status: OverallStatus | None) -> StatusView:
    """The status of a goal or submission; None is a goal nobody has submitted for."""
    return StatusView(
        status.value if status else NO_SUBMISSION,
        STATUS_SYMBOLS[status],
        "status-" + (status.name.lower() if status else "none"),
    )


@dataclass(frozen=True)
class StrategyView:
    """The strategy the report is about, on the title page and in the summary; what it calls
    its levels and how often it reports come from the catalogue."""

    title: str
    short_title: str
    group: str = "pijler"
    groups: str = "pijlers"
    goal: str = "doel"
    goals: str = "doelen"
    rhythm: str = "per periode van twee jaar"
    first_year: int = 0
    last_year: int = 0
    goal_count: int = 0
    name: str = ""  # the name in running text: the title without its motto, years with an en dash


@dataclass(frozen=True)
class StatusMeaning:
    """A status in the reading guide, with what it means."""

    status: StatusView
    meaning: str


@dataclass(frozen=True)
class GuideView:
    """The reading guide: what the statuses mean and how a goal's status follows."""

    status_rule: str
    statuses: list[StatusMeaning]
    intro: str = ""  # what the strategy is, how long it runs, how many goals in how many pillars


# The letter.


@dataclass(frozen=True)
class SignatoryView:
    """Who signs the letter: an office and, optionally, a name."""

    office: str
    name: str


@dataclass(frozen=True)
class SenderView:
    """The letter's side column: ministry, directorate, addresses (a line each) and website."""

    ministry: str
    directorate: str
    visiting_address: list[str]
    postal_address: list[str]
    website: str


@dataclass(frozen=True)
class LetterView:
    """The letter to parliament as the ministry sends it, every word from the settings file
    (`brief:`) or made from it; no Kamerstuk heading (parliament adds that when it publishes)."""

    logo: str  # the logo as a data: URL, or "" (never an address the document would fetch)
    logo_alt: str  # its text alternative: "Logo van het Ministerie van ..."
    return_address: str  # "Retouradres Postbus 20061 2500 EB Den Haag", or "" without a postal address
    sender: SenderView
    reference: str  # the kenmerk ("Onze referentie"), or ""
    your_reference: str  # "Uw referentie", or ""
    attachments: int  # the count under "Bijlage(n)": the report
    addressee: str
    addressee_address: list[str]
    date: str
    subject: str  # "Betreft"
    attachment: str  # the phrase naming the report in the opening ("de voortgangsrapportage over ...")
    opening_before: str  # the opening sentence before `attachment` ("Hierbij ontvangt u, mede namens ..., ")
    opening_after: str  # and after it (".")
    previous: str  # the sentence naming the previous report, or ""
    body: Markup  # sanitised HTML; empty when the settings give no text
    body_markdown: str  # the same text as the settings give it (Markdown), for the Word letter
    signatories: list[SignatoryView]  # the signatory first, then those who co-sign
    on_behalf_of: str  # `A, B en C`, named in the opening sentence, or ""

    @property
    def opening(self) -> str:
        """The opening paragraph as plain text: the opening sentence and the previous report."""
        sentence = f"{self.opening_before}{self.attachment}{self.opening_after}"
        return f"{sentence} {self.previous}" if self.previous else sentence


# The documents.


@dataclass(frozen=True)
class DocumentLink:
    """One of the three documents: its title and the file name of its HTML."""

    title: str
    html: str


@dataclass(frozen=True)
class DocumentsView:
    """The documents published together: the letter, the report (its bijlage) and the accountability."""

    letter: DocumentLink
    main_report: DocumentLink
    accountability: DocumentLink


# The summary.


@dataclass(frozen=True)
class SummaryRow:
    """One goal in the summary table."""

    number: int
    title: str
    lead: str  # the lead department's short name ("Defensie")
    status: StatusView


@dataclass(frozen=True)
class SummaryPillar:
    """A pillar's rows in the summary table."""

    name: str
    rows: list[SummaryRow]


@dataclass(frozen=True)
class StatusCount:
    """A row of the count table: how many goals have this status."""

    status: StatusView
    count: int


@dataclass(frozen=True)
class StatusChangeView:
    """A goal whose status rose or fell since the previous report."""

    goal: int
    goal_title: str
    improved: bool
    before: StatusView
    after: StatusView


@dataclass(frozen=True)
class TargetChangeView:
    """An indicator that reached its target, or moved away from it, since the previous report."""

    name: str
    department: str
    goal: int
    reached: bool
    before: Figure
    before_year: int
    after: Figure
    after_year: int
    target: Figure
    target_year: int
    target_example: bool = False  # an example target, not a set commitment


@dataclass(frozen=True)
class ChangesView:
    """What changed since the previous report; `previous_period` is None when there is none."""

    previous_period: str | None
    statuses: list[StatusChangeView]
    targets: list[TargetChangeView]


@dataclass(frozen=True)
class SummaryView:
    """The summary: the status table, the count per status and the changes."""

    goal_count: int
    pillars: list[SummaryPillar]
    status_counts: list[StatusCount]
    changes: ChangesView
    intro: str = ""  # what the report describes, over which years
    counts: str = ""  # how many goals have each status, in words
    key_messages: list[str] = field(default_factory=list)  # the coordinator's, from the settings
    caption: str = ""  # the status table's caption


# Pillars and goals.


@dataclass(frozen=True)
class SubmissionView:
    """One department's contribution to a goal: its status and its narrative."""

    department: str  # the department's name
    department_code: str
    status: Figure
    results: Markup  # sanitised HTML
    outlook: Markup  # sanitised HTML


@dataclass(frozen=True)
class IndicatorRow:
    """One numeric or ordinal indicator as a table row, every cell already formatted."""

    name: str
    department: str  # the department's short name ("Defensie"), never its code
    baseline: Figure  # with its year: `12,5% (2018)`
    target: Figure
    actuals: dict[int, Figure | None]  # per year of the period; None when not reported
    sources: list[str]  # each source with its peildatum
    comment: str
    figure: int = 0  # the number of the figure that draws this indicator ("Figuur 3"), 0 if none


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone in the goal's list."""

    name: str
    department: str  # the department's short name ("Defensie"), never its code
    description: str
    planned: Figure
    status: Figure
    reached: Figure | None
    source: str


@dataclass(frozen=True)
class ScaleView:
    """The named levels of an ordinal indicator, low to high, for a legend under the table."""

    name: str
    levels: list[str]


@dataclass(frozen=True)
class ChartRow:
    """A row of the table beneath a chart."""

    year: str
    kind: str  # nulmeting, realisatie or streefwaarde
    value: Figure
    as_of: str  # the peildatum, or ""


@dataclass(frozen=True)
class ChartView:
    """A chart (the geometry `_chart.html.j2` draws) with the table of the same data beneath it."""

    chart: Chart
    name: str  # the indicator's name
    department: str  # the department's short name ("Defensie"), never its code
    rows: list[ChartRow]  # in year order; within a year nulmeting, realisatie, streefwaarde
    number: int = 0  # "Figuur 3": figures are numbered through the report, from 1


@dataclass(frozen=True)
class GoalView:
    """One goal: its status, the departments' narratives, indicators, charts and milestones."""

    number: int
    title: str
    description: str
    lead: str  # the lead department's name
    contributors: list[str]  # the contributing departments' names
    status: StatusView
    submissions: list[SubmissionView]
    missing: list[str]  # short names of departments that did not submit
    rejected: list[str]  # short names of departments whose submission was left out for its errors
    rows: list[IndicatorRow]
    scales: list[ScaleView]
    charts: list[ChartView]
    milestones: list[MilestoneRow]
    source: str = ""  # the catalogue's note on where the goal's text comes from, or ""


@dataclass(frozen=True)
class PillarView:
    """One pillar (numbered from 1) and its goals."""

    number: int
    code: str
    name: str
    description: str
    goals: list[GoalView]


# Annexes and provenance.


@dataclass(frozen=True)
class AnnexTitle:
    """An annex in the table of contents: its anchor and numbered title."""

    anchor: str
    title: str


@dataclass(frozen=True)
class ReceivedRow:
    """A submission the report is made from."""

    goal: int
    department: str  # the department's short name ("Defensie"), never its code
    submitted: Figure
    file: str


@dataclass(frozen=True)
class ReceivedGroup:
    """The received submissions of one pillar."""

    pillar: str
    rows: list[ReceivedRow]


@dataclass(frozen=True)
class VersionsView:
    """The versions the report was made with: catalogue, rule set and program."""

    catalogue: str
    rules: str
    tool: str


@dataclass(frozen=True)
class AnnexesView:
    """The annexes; `problems` is shown only in a draft (and is empty otherwise)."""

    contents: list[AnnexTitle]
    titles: dict[str, str]  # anchor → numbered title
    received: list[ReceivedGroup]
    missing: list[Missing]
    sources: list[str]
    abbreviations: list[Abbreviation]
    versions: VersionsView
    inputs: list[InputFile]
    problems: list[Problem]
    problems_hidden: int = 0  # files with errors beyond those laid out (annexes.PROBLEMS_SHOWN)


@dataclass(frozen=True)
class ProvenanceLine:
    """A line of an input file and the figures the report read from it."""

    anchor: str
    line: int
    what: list[str]


@dataclass(frozen=True)
class ProvenanceFile:
    """An input file and its lines that the report took figures from."""

    name: str
    lines: list[ProvenanceLine]


@dataclass(frozen=True)
class ReportView:
    """The context of every document's template: everything the documents show, formatted and traced."""

    title: str
    period: str
    document_title: str
    organisation: str
    strategy: StrategyView
    kamerstuk: str
    years: list[int]
    report_date: str
    report_date_iso: str
    draft: bool
    example_data: bool
    letter: LetterView
    documents: DocumentsView
    for_print: bool
    summary: SummaryView
    pillars: list[PillarView]
    annexes: AnnexesView
    provenance: list[ProvenanceFile]
    guide: GuideView | None = None
    period_words: str = ""  # the period in running text, after "over": "2020 en 2021", "2029"

    def __repr__(self) -> str:  # the view is large: keep it out of error messages
        return f"ReportView({self.document_title!r}, draft={self.draft})"
