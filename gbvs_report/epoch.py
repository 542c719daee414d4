"""SOURCE_DATE_EPOCH: the moment a reproducible run stands for (reproducible-builds.org), as the
day the checks and the letter take for today.

The value is a whole number of seconds since 1 January 1970 (UTC). A value that is no such number,
or lies beyond what a date can hold (the year 9999), is refused with a Dutch message
(`EpochError`): a run never takes another day than the one asked for, silently or with a
traceback.
"""

from __future__ import annotations

import datetime as dt
import os

NAME = "SOURCE_DATE_EPOCH"
LAST = 253_402_300_799  # 31 December 9999, 23:59:59 UTC: the last second a date holds


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH holds no usable moment; the message says why, in Dutch."""


def epoch_date() -> dt.date | None:
    """The day SOURCE_DATE_EPOCH stands for (UTC), or None when it is not set (or empty)."""
    text = os.environ.get(NAME, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > LAST:
        shown = text[:30].encode("unicode_escape").decode("ascii") + ("…" if len(text) > 30 else "")
        raise EpochError(
            f"{NAME}='{shown}' is geen tijdstip: geef het aantal seconden sinds 1 januari 1970 (UTC), "
            f"een geheel getal van 0 tot en met {LAST} (31 december 9999), of laat de variabele weg"
        )
    return dt.datetime.fromtimestamp(int(text), dt.UTC).date()


def today() -> dt.date:
    """The day SOURCE_DATE_EPOCH stands for, else the clock's."""
    return epoch_date() or dt.date.today()
