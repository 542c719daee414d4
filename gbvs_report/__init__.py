"""gbvs-report: departmental progress indicators on a security strategy in, the report to parliament out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gbvs-report")
except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
    __version__ = "0.0.0"
