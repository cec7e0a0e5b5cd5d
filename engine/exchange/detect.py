"""Which kind of file an import is (IcebergTTX JSON or an MSEL), and the importer for it."""

from __future__ import annotations

import json

from ..model import Catalog
from .graph import ConvertError
from .iceberg import iceberg_to_yaml
from .msel import msel_to_yaml, parse_csv


def detect(text: str) -> tuple[str, object]:
    """Input text → ('iceberg', parsed JSON) or ('msel', CSV rows)."""
    s = text.lstrip("\ufeff").strip()
    if not s:
        raise ConvertError("the file is empty")
    if s[0] in "{[":
        try:
            data = json.loads(s)
        except json.JSONDecodeError as e:
            raise ConvertError(
                f"the file looks like JSON but is not valid JSON: {e.msg} (line {e.lineno})"
            ) from None
        if not isinstance(data, dict) or not ("injects" in data or "schema_version" in data):
            raise ConvertError(
                "the JSON is not an IcebergTTX scenario (an object with schema_version, injects, start_inject_id)"
            )
        return "iceberg", data
    return "msel", parse_csv(text)


def import_text(text: str, catalog: Catalog | None = None, sid: str | None = None,
                name: str | None = None) -> tuple[str, str]:  # fmt: skip
    """Any supported input → (kind, format v1 YAML text)."""
    kind, data = detect(text)
    if kind == "iceberg":
        return kind, iceberg_to_yaml(data, catalog, sid)
    return kind, msel_to_yaml(data, catalog, sid, name)
