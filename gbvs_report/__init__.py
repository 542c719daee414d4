"""gbvs-report: departmental progress indicators on a security strategy in, the report to parliament out."""

from __future__ import annotations

import functools


@functools.cache
def package_version() -> str:
    """The installed package's version, the one number (from its metadata). Read when first
    needed: importing importlib.metadata costs more than `gbvs --help` or a clean validate."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gbvs-report")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return package_version()
    raise AttributeError(name)
