"""Inter-coder agreement (AGREEMENT.md): coefficients on unit tables and on coded spans; no UI imports.

Start with `span_report(SpanData(...), SpanOptions(...))` or `table_report(UnitTable...)`, which
return the typed report (`SpanReport`, `TableReport`; `as_json()` gives the JSON shape); `render`
turns it into a table, Markdown, CSV, JSON, HTML or the methods paragraph; `find_disagreements`
lists where coders differ.
"""

from annotator.agreement.analysis import SpanOptions, span_report, table_report
from annotator.agreement.coefficients import table_statistics
from annotator.agreement.disagreements import Disagreement, find_disagreements
from annotator.agreement.estimate import Estimate
from annotator.agreement.report import FORMATS, render
from annotator.agreement.report_model import Figure, RowFigures, SpanReport, TableReport
from annotator.agreement.spans import SpanData
from annotator.agreement.table_file import read_unit_table
from annotator.agreement.unit_table import UnitTable

__all__ = [
    "FORMATS",
    "Disagreement",
    "Estimate",
    "Figure",
    "RowFigures",
    "SpanData",
    "SpanOptions",
    "SpanReport",
    "TableReport",
    "UnitTable",
    "find_disagreements",
    "read_unit_table",
    "render",
    "span_report",
    "table_report",
    "table_statistics",
]
