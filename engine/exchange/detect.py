"""Which kind of file an import is (IcebergTTX JSON, an MSEL as CSV or .xlsx), read
within the bounds of limits.py, and the importer for it."""

from __future__ import annotations

import json

import attrs

from ..model import Catalog
from .blueprint import blueprint_to_graph, is_blueprint
from .decode import decode, is_zip
from .graph import ConvertError, to_yaml
from .iceberg import iceberg_to_graph
from .limits import MAX_EVENTS, MAX_JSON_DEPTH, MAX_TEXT_BYTES, MAX_XLSX_BYTES
from .messages import Say
from .msel import msel_to_graph, pick_sheet
from .openaev import is_openaev, json_from_zip, openaev_to_graph
from .sheet import parse_csv, workbook_sheets


@attrs.define
class Imported:
    kind: str  # iceberg | openaev | blueprint | msel
    yaml: str  # the format v1 scenario
    report: list  # what the import tells the user (messages.Say): the encoding, the sheet, the columns


def _depth(value) -> int:
    """How deep JSON data nests, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_JSON_DEPTH:
            break
        if isinstance(v, dict):
            stack += [(x, d + 1) for x in v.values()]
        elif isinstance(v, list):
            stack += [(x, d + 1) for x in v]
    return deepest


def _json(s: str) -> dict:
    too_deep = Say("too_deep", n=MAX_JSON_DEPTH)
    try:
        data = json.loads(s)
    except json.JSONDecodeError as e:
        raise ConvertError(Say("not_json", reason=e.msg, line=e.lineno)) from None
    except RecursionError:  # Python's reader gives up near 1,000 levels
        raise ConvertError(too_deep) from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise ConvertError(too_deep)
    if is_openaev(data) or is_blueprint(data):
        return data
    if not isinstance(data, dict) or not ("injects" in data or "schema_version" in data):
        raise ConvertError(Say("neither_json"))
    if isinstance(data.get("injects"), list) and len(data["injects"]) > MAX_EVENTS:
        raise ConvertError(Say("too_many_injects", size=len(data["injects"]), n=MAX_EVENTS))
    return data


def detect(text: str) -> tuple[str, object]:
    """Input text → ('iceberg', 'openaev' or 'blueprint', parsed JSON) or ('msel', CSV rows)."""
    s = text.lstrip("\ufeff").strip()
    if not s:
        raise ConvertError(Say("empty"))
    if s[0] in "{[":
        data = _json(s)
        return ("openaev" if is_openaev(data) else "blueprint" if is_blueprint(data) else "iceberg"), data
    return "msel", parse_csv(text)


def import_text(text: str, catalog: Catalog | None = None, sid: str | None = None,
                name: str | None = None) -> tuple[str, str]:  # fmt: skip
    """JSON or CSV text → (kind, format v1 YAML text)."""
    done = convert_text(text, catalog, sid, name)
    return done.kind, done.yaml


def convert_text(text: str, catalog: Catalog | None = None, sid: str | None = None, name: str | None = None,
                 overrides: list[tuple[str, str]] | None = None) -> Imported:  # fmt: skip
    """JSON or CSV text → the scenario and what the import has to say about it."""
    kind, data = detect(text)
    if kind == "iceberg":
        if overrides:
            raise ConvertError(Say("map_not_for", what=Say("kind_iceberg")))
        g = iceberg_to_graph(data, catalog, sid)
    elif kind == "openaev":
        if overrides:
            raise ConvertError(Say("map_not_for", what=Say("kind_openaev")))
        g = openaev_to_graph(data, catalog, sid)
    elif kind == "blueprint":  # an MSEL: --map reads its columns as a sheet's
        g = blueprint_to_graph(data, catalog, sid, overrides)
    else:
        g = msel_to_graph(data, catalog, sid, name, overrides)
    return Imported(kind, to_yaml(g), g.report)


def import_bytes(data: bytes, catalog: Catalog | None = None, sid: str | None = None, name: str | None = None,
                 sheet: str | None = None, overrides: list[tuple[str, str]] | None = None) -> Imported:  # fmt: skip
    """A file's bytes (an .xlsx workbook, CSV or JSON text in any supported encoding) →
    the scenario and what the import has to say about it."""
    if not data:
        raise ConvertError(Say("empty"))
    if is_zip(data) and (exported := json_from_zip(data)) is not None:  # an OpenAEV export
        if sheet is not None or overrides:
            raise ConvertError(Say("sheet_map_not_for_aev"))
        if _depth(exported) > MAX_JSON_DEPTH:  # the same bound as a JSON file on its own
            raise ConvertError(Say("export_too_deep", n=MAX_JSON_DEPTH))
        g = openaev_to_graph(exported, catalog, sid)
        return Imported("openaev", to_yaml(g), g.report)
    if is_zip(data):
        if len(data) > MAX_XLSX_BYTES:
            raise ConvertError(Say("workbook_too_big", n=MAX_XLSX_BYTES // 2**20))
        sheet_name, rows = pick_sheet(workbook_sheets(data), sheet, overrides)
        g = msel_to_graph(rows, catalog, sid, name, overrides)
        return Imported("msel", to_yaml(g), [Say("read_sheet", name=sheet_name), *g.report])
    if len(data) > MAX_TEXT_BYTES:
        raise ConvertError(Say("file_too_big", n=MAX_TEXT_BYTES // 2**20))
    if sheet is not None:
        raise ConvertError(Say("sheet_for_xlsx"))
    text, encoding = decode(data)
    done = convert_text(text, catalog, sid, name, overrides)
    done.report.insert(
        0, Say("read_as", what=Say(f"kind_{done.kind}".replace("msel", "csv")), encoding=encoding)
    )
    return done
