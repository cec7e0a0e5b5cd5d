"""`tabletop import` and `tabletop export`: files in and out around engine.exchange."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabletop.engine.encode import to_json

MAX_INPUT = 2 * 1024 * 1024  # the same bound as scenario files

IMPORT_EXAMPLES = """\
examples:
  tabletop import ransomware.json -o ransomware.yaml     an IcebergTTX scenario (JSON)
  tabletop import msel.csv -o drill.yaml --id my-drill    an MSEL spreadsheet saved as CSV
  tabletop validate drill.yaml && tabletop play drill.yaml --plain
"""

EXPORT_EXAMPLES = """\
examples:
  tabletop export fy2024-02 --format msel-csv -o fy2024-02.csv
  tabletop export fy2024-02 --format iceberg --lang ja -o fy2024-02.json
  tabletop export my-drill.yaml --format msel-csv          to standard output
"""


def add_parser(sub) -> None:
    s = sub.add_parser(
        "import",
        help="convert an IcebergTTX scenario or an MSEL spreadsheet into a scenario file",
        description="Convert an IcebergTTX scenario (JSON, schema_version 1.0) or an MSEL (Master Scenario "
        "Events List, saved as CSV) into a format v1 scenario. The kind is detected from the content. "
        "IcebergTTX injects become injects, and decisions where they offer options; an MSEL becomes a "
        "linear scenario, one inject per event. Teams and recipients are mapped to Tabletop's roles "
        "(role_labels keep their own names). Check the result with `tabletop validate`.",
        epilog=IMPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("file", metavar="FILE", help="the .json or .csv file to convert")
    s.add_argument(
        "-o", "--output", metavar="OUT", help="write the scenario to OUT (default: standard output)"
    )
    s.add_argument("--id", dest="scenario_id", metavar="ID", help="the scenario id (default: from the title)")

    s = sub.add_parser(
        "export",
        help="write a scenario as an MSEL spreadsheet (CSV) or IcebergTTX JSON",
        description="Write a scenario as an MSEL (CSV, one row per inject, decision and ending, in order from "
        "the start) or as an IcebergTTX scenario (JSON, schema_version 1.0). What the target cannot express "
        "(practice weights, several roles answering at once, conditional branches) is kept in extra "
        "columns or an x_tabletop field, so that `tabletop import` reads the export back; flags, counters, "
        "meters and effects are not exported.",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument(
        "scenario", metavar="ID|PATH", help="a scenario id (a unique prefix such as fy2024-02) or a file"
    )
    s.add_argument("--format", required=True, choices=("msel-csv", "iceberg"), help="the format to write")
    s.add_argument("-o", "--output", metavar="OUT", help="write to OUT (default: standard output)")
    s.add_argument("--lang", choices=("ja", "en"), help="language of the texts (default: English if present)")


def run(args) -> int:
    if args.command == "import":
        return run_import(args)
    if args.command == "export":
        return run_export(args)
    from ..errors import CliError

    raise CliError(f"unknown command {args.command!r}")


def _read_text(path: str) -> str:
    from ..errors import CliError

    p = Path(path)
    if not p.is_file():
        raise CliError(f"no such file: {path}")
    try:
        if p.stat().st_size > MAX_INPUT:
            raise CliError(f"{path} is over {MAX_INPUT // (1024 * 1024)} MiB; that is too big to import")
        data = p.read_bytes()
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror or e}") from None
    if b"\0" in data:
        raise CliError(f"{path} is a binary file, not JSON or CSV")
    for enc in ("utf-8-sig", "cp1252"):  # spreadsheets often save CSV in the Windows code page
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CliError(f"{path} is not UTF-8 text")


def _write(path: str | None, text: str) -> None:
    from ..output import emit

    emit(text, path)


def convert_file(path: str, scenario_id: str | None = None) -> tuple[str, str]:
    """Read and convert one file: (kind, YAML text). Raises CliError on bad input."""
    from tabletop.engine.exchange.detect import import_text
    from tabletop.engine.exchange.graph import ConvertError

    from ..errors import CliError
    from ..loading import load_catalog_or_fail

    text = _read_text(path)
    try:
        return import_text(text, load_catalog_or_fail(), scenario_id, name=Path(path).stem.replace("_", " "))
    except ConvertError as e:
        raise CliError(f"cannot import {path}: {e}") from None


def run_import(args) -> int:
    kind, text = convert_file(args.file, args.scenario_id)
    _write(args.output, text)
    if args.output:
        what = "IcebergTTX scenario" if kind == "iceberg" else "MSEL"
        print(f"imported the {what}; check it with: tabletop validate {args.output}", file=sys.stderr)
    return 0


def run_export(args) -> int:
    from tabletop.engine.exchange.iceberg import scenario_to_iceberg
    from tabletop.engine.exchange.msel import rows_to_csv, scenario_to_msel

    from ..loading import load_catalog_or_fail, load_or_fail

    catalog = load_catalog_or_fail()
    scenario = load_or_fail(args.scenario, catalog)
    if args.format == "iceberg":
        text = to_json(scenario_to_iceberg(scenario, catalog, args.lang), indent=2) + "\n"
    else:
        text = rows_to_csv(scenario_to_msel(scenario, catalog, args.lang))
    _write(args.output, text)
    return 0
