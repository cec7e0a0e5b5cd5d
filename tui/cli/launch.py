"""Start the Textual app from a command, and turn what it reports on exit into the
command's exit code and message (a crash becomes one line and crash.log)."""

from __future__ import annotations

import sys

from . import exit_codes
from .errors import CliError
from .messages import describe, say


def run_app(**kw) -> int:
    from tabletop.sessions.store import StoreError

    from ..app import TabletopApp
    from ..crash import crash_message

    try:
        app = TabletopApp(**kw)
        app.store  # noqa: B018 - open the session database before the screen takes over
    except StoreError as e:
        raise CliError(describe(e)) from None
    try:
        app.run()
    finally:
        if app._store is not None:
            app._store.close()
    if app.crash_detail:
        print(crash_message(app.crash_detail, session_kept=True), file=sys.stderr)
        return exit_codes.INTERNAL_ERROR
    if app.exit_message:
        print(say("error", message=app.exit_message), file=sys.stderr)
    return app.return_code or 0
