"""A CMU SEI Blueprint MSEL saved as JSON ("Download JSON file": its MselEntity as
System.Text.Json writes it, keys in PascalCase) read as the sheet Blueprint would
download for it: a Time column (the events' DeltaSeconds, as Blueprint writes it) and
one column a data field, in their display order, one row an event. The MSEL importer
then maps the columns by their names, as it maps Blueprint's .xlsx download."""

from __future__ import annotations

from ..model import Catalog
from .graph import ConvertError, Graph
from .markup import maybe_html
from .messages import Say
from .msel import msel_to_graph
from .sheet import bounded


def is_blueprint(doc) -> bool:
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("DataFields"), list)
        and isinstance(doc.get("ScenarioEvents"), list)
    )


def _delta(seconds: int) -> str:
    """Blueprint's own spelling of an event's time (MselService.FormatDeltaSeconds)."""
    sign = "+ " if seconds >= 0 else "- "
    days, rest = divmod(abs(seconds), 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{days} {h:02d}:{m:02d}:{s:02d}" if days else f"{sign}{h:02d}:{m:02d}:{s:02d}"


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def blueprint_rows(doc: dict) -> list[list[str]]:
    """The rows of the sheet Blueprint would download for this MSEL."""
    fields = [f for f in doc["DataFields"] if isinstance(f, dict) and isinstance(f.get("Name"), str)]
    fields.sort(key=lambda f: _int(f.get("DisplayOrder")))
    column = {str(f.get("Id")): i for i, f in enumerate(fields, 1)}
    events = [e for e in doc["ScenarioEvents"] if isinstance(e, dict)]
    events.sort(key=lambda e: (_int(e.get("DeltaSeconds")), _int(e.get("GroupOrder"))))
    rows = [["Time", *(f["Name"].strip() for f in fields)]]
    for e in events:
        row = [_delta(_int(e.get("DeltaSeconds")))] + [""] * len(fields)
        values = e.get("DataValues") if isinstance(e.get("DataValues"), list) else []
        for v in values:
            if (
                isinstance(v, dict)
                and str(v.get("DataFieldId")) in column
                and isinstance(v.get("Value"), str)
            ):
                row[column[str(v.get("DataFieldId"))]] = v["Value"].strip()
        rows.append(row)
    # within the bounds of a sheet (cells, columns, events), as the .xlsx download would be
    return bounded(iter(rows), Say("bp_where"))


def blueprint_to_graph(doc: dict, catalog: Catalog | None = None, sid: str | None = None,
                       overrides: list[tuple[str, str]] | None = None) -> Graph:  # fmt: skip
    if not doc["ScenarioEvents"]:
        raise ConvertError(Say("bp_no_events"))
    name = doc.get("Name") if isinstance(doc.get("Name"), str) and doc.get("Name").strip() else None
    rows = blueprint_rows(doc)
    g = msel_to_graph(rows, catalog, sid, name, overrides)
    if isinstance(doc.get("Description"), str) and doc["Description"].strip():
        g.summary = maybe_html(doc["Description"]).strip()
    g.header[0] = (
        f"Imported from a CMU SEI Blueprint MSEL (JSON, {len(rows) - 1} events) with `tabletop import`."
    )
    g.report.insert(0, Say("bp_read", events=len(rows) - 1, fields=len(rows[0]) - 1))
    return g
