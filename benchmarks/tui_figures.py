"""Terminal UI figures for `make bench`: time to first frame of `tabletop` in a pseudo-
terminal, and peak memory (max RSS) of a whole playthrough driven through the UI."""

from __future__ import annotations

import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLETOP = str(Path(sys.executable).parent / "tabletop")


def first_frame(
    marker: bytes, until: bytes | None = None, cols: int = 100, rows: int = 40
) -> tuple[float, float]:
    """Seconds until ``marker`` (the first frame) and ``until`` (the library filled) appear."""
    import fcntl
    import termios

    env = dict(os.environ, TABLETOP_HOME=tempfile.mkdtemp(), TERM="xterm-256color", LANG="C.UTF-8")
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(TABLETOP, [TABLETOP, "--lang", "en"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    buf, t_first, t_full = b"", None, None
    deadline = t0 + 30
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            buf += chunk
            now = time.perf_counter()
            if t_first is None and marker in buf:
                t_first = now - t0
            if until is not None and t_full is None and until in buf:
                t_full = now - t0
            if t_first is not None and (until is None or t_full is not None):
                break
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return t_first or float("nan"), t_full or float("nan")


PLAYTHROUGH = r"""
import asyncio, os, resource, sys, tempfile
os.environ["TABLETOP_HOME"] = tempfile.mkdtemp()
from tabletop.engine.analysis import score_bounds
from tabletop.engine.catalog import load, load_catalog
from tabletop.tui.app import TabletopApp
catalog, _ = load_catalog()
sc, _ = load(sys.argv[1], catalog)
best = [c.option for s in score_bounds(sc).best_path for c in s.choices]
async def main():
    app = TabletopApp(lang="ja", scenario=sys.argv[1], session="bench", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for oid in best:
            _, q = app.screen.question
            await pilot.press(str([o.id for o in q.options].index(oid) + 1), "enter")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "DebriefScreen"
asyncio.run(main())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory_playthrough(scenario: str) -> int:
    """Max RSS in KiB of a process that plays ``scenario`` through the UI to the debrief."""
    r = subprocess.run(
        [sys.executable, "-c", PLAYTHROUGH, scenario], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return int(r.stdout.strip().splitlines()[-1])


def main() -> None:
    firsts, fulls = [], []
    for _ in range(5):
        a, b = first_frame(b"Scenario library", b" of ")
        firsts.append(a)
        fulls.append(b)
    firsts.sort()
    fulls.sort()
    print(
        f"tabletop first frame (pty 100x40)  median {firsts[2] * 1000:7.0f} ms   max {firsts[-1] * 1000:7.0f} ms"
        f"   library filled: median {fulls[2] * 1000:.0f} ms   (5 runs)"
    )
    kib = peak_memory_playthrough("fy2024-02")
    print(
        f"peak memory, fy2024-02 played to the debrief in the UI (pilot, 80x24, ja): {kib / 1024:.0f} MiB max RSS"
    )


if __name__ == "__main__":
    main()
