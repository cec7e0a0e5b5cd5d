"""An MSEL's rows of text cells, read from CSV text or an .xlsx workbook, within the
bounds of limits.py. Which row is the header and which column is which field is
columns.py's job; this module only reads cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from .graph import ConvertError
from .limits import MAX_CELL, MAX_COLUMNS, MAX_EVENTS, MAX_ROWS, MAX_XLSX_UNPACKED
from .messages import Say

# rows read past the events bound: a title block and a header stand above the events
_SPARE_ROWS = 20


def bounded(rows: Iterator[list[str]], where: Say) -> list[list[str]]:
    """Rows with their cells stripped and blank rows dropped, refused past the bounds."""
    out = []
    for n, row in enumerate(rows, 1):
        if n > MAX_ROWS:
            raise ConvertError(Say("too_many_rows", where=where, n=MAX_ROWS))
        if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
            raise ConvertError(Say("too_many_columns", where=where, row=n, n=MAX_COLUMNS))
        row = [c.strip() for c in row[:MAX_COLUMNS]]
        while row and not row[-1]:
            row.pop()
        if not row:
            continue
        for c in row:
            if len(c) > MAX_CELL:
                raise ConvertError(Say("cell_too_long", where=where, row=n, size=len(c), n=MAX_CELL))
        out.append(row)
        if len(out) > MAX_EVENTS + _SPARE_ROWS:
            raise ConvertError(Say("too_many_events_sheet", where=where, n=MAX_EVENTS))
    return out


def parse_csv(text: str) -> list[list[str]]:
    """CSV text → rows of stripped cells, blank rows dropped; the delimiter (comma,
    semicolon, tab) is sniffed, the quoting rule never is."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ConvertError(Say("csv_empty"))
    from ..encode import unneutralise

    # Only the delimiter is sniffed. The quoting rule always is Excel's (doubled quotes):
    # the sniffer guesses doublequote=False when its sample happens to hold no "", and a
    # quote further down would then cut a cell and shift the columns after it.
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(MAX_CELL * 4)  # the bound is checked (with a message) in _bounded
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        return bounded(([unneutralise(c) for c in row] for row in reader), Say("the_csv"))
    except csv.Error as e:
        raise ConvertError(Say("csv_unreadable", reason=str(e))) from None


def _cell_text(value) -> str:
    """A workbook cell as the text a person sees in it."""
    from ..encode import unneutralise

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):  # a duration cell: an offset from the start
        total = int(value.total_seconds() // 60)
        return f"T+{total // 60}:{total % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value))


# What openpyxl and the XML and ZIP readers under it raise on a damaged or hostile
# workbook (ElementTree's ParseError is a SyntaxError): each becomes a sentence, not a crash.
_UNREADABLE = (KeyError, OSError, ValueError, TypeError, AttributeError, IndexError, SyntaxError, EOFError)


def workbook_sheets(data: bytes) -> Iterator[tuple[str, list[list[str]]]]:
    """Each sheet of an .xlsx workbook as (name, rows), in the workbook's order. The
    workbook is read only (streamed, no styles) and data only: a formula cell gives the
    value the spreadsheet last computed, never the formula."""
    import zipfile
    import zlib

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    def unreadable(e: Exception) -> ConvertError:
        return ConvertError(Say("zip_not_xlsx", reason=str(e)))

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, *_UNREADABLE) as e:
        raise unreadable(e) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ConvertError(Say("unpacks_too_big", size=unpacked // 2**20, n=MAX_XLSX_UNPACKED // 2**20))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, *_UNREADABLE) as e:
        raise unreadable(e) from None
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # the rows that are there, not the size the file claims
            rows = ([_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True))
            try:
                sheet = bounded(rows, Say("sheet_named", name=ws.title))
            except ConvertError:
                raise
            except (zipfile.BadZipFile, zlib.error, *_UNREADABLE) as e:
                raise ConvertError(Say("sheet_unreadable", name=ws.title, reason=str(e))) from None
            yield ws.title, sheet
    finally:
        wb.close()
