"""`tabletop graph`: draw a scenario's graph as Mermaid or Graphviz DOT text."""

from __future__ import annotations

import argparse

EPILOG = """\
examples:
  tabletop graph fy2024-02 --format mermaid            Mermaid flowchart on standard output
  tabletop graph fy2024-02 --format dot -o g.dot       Graphviz DOT into g.dot
  tabletop graph fy2024-02 --format dot | dot -Tsvg > g.svg     draw it with Graphviz
  tabletop graph my-scenario.yaml --lang ja            a scenario file, labels in Japanese

Injects are boxes, decisions hexagons (with the roles that answer), endings double
boxes coloured by outcome (green good, yellow mixed, red bad). Edges carry the option
(number and short text), the condition or the chance. The best path is drawn thicker
and in blue.
"""


def add_parser(sub) -> None:
    s = sub.add_parser(
        "graph",
        help="draw a scenario's graph (Mermaid or Graphviz DOT)",
        description="Write a scenario's graph of injects, decisions and endings as a Mermaid flowchart\n"
        "or a Graphviz DOT digraph, with the best path highlighted. The same scenario always\n"
        "gives the same text, so it can be kept under version control.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument(
        "scenario",
        metavar="ID|PATH",
        help="a scenario id (a unique prefix such as fy2024-02 is enough) or a file",
    )
    s.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="output syntax (default: mermaid)"
    )
    s.add_argument("--lang", choices=("ja", "en"), help="language of the labels (default: from the locale)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args) -> int:
    from tabletop.engine.graph import to_dot, to_mermaid

    from .. import exit_codes
    from ..lang import default_lang
    from ..loading import load_catalog_or_fail, load_or_fail
    from ..output import emit

    catalog = load_catalog_or_fail()
    scenario = load_or_fail(args.scenario, catalog)
    lang = args.lang or default_lang()
    render = to_dot if args.format == "dot" else to_mermaid
    text = render(scenario, lang, catalog)
    emit(text, args.output)
    return exit_codes.OK
