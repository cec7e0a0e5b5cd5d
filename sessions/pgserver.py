"""A throwaway PostgreSQL server on loopback, for the tests and the load test: initdb in a
temporary folder, a free port on 127.0.0.1, its unix socket in that folder, removed on
stop. Nothing here is used when Tabletop plays; it only needs the server's programs
(Debian's `postgresql` package, or any initdb and postgres on the PATH).

PostgreSQL refuses to run as root: as root, the server runs as the user `postgres` (which
Debian's package creates), else as a system user made for it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SERVICE_USER = "postgres"
FALLBACK_USER = "tabletop-pg"
DB_USER = "tabletop"


class NoServer(RuntimeError):
    """The server's programs are not installed, or it would not start; says which."""


def find_bindir() -> Path | None:
    """The folder of initdb and postgres: pg_config's, Debian's newest, or the PATH's."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass

    def version(p: str) -> float:
        try:
            return float(Path(p).parent.name)
        except ValueError:
            return 0.0

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(os.path.realpath(initdb)).parent)
    for c in candidates:
        if (c / "initdb").is_file() and (c / "postgres").is_file():
            return c
    return None


def _service_user() -> str | None:
    """Who runs the server: None when we are not root (we run it ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in (SERVICE_USER, FALLBACK_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
        check=True,
        capture_output=True,
    )
    return FALLBACK_USER


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayServer:
    """``with ThrowawayServer() as pg: open_store(pg.url)``. ``kill`` stops it as a crash
    would (every process at once, no shutdown); ``start`` again recovers the same data on
    the same port. ``settings``: extra ``-c name=value`` for the server."""

    def __init__(self, bindir: Path | None = None, *, settings: dict | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise NoServer(
                "PostgreSQL's programs (initdb, postgres) are not installed: "
                "apt-get install postgresql, or put them on the PATH"
            )
        self.bindir = found
        self.settings = {"max_connections": 100, **(settings or {})}
        self.user = _service_user()
        self.dir = Path(tempfile.mkdtemp(prefix="tabletop-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        if self.user:
            shutil.chown(self.dir, self.user)
            os.chmod(self.dir, 0o755)
        try:
            self._initdb()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _initdb(self) -> None:
        self._run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", DB_USER, "--auth=trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
        )  # fmt: skip

    def _as_user(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", self.user, "--", *cmd] if self.user else cmd

    def _run(self, cmd: list[str]) -> None:
        out = subprocess.run(self._as_user(cmd), capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise NoServer(f"{Path(cmd[0]).name} failed: {(out.stderr or out.stdout).strip()[-500:]}")

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        return f"postgresql://{DB_USER}@127.0.0.1:{self.port}/{dbname}"

    def start(self, timeout: float = 30) -> ThrowawayServer:
        args = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-k", str(self.dir), "-c", "listen_addresses=127.0.0.1"]  # fmt: skip
        for k, v in self.settings.items():
            args += ["-c", f"{k}={v}"]
        end = time.monotonic() + timeout
        while True:
            log = open(self.log, "ab")  # noqa: SIM115 (the server writes to it until it stops)
            self.proc = subprocess.Popen(
                self._as_user(args), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            log.close()
            if self._ready(end):
                return self
            # right after a kill the old processes may still hold the port or shared memory
            if self.proc.poll() is None or time.monotonic() >= end:
                self.stop()
                raise NoServer(f"PostgreSQL did not start: {self._log_tail()}")
            time.sleep(0.2)

    def _ready(self, end: float) -> bool:
        """Whether the server accepts connections (False: its process ended first)."""
        socket_file = self.dir / f".s.PGSQL.{self.port}"
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            if socket_file.exists():
                probe = subprocess.run(
                    [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", DB_USER],
                    capture_output=True,
                )
                if probe.returncode == 0:
                    return True
            time.sleep(0.05)
        return False

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-800:]
        except OSError:
            return "(no log)"

    def kill(self) -> None:
        """Stop every process of the server at once, as a crash or a pulled plug would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None
        # its backends die with the group; wait until none holds the data folder
        end = time.monotonic() + 10
        while time.monotonic() < end and _holders(self.data):
            time.sleep(0.05)

    def stop(self) -> None:
        """A fast shutdown (SIGINT): clients are disconnected, nothing committed is lost."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def remove(self) -> None:
        """Stop the server and delete its folder. Its data goes, so there is nothing to shut
        down cleanly: it is killed, which is quicker than a shutdown's checkpoint."""
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> ThrowawayServer:
        try:
            return self.start()
        except BaseException:
            self.remove()
            raise

    def __exit__(self, *exc) -> None:
        self.remove()


def _holders(data: Path) -> bool:
    """Whether a process still has the data folder as its working directory (a backend)."""
    target = str(data)
    for d in glob.glob("/proc/[0-9]*/cwd"):
        try:
            if os.readlink(d) == target:
                return True
        except OSError:
            continue
    return False
