"""The self-contained HTML report comparing schemes across one or more runs."""

from results.report.export import PngExportError
from results.report.writer import write_report

__all__ = ["PngExportError", "write_report"]
