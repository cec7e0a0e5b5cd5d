"""The bounds of every import: a file past one of them is refused with a sentence that
names the bound, never read until memory or patience runs out."""

from __future__ import annotations

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a CSV or JSON file: the same bound as scenario files
MAX_XLSX_BYTES = 8 * 1024 * 1024  # a workbook is compressed XML: more bytes for the same rows
MAX_XLSX_UNPACKED = 128 * 1024 * 1024  # what its XML unpacks to: a ZIP bomb stops here
MAX_ROWS = 100_000  # rows read, blank ones included (a sheet can claim a million)
MAX_CELL = 100_000  # characters in one cell: a long inject is pages, not a book (the hostile pack has 20,000)
MAX_COLUMNS = 200
MAX_JSON_DEPTH = 64  # IcebergTTX nests four levels; Python's reader stops near 1,000
# A linear MSEL plays every event in a row without a decision, and the engine stops a run
# that moves more than engine.play.MAX_STEPS (10,000) times without waiting for anyone
# (LoopError). Real MSELs have tens to a few hundred events; 2,000 leaves the engine room
# and keeps import, validate and play to seconds (docs/import.md has the measurements).
MAX_EVENTS = 2_000
