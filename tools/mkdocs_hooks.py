"""MkDocs hooks (mkdocs.yml, `hooks:`): the reference pages that tools/generate_docs.py writes
from the code are made inside every build, in memory.

So `mkdocs build --strict` and `mkdocs serve` work on a fresh clone with no step before, and
the site shows the code it is built from, whatever the committed copies in docs/referentie/
say (those are for reading the repository as it is; tests/test_docs_links.py keeps them equal
to what the code makes). Nothing is written into docs/: `mkdocs serve` would take that for an
edit and build again.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.structure.files import File, Files

GENERATOR = Path(__file__).resolve().parent / "generate_docs.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_docs", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_files(files: Files, config: Any) -> Files:
    generator = _generator()
    folder = generator.REFERENCE.relative_to(generator.ROOT / "docs").as_posix()
    for name, make in generator.PAGES.items():
        src_uri = f"{folder}/{name}"
        committed = files.get_file_from_path(src_uri)
        if committed is not None:
            files.remove(committed)
        files.append(File.generated(config, src_uri, content=make()))
    return files
