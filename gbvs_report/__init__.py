"""gbvs-report: departmental progress indicators on the GBVS in, the report to parliament out."""

__version__ = "0.1.0"
