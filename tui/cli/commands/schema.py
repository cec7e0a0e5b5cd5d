"""`tabletop schema`: print or write the JSON Schema of a file format (for editors)."""

from __future__ import annotations

import argparse
import textwrap

KINDS = ("scenario", "practices", "role")

EXAMPLES = """\
examples:
  tabletop schema -o tabletop-scenario.schema.json   the scenario schema, for editors
  tabletop schema --kind role                        the schema of roles/*.yaml
  tabletop schema --kind practices -o practices.schema.json

Then put this first line in a scenario file (yaml-language-server, e.g. VS Code's YAML
extension):  # yaml-language-server: $schema=./tabletop-scenario.schema.json
See docs/schema.md.
"""


def add_parser(sub) -> None:
    s = sub.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format (for editors)",
        description=textwrap.fill(
            "Print the JSON Schema (draft 2020-12) of scenario files (format v1), or of the "
            "practice catalogue or role files with --kind. Editors use it for completion, help on every "
            "field and checks as you type; `tabletop validate` checks what a schema cannot (references, "
            "the graph, the catalogue)."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--kind", choices=KINDS, default="scenario", help="which file format (default: scenario)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    from tabletop.engine.encode import to_json
    from tabletop.engine.schema import schema_for

    from .. import exit_codes
    from ..output import emit

    text = to_json(schema_for(args.kind), indent=2) + "\n"
    emit(text, args.output)
    return exit_codes.OK
