"""`tabletop import` and `tabletop export`: files in and out around engine.exchange."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabletop.engine.encode import to_json

IMPORT_EXAMPLES = """\
examples:
  tabletop import ransomware.json -o ransomware.yaml     an IcebergTTX scenario (JSON)
  tabletop import msel.xlsx -o drill.yaml --id my-drill   an MSEL workbook (first sheet that holds one)
  tabletop import msel.xlsx --sheet 'Day 1' -o day1.yaml  one sheet of it
  tabletop import msel.csv --map 'Assigned To=to' --map Status=notes -o drill.yaml
  tabletop import blueprint-msel.json -o drill.yaml      a CMU SEI Blueprint MSEL saved as JSON
  tabletop import checklist.xlsx --lang ja -o drill.yaml  the summary in Japanese
  tabletop validate drill.yaml && tabletop play drill.yaml --plain
"""

EXPORT_EXAMPLES = """\
examples:
  tabletop export fy2024-02 --format msel-csv -o fy2024-02.csv   (UTF-8 with a byte-order mark, for Excel)
  tabletop export fy2024-02 --format msel-xlsx -o fy2024-02.xlsx
  tabletop export fy2024-02 --format iceberg --lang ja -o fy2024-02.json
  tabletop export my-drill.yaml --format msel-csv          to standard output
"""


def _wrapped(text: str) -> str:
    """A description for RawDescriptionHelpFormatter (kept raw for the examples below it),
    wrapped as argparse would have."""
    import textwrap

    return textwrap.fill(text, 78)


def add_parser(sub) -> None:
    s = sub.add_parser(
        "import",
        help="convert an IcebergTTX scenario, an OpenAEV export or an MSEL spreadsheet into a scenario file",
        description=_wrapped(
            "Convert an IcebergTTX scenario (JSON, schema_version 1.0), an OpenAEV/OpenBAS scenario "
            "or simulation export (its .zip, or the JSON in it) or an MSEL (Master Scenario "
            "Events List, an .xlsx workbook, CSV, or a CMU SEI Blueprint MSEL saved as JSON) into a format v1 "
            "scenario. The kind is detected from the "
            "content; CSV and JSON may be UTF-8 (with or without a byte-order mark), UTF-16 or CP932/Shift-JIS. "
            "IcebergTTX injects become injects, and decisions where they offer options; an MSEL becomes a "
            "linear scenario, one inject per event. MSEL columns are found by their English or Japanese names "
            "(HSEEP, CMU SEI Blueprint, OpenBAS/OpenAEV, Tabletop's own export), or by position in a timeline "
            "sheet without a header; the import says on standard error which column became which field. "
            "Recipients are mapped to Tabletop's roles (role_labels keep their own names); an IcebergTTX "
            "scenario's own inject, option and team ids are kept in the scenario's origin field, for the export "
            "back. A controller column "
            "such as 'Assigned To' is never the audience. OpenAEV expectations, IcebergTTX expected actions and "
            "an MSEL's expected-action column become critical tasks that the facilitator rates. Check the "
            "result with `tabletop validate`."
        ),
        epilog=IMPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("file", metavar="FILE", help="the .xlsx, .csv, .json or OpenAEV .zip file to convert")
    s.add_argument(
        "-o", "--output", metavar="OUT", help="write the scenario to OUT (default: standard output)"
    )
    s.add_argument("--id", dest="scenario_id", metavar="ID", help="the scenario id (default: from the title)")
    s.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet of an .xlsx workbook (default: the first that holds an MSEL)",
    )
    s.add_argument(
        "--lang",
        choices=("ja", "en"),
        help="language of the summary and the messages (default: TABLETOP_LANG, else the locale); the "
        "words the import writes into the scenario follow the language of the file's text",
    )
    s.add_argument(
        "--map",
        dest="column_map",
        action="append",
        metavar="COLUMN=FIELD",
        help="read the column COLUMN (its header, a letter such as C, or a number from 1) as FIELD: "
        "number, time, from, to, controller, method, title, message, expected, objective, notes, or ignore "
        "(repeatable)",
    )

    s = sub.add_parser(
        "export",
        help="write a scenario as an MSEL spreadsheet (CSV or .xlsx) or IcebergTTX JSON",
        description=_wrapped(
            "Write a scenario as an MSEL (CSV in UTF-8 with a byte-order mark, or an .xlsx workbook; "
            "one row per inject, decision and ending, in order from the start, below rows that keep the "
            "scenario's title, id, summary and tags) or as an IcebergTTX scenario (JSON, schema_version 1.0) "
            "whose own fields carry the injects, decisions, endings, deadlines and critical tasks, so that they "
            "survive a save inside IcebergTTX. Cells a spreadsheet would run as a formula start with an "
            "apostrophe. What the target cannot express (practice weights, several roles answering at once, "
            "conditional branches) is kept in extra columns or an x_tabletop field, so that `tabletop import` "
            "reads the export back; flags, counters, meters and effects are not exported. A scenario imported "
            "from IcebergTTX goes back with its own inject, option and team ids (its origin field)."
        ),
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument(
        "scenario", metavar="ID|PATH", help="a scenario id (a unique prefix such as fy2024-02) or a file"
    )
    s.add_argument(
        "--format", required=True, choices=("msel-csv", "msel-xlsx", "iceberg"), help="the format to write"
    )
    s.add_argument("-o", "--output", metavar="OUT", help="write to OUT (default: standard output)")
    s.add_argument("--lang", choices=("ja", "en"), help="language of the texts (default: English if present)")


def run(args) -> int:
    if args.command == "import":
        return run_import(args)
    if args.command == "export":
        return run_export(args)
    from ..errors import CliError

    raise CliError(f"unknown command {args.command!r}")


def _read_bytes(path: str) -> bytes:
    from tabletop.engine.exchange.limits import MAX_XLSX_BYTES

    from ..errors import CliError
    from ..messages import say

    p = Path(path)
    if not p.is_file():
        raise CliError(say("no_such_file", path=path))
    try:
        if p.stat().st_size > MAX_XLSX_BYTES:
            raise CliError(say("import_too_big", path=path, n=MAX_XLSX_BYTES // 2**20))
        return p.read_bytes()
    except OSError as e:
        raise CliError(say("cannot_read", path=path, reason=e.strerror or e)) from None


def convert_file(path: str, scenario_id: str | None = None, sheet: str | None = None,
                 column_map: list[str] | None = None):  # fmt: skip
    """Read and convert one file: an engine.exchange.detect.Imported (kind, YAML text,
    what the import has to say). Raises CliError on bad input."""
    from tabletop.engine.exchange.columns import parse_overrides
    from tabletop.engine.exchange.detect import import_bytes
    from tabletop.engine.exchange.graph import ConvertError

    from ..errors import CliError
    from ..loading import load_catalog_or_fail
    from ..messages import current, say

    data = _read_bytes(path)
    try:
        return import_bytes(data, load_catalog_or_fail(), scenario_id, name=Path(path).stem.replace("_", " "),
                            sheet=sheet, overrides=parse_overrides(column_map))  # fmt: skip
    except ConvertError as e:
        raise CliError(say("cannot_import", path=path, reason=e.text(current()))) from None


def run_import(args) -> int:
    from tabletop.engine.exchange.messages import wording
    from tabletop.engine.text import one_line

    from ..messages import current, say
    from ..output import emit

    done = convert_file(args.file, args.scenario_id, args.sheet, args.column_map)
    for item in done.report:  # every import says what it read as what, in the command's language
        line = str(wording(item, current()))
        print(("  " if line.startswith("  ") else "") + one_line(line), file=sys.stderr)
    emit(done.yaml, args.output)
    if args.output:
        print(say("imported", what=say(f"what_{done.kind}"), path=args.output), file=sys.stderr)
    return 0


def run_export(args) -> int:
    from tabletop.engine.encode import to_csv, to_xlsx
    from tabletop.engine.exchange.iceberg import scenario_to_iceberg
    from tabletop.engine.exchange.msel import scenario_to_msel

    from ..loading import load_catalog_or_fail, load_or_fail
    from ..output import emit

    catalog = load_catalog_or_fail()
    scenario = load_or_fail(args.scenario, catalog)
    if args.format == "iceberg":
        emit(to_json(scenario_to_iceberg(scenario, catalog, args.lang), indent=2) + "\n", args.output)
    elif args.format == "msel-csv":
        _emit_bytes(
            to_csv(scenario_to_msel(scenario, catalog, args.lang), bom=True).encode("utf-8"),
            args.output,
            False,
        )
    else:
        _emit_bytes(to_xlsx({"MSEL": scenario_to_msel(scenario, catalog, args.lang)}), args.output, True)
    return 0


def _emit_bytes(data: bytes, output: str | None, binary: bool) -> None:
    """A file's bytes to ``output``, or to standard output as they are when it is not a
    terminal; to a terminal, a ``binary`` file (a workbook) is refused and text is shown
    without its byte-order mark."""
    from ..errors import CliError
    from ..messages import say
    from ..output import emit

    if output and output != "-":
        try:
            Path(output).write_bytes(data)
        except OSError as e:
            raise CliError(say("cannot_write", path=output, reason=e.strerror or e)) from None
        print(say("wrote", path=output), file=sys.stderr)
    elif sys.stdout.isatty():
        if binary:
            raise CliError(say("xlsx_not_for_terminal"))
        emit(data.decode("utf-8-sig"), None)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
