"""Arguments that several commands share, worded once."""

from __future__ import annotations

LANGS = ("ja", "en")


def add_scenario(parser) -> None:
    parser.add_argument(
        "scenario",
        metavar="ID|PATH",
        help="a scenario id (a unique prefix such as fy2024-02 is enough) or a file",
    )


def add_lang(parser, default: str = "from the locale") -> None:
    parser.add_argument("--lang", choices=LANGS, help=f"language (default: {default})")


def add_json(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for tools")
