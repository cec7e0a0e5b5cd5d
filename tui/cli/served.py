"""The program `tabletop serve` starts for each browser connection: the Tabletop terminal
UI, drawn for the browser by Textual's web driver (textual-serve sets TEXTUAL_DRIVER).

`tabletop` itself prints its help when its standard input is not a terminal, and under
textual-serve it is a pipe; this entry opens the UI whatever it is connected to."""

from __future__ import annotations

import argparse
import sys

from . import exit_codes
from .errors import CliError


def main(argv: list[str] | None = None) -> int:
    from . import messages
    from .lang import default_lang
    from .launch import run_app

    p = argparse.ArgumentParser(prog="tabletop-served")
    p.add_argument("--lang", choices=("ja", "en"))
    args = p.parse_args(argv)
    messages.use(args.lang)
    try:
        return run_app(lang=args.lang or default_lang())
    except CliError as e:
        print(messages.say("error", message=e), file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
