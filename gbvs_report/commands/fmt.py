"""`gbvs fmt`: a submission rewritten in the layout `gbvs new` writes, so that a diff between
two drafts shows what was said, not how it was laid out.

The layout: two spaces per level, list items under their key (`  - id: ...`), mappings in block
style (also `nulmeting:`, which the handbook writes as `{waarde: ..., jaar: ...}`), the keys in
the order of the format, text plain where YAML reads it back as the same text and in double
quotes where not. Comments, blank lines, block texts (`|`, `>`) and every value stay exactly as
they are: ruamel.yaml reads and writes the file round trip, and the result is read back with
gbvs's own loader and compared with the original before anything is written.

A file with errors is never changed (its layout may be the mistake), and a file is replaced in
one step: a temporary file beside it, renamed over it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity, has_errors
from ..load import PathPart, parse_text, read_bytes
from ..model.submission import Key
from ..validate import check_paths, display_path
from .build import write_atomically
from .submission_text import plain_text

_ITEM = "*"
ORDER: dict[tuple[str, ...], tuple[str, ...]] = {
    (): (
        Key.PERIOD,
        Key.GOAL,
        Key.DEPARTMENT,
        Key.CONTACT,
        Key.SUBMITTED,
        Key.STATUS,
        Key.EXAMPLE_DATA,
        Key.NARRATIVE,
        Key.INDICATORS,
    ),
    (Key.CONTACT,): (Key.NAME, Key.EMAIL, Key.PHONE),
    (Key.NARRATIVE,): (Key.RESULTS, Key.OUTLOOK),
    (Key.INDICATORS, _ITEM): (
        Key.ID,
        Key.KIND,
        Key.UNIT,
        Key.DESCRIPTION,
        Key.PLANNED,
        Key.STATUS,
        Key.REACHED,
        Key.SOURCE,
        Key.BASELINE,
        Key.TARGET,
        Key.ACTUALS,
        Key.COMMENT,
    ),
    (Key.INDICATORS, _ITEM, Key.BASELINE): (Key.VALUE, Key.YEAR),
    (Key.INDICATORS, _ITEM, Key.TARGET): (Key.VALUE, Key.YEAR, Key.EXAMPLE_TARGET),
    (Key.INDICATORS, _ITEM, Key.ACTUALS, _ITEM): (Key.YEAR, Key.VALUE, Key.AS_OF, Key.SOURCE),
}
"""The order of the keys in each mapping of a submission, as `gbvs new` writes them; the
remark (`opmerking`) of an indicator last, where the examples have it."""


class FormatError(Exception):
    """The file cannot be laid out without changing what it says; the message says why."""


@dataclass
class Outcome:
    """What `gbvs fmt` did, or would do, with each submission file."""

    changed: list[Path] = field(default_factory=list)
    """Rewritten (with `--controleer`: would be rewritten)."""
    unchanged: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    """Left as they are, with the reason in Dutch (errors in the file, a changed file)."""
    findings: list[Diagnostic] = field(default_factory=list)
    """The errors of the refused files and of their workspaces, for the report."""


def format_paths(paths: list[Path], check: bool) -> Outcome:
    """Lay out every submission `paths` name (files, folders, workspaces), as `gbvs validate`
    finds them; with `check`, only say which files would change."""
    checked, general = check_paths(paths)
    # What keeps files from being read at all (a broken settings file or catalogue) is said;
    # what is wrong between files (layer X: the same submission twice) is not about layout.
    outcome = Outcome(findings=[d for d in general if d.severity is Severity.ERROR and not d.code.startswith("X")])
    for item in checked:
        errors = [d for d in item.findings if d.severity is Severity.ERROR]
        if item.submission is None or has_errors(item.findings):
            outcome.refused.append((item.path, _refusal(len(errors))))
            outcome.findings += errors
            continue
        try:
            before, after = _laid_out(item.path, item.digest, item.display)
        except FormatError as exc:
            outcome.refused.append((item.path, str(exc)))
            continue
        if before == after:
            outcome.unchanged.append(item.path)
            continue
        outcome.changed.append(item.path)
        if not check:
            _replace(item.path, after)
    return outcome


def _refusal(errors: int) -> str:
    return f"niet herschreven: {errors} {'fout' if errors == 1 else 'fouten'} in het bestand; herstel die eerst"


def _laid_out(path: Path, digest: str, name: str) -> tuple[bytes, bytes]:
    """The file's bytes as they are and as laid out; the file must be the one that was checked."""
    raw, _ = read_bytes(path, name)
    if raw is None or hashlib.sha256(raw).hexdigest() != digest:
        raise FormatError("niet herschreven: het bestand veranderde tijdens de controle; probeer het opnieuw")
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    laid_out = format_text(text.replace("\r\n", "\n"), path, name)
    return raw, (b"\xef\xbb\xbf" if bom else b"") + laid_out.replace("\n", newline).encode("utf-8")


def format_text(text: str, path: Path | None = None, name: str = "") -> str:
    """`text` (a submission without errors) in the layout of `gbvs new`; raises `FormatError`
    when the result would not read back as the same data."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a line of text that was one line
    data = yaml.load(text)
    _arrange(data, ())
    out = io.StringIO()
    yaml.dump(data, out)
    laid_out = out.getvalue()
    if _data(text, path, name) != _data(laid_out, path, name):
        raise FormatError("niet herschreven: de opmaak zou een waarde veranderen; het bestand blijft zoals het is")
    return laid_out


def _data(text: str, path: Path | None, name: str) -> Any:
    doc, _ = parse_text(text, path or Path(name or "aanlevering.yaml"), name)
    if doc is None or doc.set_aside:
        raise FormatError("niet herschreven: het bestand is geen leesbare YAML")
    return doc.data


def _arrange(node: Any, at: tuple[PathPart, ...]) -> None:
    """Block style, the format's key order and the quoting, throughout `node`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        node.fa.set_block_style()
        slot = tuple(_ITEM if isinstance(p, int) else str(p) for p in at)
        order = ORDER.get(slot, ())
        for key in [k for k in order if k in node] + [k for k in list(node) if k not in order]:
            node.move_to_end(key)
        for key in list(node):
            node[key] = _quoted(node[key])
            _arrange(node[key], (*at, key))
    elif isinstance(node, CommentedSeq):
        node.fa.set_block_style()
        for i in range(len(node)):
            node[i] = _quoted(node[i])
            _arrange(node[i], (*at, i))


def _quoted(value: Any) -> Any:
    """Text plain where YAML reads it back as the same text on one line (`plain_text`, as
    `gbvs new` writes), else in double quotes; block texts (`|`, `>`) and what is not text as
    they are."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

    if not isinstance(value, str) or isinstance(value, (LiteralScalarString, FoldedScalarString)):
        return value
    text = str(value)
    return text if plain_text(text) else DoubleQuotedScalarString(text)


def _replace(path: Path, content: bytes) -> None:
    """Write `content` in place of `path` in one step, keeping the file's permissions."""
    mode = stat.S_IMODE(os.stat(path).st_mode)

    def write(temp: Path) -> None:
        with temp.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)

    write_atomically(path, write)


def shown(path: Path) -> str:
    """A file as `gbvs fmt` names it: as `gbvs validate` does."""
    return display_path(path)
