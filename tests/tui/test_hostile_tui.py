"""Hostile content in the terminal UI: played through with Pilot (what the screens show)
and in a pseudo-terminal (the raw bytes the app writes to the terminal)."""

from __future__ import annotations

import html
import os
import re
import select
import subprocess
import sys
import time

from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.screens import DebriefScreen
from tests.conftest import ROOT
from tests.hostile import FORBIDDEN_IN_TUI, MARKUP, leaks, write_hostile_pack

UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u061c\u200b\ufeff]")


def _screen_text(app) -> str:
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, t in re.findall(r'<text[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(float(y), []).append(html.unescape(t))
    return "\n".join("".join(v).replace("\xa0", " ") for _, v in sorted(rows.items()))


async def test_hostile_text_is_shown_literally_on_every_screen_and_in_notifications(tmp_path):
    path = write_hostile_pack(tmp_path)
    store = Store(tmp_path / "sessions.db")
    app = TabletopApp(lang="en", scenario=str(path), seed=1, store=store)
    seen_markup = False
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        for _ in range(40):
            await pilot.pause()
            text = _screen_text(app)
            bad = UNSAFE_CHARS.findall(text)
            assert not bad, f"{type(app.screen).__name__} shows {[hex(ord(c)) for c in bad]}"
            seen_markup |= MARKUP in text
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.press("1", "enter")
            await pilot.pause()
            for screen in list(app.screen_stack):  # learn-mode and pass dialogs: dismiss
                if screen is app.screen and type(screen).__name__ in ("FeedbackScreen", "PassScreen"):
                    await pilot.press("enter")
        assert isinstance(app.screen, DebriefScreen), type(app.screen).__name__
        assert seen_markup, "the markup payload never appeared literally"
        assert app.screen.sub_title and not UNSAFE_CHARS.search(app.screen.sub_title)
        app.notify("[@click=app.quit]CLICK[/] \x1b]0;PWNED\x07", title="[b]t\x9b2J[/b]")
        await pilot.pause()
        from textual.widgets._toast import Toast

        toasts = [str(t.render()) for t in app.screen.query(Toast)]
        assert any("[@click=app.quit]CLICK[/]" in t for t in toasts), toasts
        assert not any(UNSAFE_CHARS.search(t) for t in toasts)
    assert app.return_code in (None, 0)
    store.close()


def test_the_raw_bytes_written_to_the_terminal_carry_no_escape_from_the_scenario(tmp_path):
    """The app in a pseudo-terminal: no OSC title or clipboard write, RIS, 8-bit control
    or bidi character from the scenario reaches the terminal."""
    import fcntl
    import pty
    import struct
    import termios

    path = write_hostile_pack(tmp_path)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "TABLETOP_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    env.pop("TABLETOP_LANG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "play", str(path), "--seed", "1", "--lang", "en"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        close_fds=True,
    )
    os.close(slave)
    out = bytearray()

    def read_until_quiet(until: bytes = b"", quiet: float = 0.3, longest: float = 15.0) -> None:
        """Read what the app writes until ``until`` has come (if given) and then nothing
        more for ``quiet`` seconds (the frame is drawn), or the app has closed the terminal."""
        end = time.monotonic() + longest
        last = time.monotonic()
        while time.monotonic() < end:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return  # the app has exited
                if not chunk:
                    return
                out.extend(chunk)
                last = time.monotonic()
            elif (not until or until in out) and time.monotonic() - last >= quiet:
                return

    try:
        read_until_quiet(b"CLICK")
        for _ in range(6):
            os.write(master, b"1")
            read_until_quiet()
            os.write(master, b"\r")
            read_until_quiet()
        os.write(master, b"\x11")  # ctrl+q: quit, which asks first
        read_until_quiet()
        os.write(master, b"y")
        read_until_quiet(quiet=1.0, longest=5.0)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    assert b"CLICK" in out, "the scenario's text never reached the screen"
    found = leaks(bytes(out), FORBIDDEN_IN_TUI)
    assert not found, f"{found} reached the terminal"


async def test_a_session_name_made_of_markup_is_refused_in_words_not_a_crash(tmp_path):
    store = Store(tmp_path / "sessions.db")
    app = TabletopApp(lang="en", scenario="fy2024-02", session="[/]", seed=1, store=store)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause(0.3)
        assert "'[/]' cannot be a session name" in _screen_text(app)
    assert app.return_code in (None, 0) and app.crash_detail is None
    store.close()


async def test_exporting_into_a_folder_whose_name_is_markup_works(tmp_path, monkeypatch):
    folder = tmp_path / "[@click=app.quit]x [b]y"
    folder.mkdir()
    monkeypatch.chdir(folder)
    store = Store(tmp_path / "sessions.db")
    app = TabletopApp(lang="en", scenario=str(write_hostile_pack(tmp_path / "pack")), seed=1, store=store)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        for _ in range(40):
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.press("1", "enter")
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("m")
        await pilot.pause(0.3)
        from textual.widgets._toast import Toast

        toasts = " ".join(str(t.render()) for t in app.screen.query(Toast))
        assert "[@click=app.quit]x [b]y" in toasts.replace("\n", ""), toasts  # the path, literally
    assert app.crash_detail is None
    assert list(folder.glob("tabletop-*.md"))
    store.close()
