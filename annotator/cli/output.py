"""The `--excel` option shared by every command that can write CSV, and what it does to the text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from annotator.domain.errors import InputError
from annotator.domain.spreadsheet import spreadsheet_csv

F = TypeVar("F", bound=Callable[..., object])

EXCEL_HELP = (
    "For people opening the CSV in Excel or LibreOffice: cells starting with = + - @ get a leading ' "
    "so they are not run as formulas (the default file is exact, for pandas, R and re-import)."
)


def excel_option(command: F) -> F:
    """The `--excel` flag."""
    return click.option("--excel", is_flag=True, help=EXCEL_HELP)(command)


def check_excel(excel: bool, fmt: str) -> None:
    """Refuse `--excel` with a format that is not CSV (before any work is done)."""
    if excel and fmt != "csv":
        raise InputError(f"--excel applies to --format csv, not {fmt}")


def for_spreadsheet(text: str, excel: bool, fmt: str) -> str:
    """`text` unchanged, or with `--excel` the spreadsheet-safe CSV (refused for other formats)."""
    check_excel(excel, fmt)
    return spreadsheet_csv(text) if excel else text
