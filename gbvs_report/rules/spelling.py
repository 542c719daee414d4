"""Spelling (P011): every word of a submission's narrative, remarks and milestone descriptions
against the word list of Dutch (OpenTaal's, as Debian's hunspell-nl has it, through pyenchant)
and the workspace's own `woordenlijst.txt` (names, terms, words from another language).

Not checked: words with a digit, abbreviations in capitals (NAVO, JenV, KMar: the report's
abbreviations annex deals with those), addresses and code. A misspelt word gets a warning at
its line and column with the dictionary's best suggestions ("bedoelt u …?").

Fast enough for `gbvs validate`: loading the Dutch dictionary costs about a tenth of a second,
more than a whole check of the example round, and asking it for suggestions costs as much per
word. So what the dictionary said about a word is kept in a cache file per dictionary (in the
user's cache folder, private, bounded), and the dictionary is loaded only when a text holds a
word that neither the cache nor the word list knows. Without pyenchant or the dictionary,
nothing is checked and `not_checked()` says so, once.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..codes import P011
from ..diagnostics import Diagnostic, diagnostic
from ..load import Document, PathPart
from ..model.submission import Key

WORDLIST_FILE = "woordenlijst.txt"
LANGUAGE = "nl_NL"
SUGGESTIONS = 3
CACHE_WORDS = 200_000  # a bound on the cache file: beyond it, it starts afresh
CACHE_BYTES = 16 << 20
CACHE_FORMAT = 1
# Where the enchant hunspell provider looks for a dictionary (the first found is used).
DICTIONARY_DIRS = (
    "~/.config/enchant/hunspell",
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
)
INSTALL_HINT = "installeer hunspell-nl en libenchant-2-2 (Debian, Ubuntu) en pyenchant (pip)"

# Addresses are not words: a URL, www., an e-mail address, a bare domain name (isdatechtzo.nl),
# inline code and a Markdown link's target.
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|`[^`]*`|\]\([^)]*\)"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|eu|com|org|net|int|gov|info|be|de|fr|uk|io)\b(?:/\S*)?",
    re.IGNORECASE,
)
# A full stop before two letters: www. or a domain name may be there (a literal first character,
# which the expression engine finds fast).
_DOTTED = re.compile(r"\.[A-Za-z]{2}")
_TOKEN = re.compile(r"[\w'’-]+\.?")
_STARRED = re.compile(r"\*[^*]{1,300}\*")  # *cursief*, once the ** of bold are taken out
_UNDERSCORED = re.compile(r"(?<!\w)_[^_]{1,300}_(?!\w)")
_NOT_CHECKED: list[str] = []  # why spelling could not be checked in this process, said once


class Dictionary(Protocol):
    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


def words_to_check(text: str) -> Iterator[tuple[str, list[str]]]:
    """The words of `text` that spelling applies to, in order, each as (word, its parts): a
    hyphenated compound is right as a whole or when each part is. Left out: words in italics
    (a term from another language, as Dutch writes it), words with digits, capitals after the
    first letter (abbreviations: NAVO, JenV), code and addresses. A word followed by a full
    stop keeps it ("mln."): the stop is tried last."""
    for token in _tokens(text):
        yield from _checked(token)


def _tokens(text: str) -> list[str]:
    """The tokens of `text`, without addresses, code and italics (each looked for only when a
    character that begins one is there: the expressions cost more than the words)."""
    if "@" in text or "`" in text or "](" in text or "://" in text or _DOTTED.search(text):
        text = _URL.sub(" ", text)
    if "*" in text:
        text = _STARRED.sub(" ", text.replace("**", ""))  # bold is Dutch and checked; italics are not
    if "_" in text:
        text = _UNDERSCORED.sub(" ", text)
    return _TOKEN.findall(text)


@functools.lru_cache(maxsize=65536)
def _checked(token: str) -> tuple[tuple[str, list[str]], ...]:
    """What spelling checks of one token (a word with its hyphens, apostrophes and a full stop
    after it): the same token is worked out once per process."""
    bare = token.removesuffix(".")
    if bare.isalpha() and len(bare) > 1:  # most words: letters only, at most a capital first
        return ((token, []),) if bare[1:].islower() else ()
    stop = "." if token.endswith(".") else ""
    token = bare
    if not token or any(c.isdigit() or c == "_" for c in token):
        return ()
    parts = token.replace("’", "'").split("-")
    if token.endswith("-"):
        parts = parts[:-2]  # "veiligheids-, migratie- en …": the first part of a compound alone
    words = []
    for part in parts:
        word = part.strip("'")
        if word.endswith("'s") and word[:-2].isupper():
            continue  # JIT's: an abbreviation's plural
        if len(word) < 2 or any(c.isupper() for c in word[1:]):
            continue
        words.append(word)
    if not words:
        return ()
    if len(parts) > 1:
        return ((token.strip("-'") + stop, [w + (stop if i == len(words) - 1 else "") for i, w in enumerate(words)]),)
    return tuple((word + (stop if i == len(words) - 1 else ""), []) for i, word in enumerate(words))


def read_wordlist(path: Path) -> frozenset[str]:
    """The words of a workspace's word list: one a line, `#` begins a comment; nothing when the
    file is missing, not a regular file or not text."""
    try:
        if os.path.islink(path) or not path.is_file():
            return frozenset()
        text = path.read_bytes()[: 1 << 20].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@dataclass
class WordCache:
    """What the dictionary said about each word, kept between runs in one file per dictionary."""

    path: Path | None
    known: set[str] = field(default_factory=set)
    unknown: dict[str, list[str] | None] = field(default_factory=dict)  # None: suggestions not asked yet
    changed: bool = False

    @classmethod
    def load(cls, path: Path | None) -> WordCache:
        cache = cls(path)
        if path is None:
            return cache
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                data = json.loads(handle.read(CACHE_BYTES + 1)[:CACHE_BYTES])
            if data.get("formaat") == CACHE_FORMAT:
                cache.known = {w for w in data.get("bekend", []) if isinstance(w, str)}
                cache.unknown = {
                    w: [s for s in sugg if isinstance(s, str)][:SUGGESTIONS] if isinstance(sugg, list) else None
                    for w, sugg in data.get("onbekend", {}).items()
                    if isinstance(w, str) and (sugg is None or isinstance(sugg, list))
                }
        return cache

    def save(self) -> None:
        """Write the cache, privately and whole (a temporary file renamed into place); a cache
        that has grown past its bound starts afresh."""
        if self.path is None or not self.changed:
            return
        if len(self.known) + len(self.unknown) > CACHE_WORDS:
            self.known, self.unknown = set(), {}
        data = {"formaat": CACHE_FORMAT, "bekend": sorted(self.known), "onbekend": self.unknown}
        import tempfile

        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".spelling-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
                    json.dump(data, handle, ensure_ascii=False)
                os.replace(temp, self.path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        self.changed = False


class Speller:
    """The spelling of one workspace: the Dutch dictionary (loaded only when needed), what it
    said before (the cache) and the workspace's own words."""

    def __init__(self, own_words: frozenset[str] = frozenset(), cache_dir: Path | None = None) -> None:
        self.own = own_words
        self.own_lower = frozenset(w.lower() for w in own_words if w[:1].islower())
        self.own_compounds = [w.lower() for w in own_words if "-" in w]  # hyphenated words of the list
        self._cache_dir = cache_dir
        self._cache: WordCache | None = None
        self._dictionary: Dictionary | None = None
        self._tried = False
        self.available = True
        self.fine: set[str] = set()  # tokens found right in this run: not looked at again

    @classmethod
    def for_workspace(cls, root: Path, extra: frozenset[str] = frozenset()) -> Speller:
        return cls(read_wordlist(root / WORDLIST_FILE) | extra, cache_folder())

    def _cache_file(self) -> WordCache:
        if self._cache is None:
            key = dictionary_key()
            path = self._cache_dir / f"spelling-{key}.json" if self._cache_dir and key else None
            self._cache = WordCache.load(path)
            if path is not None:
                atexit.register(self._cache.save)
        return self._cache

    def _load(self) -> Dictionary | None:
        if not self._tried:
            self._tried = True
            self._dictionary = load_dictionary()
            if self._dictionary is None:
                self.available = False
                if not _NOT_CHECKED:
                    _NOT_CHECKED.append(
                        "De spelling is niet gecontroleerd: het woordenboek van het Nederlands ontbreekt "
                        f"({INSTALL_HINT})."
                    )
        return self._dictionary

    def in_own_compound(self, part: str, whole: str) -> bool:
        """Whether `part` of the compound `whole` belongs to a hyphenated word of the word list
        inside it ("dual-use" in "EU-dual-use-verordening")."""
        lowered, piece = whole.lower(), part.lower()
        return any(own in lowered and piece in own.split("-") for own in self.own_compounds)

    def own_word(self, word: str) -> bool:
        return word in self.own or word.lower() in self.own_lower

    def right(self, word: str) -> bool:
        """Whether `word` is spelt right (or cannot be checked). A word with a full stop is
        right as a word, or as an abbreviation ("mln.")."""
        if word.endswith("."):
            return self.right(word[:-1]) or self._known(word)
        return self.own_word(word) or self._known(word)

    def suggestions(self, word: str) -> list[str] | None:
        """None when `word` is spelt right (or cannot be checked); else the dictionary's best
        suggestions for it (asked only here: a suggestion costs a quarter of a second)."""
        if self.right(word):
            return None
        bare = word.removesuffix(".")
        cache = self._cache_file()
        found = cache.unknown.get(bare)
        if found is None:
            dictionary = self._load()
            found = [s for s in dictionary.suggest(bare) if s != bare][:SUGGESTIONS] if dictionary else []
            cache.unknown[bare] = found
            cache.changed = True
        return found

    def _known(self, word: str) -> bool:
        """Whether the dictionary knows `word` as it is (no suggestions asked)."""
        cache = self._cache_file()
        if word in cache.known:
            return True
        if word in cache.unknown:
            return False
        dictionary = self._load()
        if dictionary is None:
            return True
        cache.changed = True
        if dictionary.check(word):
            cache.known.add(word)
            return True
        cache.unknown[word] = None  # not a word; its suggestions are asked when it is reported
        return False


def load_dictionary() -> Dictionary | None:
    """The Dutch dictionary through pyenchant, or None when pyenchant, libenchant or the
    dictionary is missing."""
    try:
        import enchant  # type: ignore[import-untyped, unused-ignore]

        dictionary: Dictionary = enchant.Dict(LANGUAGE)
        return dictionary
    except Exception:  # ImportError, enchant's DictNotFoundError, a missing C library (OSError)
        return None


def dictionary_key() -> str:
    """Which dictionary is installed, from the size and time of its files (no need to load it):
    the cache is per dictionary. '' when none is found where enchant looks."""
    for folder in DICTIONARY_DIRS:
        base = Path(os.path.expanduser(folder)) / LANGUAGE
        try:
            stats = [os.stat(base.with_suffix(s)) for s in (".dic", ".aff")]
        except OSError:
            continue
        text = "|".join(f"{base}:{s.st_size}:{s.st_mtime_ns}" for s in stats)
        return hashlib.sha256(text.encode()).hexdigest()[:16]
    return ""


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/gbvs`, by default `~/.cache/gbvs` (the PDF parts' cache is there too)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gbvs"


def not_checked() -> str:
    """Why the spelling was not checked in this process, once; '' when it was (or was not needed)."""
    return _NOT_CHECKED.pop() if _NOT_CHECKED else ""


SPELLED: tuple[tuple[PathPart, ...], ...] = ((Key.NARRATIVE, Key.RESULTS), (Key.NARRATIVE, Key.OUTLOOK))
"""The narrative's texts; each indicator's remark and milestone description are checked too."""


def _texts(data: Any) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    narrative = data.get(Key.NARRATIVE)
    if isinstance(narrative, dict):
        for at in SPELLED:
            text = narrative.get(at[1])
            if isinstance(text, str):
                yield at, text
    indicators = data.get(Key.INDICATORS)
    if isinstance(indicators, list):
        for i, indicator in enumerate(indicators):
            if isinstance(indicator, dict):
                for key in (Key.COMMENT, Key.DESCRIPTION):
                    text = indicator.get(key)
                    if isinstance(text, str):
                        yield (Key.INDICATORS, i, key), text


def spelling_findings(doc: Document, speller: Speller) -> list[Diagnostic]:
    """A warning for each misspelt word (once per text), at its line and column."""
    if not isinstance(doc.data, dict):
        return []
    found: list[Diagnostic] = []
    for at, text in _texts(doc.data):
        tokens = _tokens(text)
        todo = set(tokens).difference(speller.fine)  # most tokens were worked out in an earlier text
        if not todo:
            continue
        wrong: dict[str, list[str]] = {}  # each misspelt word of this text, once, with its suggestions
        for token in dict.fromkeys(tokens):
            if token not in todo:
                continue
            right = True  # every word of the token, or every part of it, is right
            for word, parts in _checked(token):
                if speller.right(word):
                    continue
                for part in parts or [word]:
                    bare = part.rstrip(".")
                    if speller.right(part) or parts and speller.in_own_compound(bare, word):
                        continue
                    right = False
                    suggested = speller.suggestions(part)
                    if suggested is not None and bare not in wrong:
                        wrong[bare] = suggested
            if right:  # worked out once per process, also a compound right by its parts
                speller.fine.add(token)
        found += [_finding(doc, at, word, suggested) for word, suggested in wrong.items()]
    return found


def _finding(doc: Document, at: tuple[PathPart, ...], word: str, suggested: list[str]) -> Diagnostic:
    line, column = _where(doc.text.splitlines(), word, doc.locate(at))
    meant = " of ".join(f"'{s}'" for s in suggested)
    return diagnostic(
        P011,
        f"onbekend woord '{word}'" + (f"; bedoelt u {meant}?" if suggested else ""),
        doc.display,
        line,
        column,
        at,
        f"Staat het woord goed, zet het dan in {WORDLIST_FILE} in de werkmap (één woord per regel).",
        suggested[0] if suggested else "",
    )


def _where(lines: list[str], word: str, start: tuple[int, int]) -> tuple[int, int]:
    """The first place at or after `start` (line, column, 1-based) where `word` stands as a
    word; `start` itself when it cannot be found (an escape in a quoted text)."""
    pattern = re.compile(rf"(?<![\w'’]){re.escape(word)}(?![\w])")
    line, column = start
    for number in range(line, min(len(lines), line + 400) + 1):
        text = lines[number - 1]
        match = pattern.search(text, column - 1 if number == line else 0)
        if match:
            return number, match.start() + 1
    return start
