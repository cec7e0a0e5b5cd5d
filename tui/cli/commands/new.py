"""`tabletop new ID`: write a small scenario to start from, with comments on every field."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap

EXAMPLES = """\
examples:
  tabletop new my-outage                         writes my-outage.yaml (roles system, management)
  tabletop new vendor-drill --roles system,vendor,pr -o drills/vendor-drill.yaml
  tabletop new my-outage -o -                    print it instead of writing a file

then:
  tabletop validate my-outage.yaml
  tabletop play my-outage.yaml --plain
"""


def add_parser(sub) -> None:
    s = sub.add_parser(
        "new",
        help="start a new scenario from a small example",
        description=textwrap.fill(
            "Write a small, valid scenario to start from: an opening inject, two decisions "
            "(one answered by several roles together when there are two or more), a conditional edge, "
            "good, mixed and bad endings, facilitator notes, discussion questions and a debrief, in "
            "Japanese and English, with comments that explain each field. It never overwrites a file."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("id", metavar="ID", help="the scenario id: lowercase letters, digits and hyphens")
    s.add_argument(
        "--roles",
        metavar="R1,R2,...",
        default="system,management",
        help="the roles that act, comma-separated, from roles/ (and a roles/ folder beside FILE's "
        "folder); the first answers the first decision (default: system,management)",
    )
    s.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it (default: ID.yaml here; - prints it)"
    )
    s.add_argument(
        "--lang-note",
        action="store_true",
        help="add a comment on writing the scenario in one language only",
    )


def run(args) -> int:
    from tabletop.engine.catalog import load_catalog, overlay
    from tabletop.engine.scaffold import ScaffoldError, check_id, check_roles, scaffold

    from .. import exit_codes
    from ..errors import CliError

    try:
        check_id(args.id)
    except ScaffoldError as e:
        raise CliError(str(e), exit_codes.CANNOT_RUN) from None
    path = args.output or f"{args.id}.yaml"
    to_stdout = path == "-"
    if not to_stdout:
        if os.path.basename(path) == "practices.yaml":
            raise CliError("practices.yaml is the name of the practice catalogue; choose another file name")
        if os.path.lexists(path):
            raise CliError(f"{path} already exists; tabletop new never overwrites a file (use -o FILE)")
    base, diags = load_catalog()
    if any(d.severity == "error" for d in diags):
        raise CliError("the built-in catalogue has errors:\n" + "\n".join(map(str, diags)))
    # a file outside the built-in folder may use the roles in a roles/ folder beside it
    catalog = base if to_stdout else overlay(base, os.path.abspath(path))
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    try:
        check_roles(roles, catalog.roles)
        text = scaffold(
            args.id,
            roles,
            lang_note=args.lang_note,
            filename="" if to_stdout else path,
            role_names={r: catalog.roles[r].name for r in roles},
        )
    except ScaffoldError as e:
        raise CliError(str(e), exit_codes.CANNOT_RUN) from None
    if to_stdout:
        sys.stdout.write(text)
        return exit_codes.OK
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise CliError(f"{path} already exists; tabletop new never overwrites a file (use -o FILE)") from None
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror or e}") from None
    print(
        f"wrote {path}\nnext: tabletop validate {path}\n      tabletop play {path} --plain",
        file=sys.stderr,
    )
    return exit_codes.OK
