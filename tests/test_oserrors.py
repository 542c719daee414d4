"""What the operating system says when a file cannot be written or read reaches the user in
Dutch: every command that shows an OSError takes its text from one table (gbvs_report/oserrors.py),
never the C library's English."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from conftest import WORKSPACE, run

from gbvs_report.oserrors import reason

ENGLISH = ("Not a directory", "No such file", "File exists", "Permission denied", "Errno")


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A file where a folder should be."""
    path = tmp_path / "bestand"
    path.write_text("", encoding="utf-8")
    return path


def test_every_command_that_writes_says_why_in_dutch(blocked: Path) -> None:
    for args, expected in (
        (
            ["report", "-w", str(WORKSPACE), "-o", str(blocked / "uit"), "--html-only"],
            "een deel van het pad is geen map",
        ),
        (["export", "-w", str(WORKSPACE), "-f", "csv", "-o", str(blocked / "uit")], "een deel van het pad is geen map"),
        (
            ["export", "-w", str(WORKSPACE), "-f", "xlsx", "-o", str(blocked / "uit")],
            "een deel van het pad is geen map",
        ),
        (["init", str(blocked / "repo")], "een deel van het pad is geen map"),
        (["schema", "-w", str(WORKSPACE), "-o", str(blocked / "schema.json")], f"{blocked}: bestaat al"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        [line] = result.stderr.splitlines()
        assert line.startswith("gbvs: ") and line.endswith(expected), (args, line)
        assert not any(word in line for word in ENGLISH), line


@pytest.mark.parametrize(
    "number",
    [errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.ENAMETOOLONG, errno.ELOOP, errno.EOVERFLOW],
)
def test_the_common_errors_have_dutch_text(number: int) -> None:
    text = reason(OSError(number, "English text"))
    assert "English" not in text and not text.startswith("systeemfout")


def test_an_error_without_dutch_text_keeps_its_name_and_the_system_text() -> None:
    assert reason(OSError(errno.ENOTSOCK, "Socket operation on non-socket")) == (
        "systeemfout ENOTSOCK (Socket operation on non-socket)"
    )
