"""The two dates every check and document reads, decided here and nowhere else.

*Today* is the day a run takes place: `SOURCE_DATE_EPOCH` when it is set (a reproducible run,
as CI makes it; reproducible-builds.org), else the clock. The *letter date* is the date the
Kamerbrief and the report carry: `brief.datum` in the settings, else today. Both say where
they come from, so that a message can tell the reader which date it compared with and where to
change it.

`SOURCE_DATE_EPOCH` is a whole number of seconds since 1 January 1970 (UTC). A value that is no
such number, or lies beyond what a date can hold (the year 9999), is refused with a Dutch
message (`EpochError`; the command line stops with exit code 2 before any work): a run never
takes another day than the one asked for, silently or with a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
LAST = 253_402_300_799  # 31 December 9999, 23:59:59 UTC: the last second a date holds


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH holds no usable moment; the message says why, in Dutch."""


class DateSource(str, Enum):
    SETTINGS = "brief.datum"
    EPOCH = EPOCH_VARIABLE
    CLOCK = "vandaag"


@dataclass(frozen=True)
class Dated:
    """A date and where it was taken from."""

    date: dt.date
    source: DateSource

    @property
    def fixed(self) -> bool:
        """Set by someone (the settings or SOURCE_DATE_EPOCH), not read from the clock."""
        return self.source is not DateSource.CLOCK


def epoch_date() -> dt.date | None:
    """The day SOURCE_DATE_EPOCH stands for (UTC), or None when it is not set (or empty).
    Raises `EpochError` for a value that is no such moment."""
    text = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > LAST:
        shown = text[:30].encode("unicode_escape").decode("ascii") + ("…" if len(text) > 30 else "")
        raise EpochError(
            f"{EPOCH_VARIABLE}='{shown}' is geen tijdstip: geef het aantal seconden sinds 1 januari 1970 "
            f"(UTC), een geheel getal van 0 tot en met {LAST} (31 december 9999), of laat de variabele weg"
        )
    return dt.datetime.fromtimestamp(int(text), dt.UTC).date()


def today() -> Dated:
    """The day of this run: SOURCE_DATE_EPOCH when set, else the clock."""
    day = epoch_date()
    if day is not None:
        return Dated(day, DateSource.EPOCH)
    return Dated(dt.date.today(), DateSource.CLOCK)


def letter_date(fixed: dt.date | None) -> Dated:
    """The letter's date: `fixed` (`brief.datum` in the settings), else today. Never a
    submission's date: a letter is dated when it is signed, not when the last file came in."""
    if fixed is not None:
        return Dated(fixed, DateSource.SETTINGS)
    return today()
