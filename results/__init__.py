"""Reading runs, aggregating them with confidence intervals, and the HTML report."""
from .report import PngExportError, write_report
from .runs import Run, RunDirError, differing_parameters, load_run

__all__ = ["PngExportError", "Run", "RunDirError", "differing_parameters", "load_run", "write_report"]
