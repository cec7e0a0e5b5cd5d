"""`tabletop serve`: the terminal UI in a browser. Each browser connection gets its own
Tabletop process (textual-serve), on the same data directory and in the same language as
the command was given. Loopback by default; beyond it a token is always required (given
with --token or TABLETOP_SERVE_TOKEN, else one is made up and printed in the URL)."""

from __future__ import annotations

import os
import sys

from ..arguments import add_lang
from ..errors import CliError
from ..messages import current, say

TOKEN_ENV = "TABLETOP_SERVE_TOKEN"
MIN_TOKEN = 16  # characters: a guessable token is no gate


def add_parser(sub) -> None:
    s = sub.add_parser(
        "serve",
        help="serve the terminal UI to browsers (each connection its own session)",
        description="Serve the terminal UI to web browsers: each browser that opens the printed address "
        "gets its own Tabletop, on this data directory. It listens on 127.0.0.1 unless --host says "
        "otherwise; listening beyond loopback always requires a token: --token or TABLETOP_SERVE_TOKEN "
        f"(at least {MIN_TOKEN} characters), else one is generated and printed in the address. Every "
        "request must carry it. For other machines, put it behind a reverse proxy with TLS and give "
        "--public-url. See docs/serve.md.",
    )
    s.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=_port, default=8000, help="the port to listen on (default: 8000)")
    s.add_argument(
        "--token",
        metavar="TOKEN",
        help=f"require this token on every request (default: ${TOKEN_ENV}; generated beyond loopback)",
    )
    s.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when a reverse proxy stands in front (e.g. https://drill.example.org)",
    )
    add_lang(s)


def _port(raw: str) -> int:
    import argparse

    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise argparse.ArgumentTypeError(say("bad_port", raw=raw))
    return int(raw)


def _token(args, loopback: bool) -> tuple[str | None, bool]:
    """The token to require (None: none) and whether it was generated here."""
    given = args.token if args.token is not None else os.environ.get(TOKEN_ENV) or None
    if given is not None:
        if len(given) < MIN_TOKEN or not given.isprintable() or given != given.strip():
            raise CliError(say("bad_token", n=MIN_TOKEN))
        return given, False
    if loopback:
        return None, False
    import secrets

    return secrets.token_urlsafe(24), True


def _address(args, token: str | None) -> str:
    """The address to open, printed for the user."""
    from urllib.parse import quote

    if args.public_url:
        base = args.public_url.rstrip("/")
    else:
        import socket

        host = args.host
        if host in ("0.0.0.0", "::", ""):
            host = socket.gethostname()
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        base = f"http://{host}:{args.port}"
    return base + "/" + (f"?token={quote(token, safe='')}" if token else "")


def run(args) -> int:
    import errno
    import shlex

    from tabletop.sessions.paths import data_dir

    from ..browser import GatedServer, is_loopback

    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise CliError(say("bad_public_url", url=args.public_url))
    loopback = is_loopback(args.host)
    token, generated = _token(args, loopback)
    lang = args.lang or current()
    # each connection's process inherits this environment: the same data directory, and
    # never the token (a Tabletop process has no use for it)
    os.environ["TABLETOP_HOME"] = str(data_dir().expanduser().resolve())
    os.environ.pop(TOKEN_ENV, None)
    command = shlex.join([sys.executable, "-m", "tabletop.tui.cli.served", "--lang", lang])
    server = GatedServer(command, args.host, args.port, token, args.public_url, title="Tabletop")
    address = _address(args, token)

    def started() -> None:
        print(say("serving", url=address), flush=True)
        if generated:
            print(say("token_generated", env=TOKEN_ENV), flush=True)
        elif not loopback and not args.public_url:
            print(say("serve_no_tls"), flush=True)
        print(say("serve_stop"), flush=True)

    server.started = started
    try:
        server.serve()
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise CliError(say("port_in_use", host=args.host, port=args.port)) from None
        if e.errno == errno.EACCES:
            raise CliError(say("port_denied", host=args.host, port=args.port)) from None
        raise CliError(say("cannot_listen", host=args.host, port=args.port, reason=e.strerror or e)) from None
    return 0
