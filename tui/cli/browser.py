"""The web server of `tabletop serve`: textual-serve's Server, which starts one Tabletop
process per browser connection and relays its terminal over a websocket, with a gate in
front of every request.

The gate (an aiohttp middleware, so that no route escapes it):
- with a token, every HTTP and websocket request must carry it, as ``?token=`` or as the
  cookie the first such request sets (HttpOnly, SameSite=Strict); compared in constant
  time (hmac.compare_digest). A page opened with ``?token=`` is redirected to the same page
  without it, so that the token does not stay in the address bar or reach a Referer.
- always, a websocket whose Origin is another site is refused (a web page the user visits
  must not drive the terminal), and on loopback a request whose Host is not a loopback
  name is refused (DNS rebinding: another site's name pointed at 127.0.0.1).

textual-serve and aiohttp are imported here only, and this module only by the serve
command: no other command's start-up pays for them.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

COOKIE = "tabletop_token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` keeps the server to this machine."""
    if host.strip("[]").lower() in {"localhost", *LOOPBACK_NAMES}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _host_name(host_header: str) -> str:
    """The name in a Host header, without the port."""
    return urlsplit("//" + host_header).hostname or ""


class GatedServer(Server):
    """textual-serve's Server behind the gate; ``public_url`` None: the page's own URLs
    (static files, the websocket) are made from the address the browser used."""

    def __init__(
        self, command: str, host: str, port: int, token: str | None, public_url: str | None, title: str
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.fixed_url = public_url is not None
        self.loopback = is_loopback(host)
        self.started = None  # called once the server listens (the command prints the URL)

    def initialize_logging(self) -> None:
        import logging

        # textual-serve logs each process at INFO through Rich; the command prints its own lines
        logging.basicConfig(level="WARNING", format="serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here; the command prints the address once the
        server listens (``serve``)."""

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C or SIGTERM. A port that cannot be bound raises OSError
        before anything is printed."""
        import asyncio

        self.initialize_logging()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        import asyncio
        import contextlib
        import signal

        runner = web.AppRunner(await self._make_app(), handle_signals=False, shutdown_timeout=3)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            if self.started is not None:
                self.started()
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):  # Windows
                    loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        finally:
            await runner.cleanup()  # each connection's process is stopped with its websocket

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._gate)
        return app

    @web.middleware
    async def _gate(self, request: web.Request, handler):
        if self.loopback and _host_name(request.host) not in LOOPBACK_NAMES:
            return web.Response(status=403, text="tabletop serve: this server answers only to localhost\n")
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            # this server as the browser reached it: the Host, or the public URL a proxy serves
            ours = {request.host} | ({urlsplit(self.public_url).netloc} if self.fixed_url else set())
            if origin is not None and urlsplit(origin).netloc not in ours:
                return web.Response(
                    status=403, text="tabletop serve: a page of another site cannot connect\n"
                )
        if self.token is None:
            return await self._handle(request, handler)
        by_query = _same(request.query.get("token"), self.token)
        if not (by_query or _same(request.cookies.get(COOKIE), self.token)):
            return web.Response(
                status=401,
                text="tabletop serve: open the address printed by `tabletop serve`, with its token\n",
            )
        if by_query and request.path != "/ws":
            # the cookie carries it from now on; the address loses it
            query = {k: v for k, v in request.query.items() if k != "token"}
            target = request.rel_url.with_query(query)
            response = web.HTTPSeeOther(location=str(target))
            response.set_cookie(
                COOKIE,
                self.token,
                httponly=True,
                samesite="Strict",
                secure=self.public_url.startswith("https:") if self.fixed_url else request.secure,
                path="/",
            )
            return response
        return await self._handle(request, handler)

    @staticmethod
    async def _handle(request: web.Request, handler):
        if request.path == "/ws" and request.headers.get("Upgrade", "").lower() != "websocket":
            # textual-serve would fail on it with a traceback and drop the connection
            return web.Response(status=400, text="tabletop serve: /ws is the terminal's websocket\n")
        return await handler(request)

    async def handle_index(self, request: web.Request):
        if not self.fixed_url:
            # the page's static and websocket URLs: the address the browser used (no await
            # between setting it and the page's use of it, so connections cannot mix)
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)
