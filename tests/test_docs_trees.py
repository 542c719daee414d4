"""The tree of `gbvs init` in the handbooks (coordinator.md and gebruik.md) is what `gbvs init`
writes: every path it names is made, and every file that is made is named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run

TREE_LINE = re.compile(r"^(?P<lead>[│├└─\s]*)(?P<path>\S+)")


def tree(document: Path) -> list[str]:
    """The paths of the `aanleveringen-gbvs/` tree in a handbook, relative to its root."""
    text = document.read_text(encoding="utf-8")
    block = text.split("```text\naanleveringen-gbvs/\n", 1)[1].split("```", 1)[0]
    paths: list[str] = []
    parents: list[str] = []
    for line in block.rstrip("\n").split("\n"):
        found = TREE_LINE.match(line)
        assert found, line
        depth = len(found.group("lead")) // 4 - 1
        parents = parents[:depth]
        path = "/".join([*parents, found.group("path")]).replace("//", "/")
        paths.append(path.rstrip("/"))
        if found.group("path").endswith("/"):
            parents.append(found.group("path").rstrip("/"))
    return paths


@pytest.mark.parametrize("name", ["coordinator.md", "gebruik.md"])
def test_the_tree_of_gbvs_init_is_what_it_writes(name: str, tmp_path: Path) -> None:
    named = tree(ROOT / "docs" / name)
    assert "indicators/gbvs.yaml" in named and ".gitignore" in named
    result = run("init", str(tmp_path / "aanleveringen-gbvs"), "--pakket", "gbvs-report")
    assert result.exit_code == 0, result.output
    root = tmp_path / "aanleveringen-gbvs"
    for path in named:
        assert (root / path).exists(), f"{name}: {path} wordt niet gemaakt"
    made = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts[:1] and p.name != ".gitkeep"
    ]
    for path in made:
        assert path in named, f"{name}: {path} wordt gemaakt maar staat niet in de boom"
