"""Start the Textual app from a command, and turn what it reports on exit into the
command's exit code and message (a crash becomes one line and crash.log)."""

from __future__ import annotations

import gc
import os
import sys

from . import exit_codes
from .errors import CliError
from .messages import describe, say


def run_app(**kw) -> int:
    from ..app import TabletopApp
    from ..crash import crash_message

    app = TabletopApp(**kw)
    if kw.get("store") is None and os.environ.get("TABLETOP_STORE"):
        # A store named by --store or TABLETOP_STORE (a server, most often) is opened now: a
        # wrong URL, a server away or a refused password is one sentence and exit 2 before
        # the screen takes over. The default, a SQLite file in the data directory, opens when
        # first needed (a game, the sessions), its rare errors said on the screen: opening
        # it here cost the first frame 20 ms (attrs, the store's modules) for the library,
        # which needs no session.
        from tabletop.sessions.store import StoreError

        try:
            app.store  # noqa: B018
        except StoreError as e:
            raise CliError(describe(e)) from None
    # Textual writes each frame from a thread of its own, which must win the interpreter
    # from the UI thread, and the UI thread keeps it for the switch interval (5 ms) at a
    # time: a frame drawn while the app goes on working (the library's list, then its
    # filters) reached the terminal 20 ms late. 1 ms lets it out at once (make bench).
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, 0.001))
    # What exists now (the modules, Textual's classes and ours) lives as long as the app:
    # out of the collector's sight, a full collection no longer walks it all (about 10 ms,
    # which fell on whatever ran next, such as reading the library's cards). Thawed at the
    # end, for a caller that goes on (the tests); left alone if someone else froze first.
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    try:
        app.run()
    finally:
        sys.setswitchinterval(switch)
        if freeze:
            gc.unfreeze()
        if app._store is not None:
            app._store.close()
    if app.crash_detail:
        print(crash_message(app.crash_detail, session_kept=True), file=sys.stderr)
        return exit_codes.INTERNAL_ERROR
    if app.exit_message:
        print(say("error", message=app.exit_message), file=sys.stderr)
    return app.return_code or 0
