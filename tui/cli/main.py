"""The `tabletop` command: the parser and the dispatch to one module per command.

Each module in ``commands/`` has ``add_parser(sub)`` and ``run(args)``; heavy modules are
imported inside ``run``, so that `tabletop --help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from . import exit_codes
from .errors import CliError

DESCRIPTION = """\
Tabletop: incident-response tabletop exercises built from real cases at
critical-infrastructure operators. Choose a scenario, play the decisions, and get a
debrief scored against the good practice the real organisations learned.
"""

EPILOG = """\
examples:
  tabletop list                                   the scenarios
  tabletop                                        the scenario library (terminal UI)
  tabletop play fy2024-02 --lang en               play one in the terminal UI
  tabletop play fy2024-02 --plain --session drill1   play in plain line mode, named
  tabletop resume drill1                          continue a saved session
  tabletop report drill1 --format html -o r.html  write its debrief
  tabletop validate scenarios/                    check scenario files

data directory: $TABLETOP_HOME, else the platform's user data directory.
session store: --store URL, else $TABLETOP_STORE, else sessions.db in the data directory
  (postgresql://USER@HOST/DB for a PostgreSQL server; see docs/scale.md).
"""

# command → its module in tabletop.tui.cli.commands, in the order `--help` lists them
COMMANDS = {
    "list": "list",
    "practices": "practices",
    "show": "show",
    "play": "play",
    "sessions": "sessions",
    "resume": "resume",
    "report": "report",
    "validate": "validate",
    "test": "playtest",
    "graph": "graph",
    "new": "new",
    "schema": "schema",
    "import": "convert",
    "export": "convert",
    "facilitate": "facilitate",
    "join": "join",
    "replay": "replay",
    "control": "control",
    "serve": "serve",
}


def _module(name: str):
    return importlib.import_module(f"{__package__}.commands.{name}")


# argparse's own error sentences, for a Japanese user (argparse has no Japanese of its own)
_ARGPARSE_JA = (
    (
        r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)",
        r"引数 \1: 「\2」は選べません(選べるもの: \3)",
    ),
    (r"argument (\S+): invalid (\w+) value: '([^']*)'", r"引数 \1: 「\3」は正しい値ではありません"),
    (r"argument (\S+): expected one argument", r"引数 \1: 値を1つ指定してください"),
    (r"argument (\S+): expected (\d+) arguments", r"引数 \1: 値を \2 つ指定してください"),
    (r"argument (\S+): not allowed with argument (\S+)", r"引数 \1 は \2 と一緒には使えません"),
    (r"argument (\S+): (.*)", r"引数 \1: \2"),
    (r"the following arguments are required: (.*)", r"次の引数が必要です: \1"),
    (r"unrecognized arguments: (.*)", r"認識できない引数です: \1"),
)


class _Parser(argparse.ArgumentParser):
    """argparse, with a did-you-mean for a mistyped command or choice (`tabletop lsit`), and
    its errors in the language of the command (usage lines stay as argparse writes them)."""

    def error(self, message: str):
        import difflib
        import re

        from .messages import current, say

        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        near = []
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2))
            near = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.5)
        if current() == "ja":
            for pattern, ja in _ARGPARSE_JA:
                if re.fullmatch(pattern, message, flags=re.S):
                    message = re.sub(pattern, ja, message, flags=re.S)
                    break
        if near:
            message += say("did_you_mean", word=near[0])
        self.print_usage(sys.stderr)
        self.exit(2, say("arg_error", prog=self.prog, message=message) + "\n")

    def format_usage(self) -> str:
        from .messages import current, say

        text = super().format_usage()
        return say("usage") + text.removeprefix("usage: ") if current() == "ja" else text


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="tabletop",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    p.add_argument(
        "--lang",
        dest="top_lang",
        choices=("ja", "en"),
        help="language of the terminal UI (default: the locale)",
    )
    p.add_argument(
        "--store",
        dest="top_store",
        metavar="URL",
        help="where the sessions are kept: postgresql://USER@HOST/DB, or a SQLite file "
        "(default: $TABLETOP_STORE, else sessions.db in the data directory)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in dict.fromkeys(COMMANDS.values()):
        _module(module).add_parser(sub)
    return p


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from ..crash import version

        print(f"tabletop {version()}")
        parser.exit()


def main(argv: list[str] | None = None) -> int:
    from .terminal import install

    install()
    from . import messages

    # the language of the messages: known before the arguments are parsed, for argparse's errors
    raw = sys.argv[1:] if argv is None else argv
    messages.use(_lang_in(raw))
    if _just_the_tui(raw):  # `tabletop [--lang L]`: the parser (every command's module) is not needed
        p, args = None, argparse.Namespace(command=None, top_lang=_lang_in(raw))
    else:
        p = parser()
        args = p.parse_args(argv)
    if getattr(args, "lang", "") is None:  # `tabletop --lang ja play X` is `play X --lang ja`
        args.lang = args.top_lang
    messages.use(getattr(args, "lang", None) or args.top_lang)
    store = getattr(args, "store", None) or getattr(args, "top_store", None)  # a command's own --store first
    if store is not None:
        # through the environment: the commands, the app and what they start all read it there
        os.environ["TABLETOP_STORE"] = store
    try:
        if args.command is None:
            from .commands.play import interactive

            if not interactive():
                (p or parser()).print_help()
                return exit_codes.OK
            from .lang import default_lang
            from .launch import run_app

            return run_app(lang=args.top_lang or default_lang())
        return _module(COMMANDS[args.command]).run(args)
    except CliError as e:
        print(messages.say("error", message=e), file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("\n" + messages.say("interrupted"), file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return exit_codes.OK
    except Exception as e:
        if _is_loop(e):  # a scenario whose loop has no way out, met in play or in an analysis
            print(messages.say("error", message=messages.say("loop", detail=e)), file=sys.stderr)
            return exit_codes.CANNOT_RUN
        # a bug, not a user error: keep the details, show a short message
        import traceback

        from ..crash import crash_message

        print(crash_message(traceback.format_exc()), file=sys.stderr)
        return exit_codes.INTERNAL_ERROR


def _lang_in(argv: list[str]) -> str | None:
    """The value of a --lang among raw arguments (``--lang ja`` or ``--lang=ja``), if any."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def _just_the_tui(argv: list[str]) -> bool:
    """Whether the arguments are only what starting the terminal UI takes: nothing, or a
    valid --lang (anything else goes through the parser, with its errors)."""
    return argv in ([], ["--lang", "ja"], ["--lang", "en"], ["--lang=ja"], ["--lang=en"])


def _is_loop(error: Exception) -> bool:
    # looked up rather than imported: `tabletop --help` does not load the engine
    play = sys.modules.get("tabletop.engine.play")
    return play is not None and isinstance(error, play.LoopError)
