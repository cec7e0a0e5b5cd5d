"""Crash handling for both shells: a bug never shows a traceback; the details go to
crash.log in the data directory and the person sees one line saying where."""

from __future__ import annotations

import sys


def version() -> str:
    """The installed version (importlib.metadata is slow to import: only when asked)."""
    try:
        from importlib.metadata import version as dist_version

        return dist_version("tabletop-ir")
    except Exception:
        return "unknown"


def write_crash(detail: str) -> str:
    """Append a traceback to crash.log in the data directory; where it went."""
    from tabletop.sessions.paths import data_dir

    try:
        d = data_dir()
        d.mkdir(parents=True, exist_ok=True)
        log = d / "crash.log"
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"--- tabletop {version()} {sys.argv!r}\n{detail}\n")
        return str(log)
    except OSError:
        return "(could not be written)"


def crash_message(detail: str, session_kept: bool = False) -> str:
    """Record ``detail`` (a formatted traceback) in crash.log; the message to show instead."""
    where = write_crash(detail)
    last = detail.strip().splitlines()[-1] if detail.strip() else "unknown error"
    kept = "Your session is saved (tabletop sessions). " if session_kept else ""
    return f"tabletop: internal error: {last}\n{kept}The details are in {where}; please report it."
