"""The letter to parliament as the ministry sends it, and the names of the three documents,
for the view (`LetterView`, `DocumentsView`): every word from the settings (`brief:`) and the
catalogue, made once here for the HTML, the PDF and the Word letter alike."""

from __future__ import annotations

import base64
import datetime as dt

from markupsafe import Markup

from ..dutch import words
from ..model.submission import period_years
from ..rules.letter import LOGO_TYPES, logo_file
from . import formatting
from .collect import PeriodReport
from .view import DocumentLink, DocumentsView, LetterView, SenderView, SignatoryView
from .view_texts import DocumentNames, opening_sentence, report_phrase, years_phrase

ATTACHMENTS = 1  # the letter's one bijlage: the report (the accountability is for the archive)
LOGO_BYTES = 2 << 20  # a logo larger than this is not embedded


def report_title(report: PeriodReport) -> str:
    """The report's title with its years: `Voortgangsrapportage … over 2020 en 2021`."""
    title = report.settings.title or report.catalogue.strategy.report_title
    return f"{title} over {years_phrase(period_years_list(report.period))}"


def period_years_list(period: str) -> list[int]:
    first, last = period_years(period)
    return list(range(first, last + 1))


def documents(report: PeriodReport, names: DocumentNames) -> DocumentsView:
    """The three documents' titles and the file names of their HTML. The letter is called by
    its subject when it has one; the others by the report's title after a colon, so that no
    title from the data stands mid-sentence."""
    title = report_title(report)
    subject = report.settings.letter.subject.strip()
    return DocumentsView(
        DocumentLink(subject or f"Kamerbrief: {title}", f"{names.letter}.html"),
        DocumentLink(title, f"{names.report}.html"),
        DocumentLink(f"Verantwoording: {title}", f"{names.accountability}.html"),
    )


def letter(report: PeriodReport, date: dt.date) -> LetterView:
    settings, catalogue = report.settings, report.catalogue
    letter = settings.letter
    signatories = [SignatoryView(s.office, s.name) for s in (letter.signatory, *letter.co_signatories) if s]
    on_behalf_of = words(letter.on_behalf_of)
    phrase = report_phrase(catalogue.strategy.title, period_years_list(report.period))
    before, after = opening_sentence(phrase, on_behalf_of)
    sender = letter.sender
    ministry = sender.ministry or settings.organisation
    return LetterView(
        logo=_logo(report),
        logo_alt=f"Logo van het {ministry[:1].lower()}{ministry[1:]}"
        if ministry.startswith("Ministerie")
        else f"Logo van {ministry}",
        return_address=" ".join(["Retouradres", *sender.postal_address]) if sender.postal_address else "",
        sender=SenderView(
            ministry, sender.directorate, list(sender.visiting_address), list(sender.postal_address), sender.website
        ),
        reference=letter.reference,
        your_reference=letter.your_reference,
        attachments=ATTACHMENTS,
        addressee=letter.addressee,
        addressee_address=list(letter.addressee_address),
        date=formatting.date(date),
        subject=letter.subject,
        attachment=phrase,
        opening_before=before,
        opening_after=after,
        previous=previous_sentence(report),
        body=formatting.markdown(letter.body) if letter.body else Markup(""),
        body_markdown=letter.body,
        signatories=signatories,
        on_behalf_of=on_behalf_of,
    )


def previous_sentence(report: PeriodReport) -> str:
    """`Deze rapportage volgt op de tussenrapportage over de GBVS van 17 april 2020 (Kamerstuk
    33 694, nr. 57).`, when the settings name the previous report."""
    previous = report.settings.letter.previous_report
    if previous is None:
        return ""
    when = f" van {formatting.date(previous.date)}" if previous.date else ""
    paper = f" (Kamerstuk {formatting.keep_together(previous.paper)})" if previous.paper.strip() else ""
    return f"Deze rapportage volgt op {previous.description.strip()}{when}{paper}."


def _logo(report: PeriodReport) -> str:
    """The logo as a data: URL, read from the workspace; '' when there is none to use."""
    path = logo_file(report.settings, report.root)
    if path is None:
        return ""
    try:
        data = path.read_bytes()[: LOGO_BYTES + 1]
    except OSError:
        return ""
    if len(data) > LOGO_BYTES:
        return ""
    return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{base64.b64encode(data).decode('ascii')}"
