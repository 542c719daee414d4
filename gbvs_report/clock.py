"""The two dates every check and document reads, decided here and nowhere else.

*Today* is the day a run takes place: `SOURCE_DATE_EPOCH` when it is set (a reproducible run,
as CI makes it), else the clock. The *letter date* is the date the Kamerbrief and the report
carry: `brief.datum` in the settings, else today. Both say where they come from, so that a
message can tell the reader which date it compared with and where to change it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


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


def _epoch_day() -> dt.date | None:
    """The day of SOURCE_DATE_EPOCH (seconds since 1970, UTC); None when it is unset or is no
    such number of seconds (empty, a word, beyond the calendar)."""
    text = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not text.isdecimal() or len(text) > 12:  # 12 digits reach the year 33658: far enough
        return None
    try:
        return dt.datetime.fromtimestamp(int(text), dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def today() -> Dated:
    """The day of this run: SOURCE_DATE_EPOCH when set, else the clock."""
    day = _epoch_day()
    if day is not None:
        return Dated(day, DateSource.EPOCH)
    return Dated(dt.date.today(), DateSource.CLOCK)


def letter_date(fixed: dt.date | None) -> Dated:
    """The letter's date: `fixed` (`brief.datum` in the settings), else today. Never a
    submission's date: a letter is dated when it is signed, not when the last file came in."""
    if fixed is not None:
        return Dated(fixed, DateSource.SETTINGS)
    return today()
