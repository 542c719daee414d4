"""File names as text. Python reads a file name that is not valid UTF-8 with each such byte as a
lone surrogate (U+DC80–U+DCFF), which no UTF-8 output can hold: a report, a JSON document or a
terminal would fail on it, or carry bytes that are no UTF-8. Shown, such a byte is `\\xNN`, as
the terminal output shows a control character; the name then reads the same everywhere."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` without lone surrogates: a byte of a file name that is not UTF-8 as `\\xNN`."""
    return _SURROGATE.sub(_shown, text) if _SURROGATE.search(text) else text


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
