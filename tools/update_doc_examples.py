"""Bring the shown output of the handbooks' examples up to date with what `gbvs` prints now.

    .venv/bin/python tools/update_doc_examples.py                 # README.md and docs/
    .venv/bin/python tools/update_doc_examples.py docs/gebruik.md # one handbook

Each marked `console` block (see tests/doc_examples.py) is run as the tests run it, and the lines
under each command are replaced by what it printed. An example that shows `…` for lines it leaves
out is not touched: it is named, to be brought up to date by hand. Read the change (git diff)
before committing it: a handbook that says something new must still say it in correct Dutch,
and its text around the example must still be true.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from doc_examples import DOCUMENTS, updated  # noqa: E402


def main(argv: list[str]) -> int:
    documents = [Path(a).resolve() for a in argv] or DOCUMENTS
    with tempfile.TemporaryDirectory() as base:
        for document in documents:
            text, by_hand = updated(document, Path(base) / document.stem)
            if text != document.read_text(encoding="utf-8"):
                document.write_text(text, encoding="utf-8")
                print(f"bijgewerkt: {document.relative_to(ROOT)}")
            for where in by_hand:
                print(f"met de hand bijwerken (toont '…'): {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
