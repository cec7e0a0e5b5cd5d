"""`tabletop serve`, run as a user would: it answers on loopback, refuses a request without
its token (HTTP and websocket), refuses another site's page and another host name, and a
headless Chromium plays a scenario through it (the decision lands in the session database,
and the screenshot is a drawn screen, not a blank page).

Chromium is Debian's (.ci/run installs it); missing, the browser test fails when CI is set
and is skipped otherwise, as the PDF test does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from tabletop.sessions.store import Store
from tests.conftest import ROOT, run_cli
from tests.e2e.test_report_pdf import chromium

TOKEN = "test-token-0123456789abcdef"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(home, *args: str, env: dict | None = None):
    """`tabletop serve` on a free loopback port; yields (port, the address it printed)."""
    port = free_port()
    e = dict(os.environ, TABLETOP_HOME=str(home), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    e.pop("TABLETOP_SERVE_TOKEN", None)
    e.update(env or {})
    p = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=e,
        cwd=ROOT,
        text=True,
    )
    try:
        line = p.stdout.readline()  # printed once the server listens (empty: it stopped)
        assert "open http" in line, line
        yield port, line.split("open ", 1)[1].strip()
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    assert p.returncode == 0, p.stderr.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def get(url: str, headers: dict | None = None):
    """(status, headers, body) of a GET, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def test_loopback_answers_without_a_token_and_refuses_other_sites(tmp_path):
    with serving(tmp_path / "home") as (port, url):
        assert url == f"http://127.0.0.1:{port}/"
        status, _, body = get(url)
        assert status == 200
        assert f"ws://127.0.0.1:{port}/ws" in body  # the page's terminal connects back here
        # DNS rebinding: another name pointed at 127.0.0.1 is not served
        assert get(url, {"Host": f"attacker.example:{port}"})[0] == 403
        # a page of another site cannot open the terminal's websocket
        ws = f"http://127.0.0.1:{port}/ws"
        assert get(ws, {"Origin": "http://attacker.example"})[0] == 403


def test_a_token_is_required_on_every_request(tmp_path):
    with serving(tmp_path / "home", env={"TABLETOP_SERVE_TOKEN": TOKEN}) as (port, url):
        base = f"http://127.0.0.1:{port}"
        assert url == f"{base}/?token={TOKEN}"
        for path in ("/", "/ws", "/static/js/textual.js", "/?token=" + TOKEN[:-1] + "x"):
            status, _, body = get(base + path)
            assert status == 401, path
            assert "token" in body
        # with the token: a cookie, and the address without the token
        status, headers, _ = get(url)
        assert status == 303 and headers["Location"] == "/"
        cookie = headers["Set-Cookie"]
        assert cookie.startswith(f"tabletop_token={TOKEN};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        jar = {"Cookie": f"tabletop_token={TOKEN}"}
        status, _, body = get(base + "/", jar)
        assert status == 200 and "textual" in body.lower()
        assert get(base + "/static/js/textual.js", jar)[0] == 200
        assert get(base + "/", {"Cookie": "tabletop_token=" + "x" * len(TOKEN)})[0] == 401


def test_bad_tokens_and_a_busy_port_are_clear_errors(tmp_path):
    home = {"TABLETOP_HOME": str(tmp_path / "home")}
    r = run_cli("serve", "--token", "short", env=home, timeout=20)
    assert r.returncode == 2 and "at least 16" in r.stderr.decode()
    r = run_cli("serve", "--port", "70000", env=home, timeout=20)
    assert r.returncode == 2 and "port number" in r.stderr.decode()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run_cli("serve", "--port", str(port), env=home, timeout=20)
        assert r.returncode == 2
        assert f"port {port} on 127.0.0.1 is already in use" in r.stderr.decode()
        r = run_cli("serve", "--port", str(port), "--lang", "ja", env=home, timeout=20)
        assert "使用中" in r.stderr.decode()


def test_beyond_loopback_a_token_is_generated_when_none_is_given():
    from argparse import Namespace

    from tabletop.tui.cli.commands.serve import _token

    token, generated = _token(Namespace(token=None), loopback=False)
    assert generated and len(token) >= 32
    assert _token(Namespace(token=None), loopback=False)[0] != token  # a new one each run
    assert _token(Namespace(token=None), loopback=True) == (None, False)
    assert _token(Namespace(token=TOKEN), loopback=False) == (TOKEN, False)


def test_chromium_plays_a_scenario_through_serve(tmp_path):
    exe = chromium()
    from playwright.sync_api import sync_playwright

    home = tmp_path / "home"
    shot = tmp_path / "play.png"
    with serving(home, env={"TABLETOP_SERVE_TOKEN": TOKEN}) as (_, url), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 640})
            # the page asks a web font of an outside host: not on a closed network
            page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
            page.goto(url)
            page.wait_for_selector("body.-first-byte", timeout=15000)  # the TUI has drawn
            page.focus(".xterm-helper-textarea")
            # the canvas cannot be read, so each step waits for what it leaves on disk: the
            # library saves its cards just before it fills its table (a fixed sleep was too
            # short on a loaded machine)
            _wait_for(lambda: (home / "cache" / "summaries.json").exists())
            time.sleep(1)
            page.keyboard.press("Enter")  # set up the first scenario
            time.sleep(1.5)
            page.keyboard.press("Control+s")  # start
            _wait_for(lambda: _sessions(home))
            time.sleep(1)
            page.keyboard.press("1")
            page.keyboard.press("Enter")  # the first option of the first decision
            _wait_for(lambda: any(s.decisions for s in _sessions(home)))
            page.screenshot(path=str(shot))
            colours = _colours(browser.new_page(), shot.read_bytes())
        finally:
            browser.close()
    played = _sessions(home)
    assert len(played) == 1 and played[0].decisions == 1, played
    assert played[0].scenario.startswith("fy2020-01")  # the library's first row
    assert colours > 20, colours  # a drawn screen (text, highlights), not one background colour


def _colours(page, png: bytes) -> int:
    """How many colours a PNG has, counted by the browser itself (no imaging library)."""
    import base64

    return page.evaluate(
        """async (src) => {
            const img = new Image(); img.src = src; await img.decode();
            const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
            const g = c.getContext("2d"); g.drawImage(img, 0, 0);
            const d = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
            for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            return seen.size;
        }""",
        "data:image/png;base64," + base64.b64encode(png).decode(),
    )


def _wait_for(done, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and not done():
        time.sleep(0.2)


def _sessions(home):
    db = home / "sessions.db"
    if not db.exists():
        return []
    store = Store(db, readonly=True)
    try:
        return store.list()
    finally:
        store.close()


def test_behind_a_proxy_the_page_points_at_the_public_url(tmp_path):
    public = "https://drill.example.org"
    with serving(tmp_path / "home", "--public-url", public, env={"TABLETOP_SERVE_TOKEN": TOKEN}) as (
        port,
        url,
    ):
        assert url == f"{public}/?token={TOKEN}"
        base = f"http://127.0.0.1:{port}"
        jar = {"Cookie": f"tabletop_token={TOKEN}"}
        status, _, body = get(base + "/", jar)  # as the proxy forwards it, with the loopback Host
        assert status == 200 and "wss://drill.example.org/ws" in body
        status, headers, _ = get(f"{base}/?token={TOKEN}")
        assert status == 303 and "Secure" in headers["Set-Cookie"]
        # the websocket from the public page passes the origin check; another site's does not
        upgrade = {**jar, "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13"}
        upgrade["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
        assert get(base + "/ws", {**upgrade, "Origin": "https://attacker.example"})[0] == 403
        assert get(base + "/ws", {**jar, "Origin": public})[0] == 400  # passed the gate; not a websocket
