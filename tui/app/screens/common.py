"""Helpers shared by the screens: localized footer labels, file stamps for --watch."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding


class Localized:
    """Footer labels in the app's language: ``LABELS`` maps an action to an i18n key."""

    LABELS: dict[str, str] = {}

    def relabel_bindings(self) -> None:
        km = self._bindings.key_to_bindings
        for key, bs in km.items():
            km[key] = [
                dataclasses.replace(b, description=self.app.t(self.LABELS[b.action]))
                if b.action in self.LABELS
                else b
                for b in bs
            ]
        self.refresh_bindings()

    def relabel(self) -> None:
        self.relabel_bindings()

    # A screen's title and subtitle hold scenario titles and session names: shown in the
    # header on one line, literally (Textual passes escapes in them to the terminal).
    def validate_title(self, title) -> str | None:
        from tabletop.engine.text import one_line

        return title if title is None else one_line(str(title))

    def validate_sub_title(self, sub_title) -> str | None:
        from tabletop.engine.text import one_line

        return sub_title if sub_title is None else one_line(str(sub_title))

    def action_help(self) -> None:
        self.app.action_help()

    def action_back(self) -> None:
        self.app.pop_screen()


class NumberEntry:
    """An option number typed digit by digit and taken with Enter (the console, a role
    terminal): ``DIGITS`` are the bindings, ``typed`` what is typed so far; the screen's
    ``_input`` shows it."""

    DIGITS = [
        *[Binding(str(n), f"digit({n})", show=False, priority=True) for n in range(10)],
        Binding("backspace", "digit(-1)", show=False, priority=True),
    ]
    typed = ""

    def action_digit(self, n: int) -> None:
        if n < 0:
            self.typed = self.typed[:-1]
        elif len(self.typed) < 2:
            self.typed += str(n)
        self._input()

    def take_typed(self) -> str:
        typed, self.typed = self.typed, ""
        return typed


def _file_stamp(path: str | None):
    """What changes when a file (or the practices.yaml beside it) is saved."""
    import os

    out = []
    for p in (path, os.path.join(os.path.dirname(path or "."), "practices.yaml")):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except (OSError, TypeError):
            out.append(None)
    return tuple(out)


class LogFollower:
    """A screen kept in step with its session's log, which other terminals write to: its
    timer calls ``_follow`` (``self.game``, ``self.refresh_all`` and ``notify`` are the
    screen's). On a store that wakes its readers (PostgreSQL), ``follow_live`` also
    brings the screen up to date the moment another terminal writes; the timer stays, as
    the fallback. A store that cannot be read is said once, not at every poll."""

    _follow_error: str | None = None

    def _follow(self) -> None:
        from tabletop.sessions.store import StoreError

        try:
            new = self.game.follow()
        except StoreError as e:
            said = self.app.words(e)
            if said != self._follow_error:  # said once; polling goes on meanwhile
                self._follow_error = said
                self.notify(said, severity="error", timeout=10)
            return
        self._follow_error = None
        if new:
            self.refresh_all()

    def follow_live(self) -> None:
        store = self.game.store
        if store is not None and self.game.name and getattr(store, "live", False):
            self.run_worker(self._wait_for_news, thread=True, group="follow-live")

    def _wait_for_news(self) -> None:
        """In a thread of its own: wait for the server's word that the log grew, then
        follow in the app's thread (which the wait never blocks)."""
        import time

        from textual.worker import get_current_worker

        from tabletop.sessions.store import StoreError

        worker = get_current_worker()
        while not worker.is_cancelled:
            seen = len(self.game.events)
            try:
                changed = self.game.store.wait(self.game.name, seen, LIVE_WAIT)
            except StoreError:  # the server is away: the timer says so; try again soon
                time.sleep(LIVE_WAIT)
                continue
            if changed and not worker.is_cancelled:
                try:
                    self.app.call_from_thread(self._follow)
                except RuntimeError:  # the app is closing
                    return
                if len(self.game.events) == seen:  # could not follow (said once): no busy loop
                    time.sleep(LIVE_WAIT)


# seconds one wait for news lasts before it starts again (and a closed screen's thread ends)
LIVE_WAIT = 1.0


class _Diag:
    """A message shaped like a diagnostic, for problems outside the loader."""

    severity = "error"

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text
