"""Text encoded for the documents Tabletop writes, so that no text from a scenario, a
name, a note or an import acts as code in the program that reads the document:

- JSON: lossless, but every control and format character is written as a \\u escape, so
  a JSON document shown in a terminal cannot move the cursor, set the title or reorder
  the text (``json.dumps(ensure_ascii=False)`` leaves C1 controls and bidi characters raw).
- CSV: every cell a spreadsheet would evaluate (beginning with = + - @, a tab or CR, or
  their full-width forms) is neutralised with a leading apostrophe, text is cleaned of
  escapes, and the line ending is CR LF so that a CR inside a cell is always quoted
  (with a bare LF line ending, the csv module leaves a lone CR unquoted and a spreadsheet
  starts a new row inside the cell).

Every JSON, CSV and .xlsx document of the engine and the shells goes through these
functions (``to_xlsx`` writes each cell as ``csv_cell`` does); tests/tui/test_literal.py
fails on a ``csv.writer``, an openpyxl ``Workbook`` or ``json.dumps`` with
``ensure_ascii=False`` anywhere else.
"""

from __future__ import annotations

import re

from .text import _CONTROLS, _ESCAPES

# what JSON must escape beyond what json.dumps already does (it escapes C0 controls)
_JSON_UNSAFE = re.compile(f"{_CONTROLS.pattern}|[\u2028\u2029]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def to_json(value, indent: int | None = None) -> str:
    """``value`` as JSON text (UTF-8 characters kept readable, controls escaped)."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: "".join(f"\\u{b:04x}" for b in _utf16(m.group())), text)


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def csv_cell(value) -> object:
    """One CSV cell: numbers as they are; text cleaned and neutralised if a spreadsheet
    would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = _CONTROLS.sub("", _ESCAPES.sub("", str(value).replace("\r\n", "\n")))
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo ``csv_cell``'s apostrophe when reading a CSV that Tabletop wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def to_csv(rows, bom: bool = False) -> str:
    """Rows as CSV text (RFC 4180: CR LF line endings, quotes where needed). ``bom``
    starts it with a byte-order mark, which Excel needs to read UTF-8 (Japanese Windows
    otherwise reads it as Shift-JIS)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return ("\ufeff" if bom else "") + buf.getvalue()


def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """Sheets of rows as an .xlsx workbook, each cell as ``csv_cell`` makes it: text
    cleaned, and text a spreadsheet would run as a formula written with a leading
    apostrophe as in CSV (openpyxl itself stores a text starting with '=' as a formula)."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        for row in rows:
            cells = [csv_cell(v) for v in row]
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
