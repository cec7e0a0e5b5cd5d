"""`make bench`: Tabletop's performance figures, each beside a reference measured in the same run.

Every figure is a ratio to a reference command run on the same machine, interleaved with it
(reference, figure, reference, figure, ...) after a warm-up run of each, so that a busy or
slow machine moves both alike. For each it records the median and the spread (min–max) of
CPU time (user + system, from the child's rusage), of wall time and the peak memory (max
RSS). Nothing here is a pass/fail test: the goals of issue 13 stand beside the ratios.

It also generates scenarios of 100, 1,000, 3,000 and 10,000 nodes (benchmarks/generate.py,
written to benchmarks/generated/, ignored by git) and measures how load, validate, the
exhaustive playtest and random playthroughs grow with the graph.

It writes benchmarks/RESULTS.md (``--out`` elsewhere) and prints the same tables.
``--only commands|tui|growth`` runs one part; ``--timeout S`` stops a command after S seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
TABLETOP = str(Path(sys.executable).parent / "tabletop")
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SIZES = (100, 1000, 3000, 10000)


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: int  # KiB, max RSS
    ok: bool = True  # False: stopped at the timeout


def run(cmd: list[str], env: dict | None = None, timeout: float = 120.0, stdout=None) -> Sample:
    """Run ``cmd`` once; its wall time, CPU time and peak memory from the kernel's rusage."""
    t0 = time.perf_counter()
    p = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout or subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        p.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, not stopped.is_set())


def run_out(cmd: list[str], env: dict, timeout: float = 120.0) -> tuple[Sample, str]:
    """``run`` that also returns what the command printed."""
    with tempfile.TemporaryFile() as out:
        s = run(cmd, env, timeout, stdout=out)
        out.seek(0)
        return s, out.read().decode(errors="replace")


def paired(ref, fig, reps: int) -> tuple[list[Sample], list[Sample]]:
    """One warm-up run of each, then ``reps`` runs of each, interleaved."""
    ref()
    fig()
    refs, figs = [], []
    for _ in range(reps):
        refs.append(ref())
        figs.append(fig())
    return refs, figs


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def spread(xs: list[float], scale: float = 1000.0, unit: str = "ms") -> str:
    return f"{med(xs) * scale:,.0f} {unit} ({min(xs) * scale:,.0f}–{max(xs) * scale:,.0f})"


# -- the terminal UI in a pseudo-terminal -------------------------------------------------


def first_frame(argv: list[str], env: dict, marker: bytes, until: bytes, cols=100, rows=40) -> Sample:
    """Seconds until ``marker`` (the first frame) and then ``until`` appear on the terminal;
    the Sample's wall is the first, its ``cpu`` field the second (a second wall time)."""
    import fcntl
    import termios

    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the program under test
        os.chdir(ROOT)
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    buf, t_first, t_full = b"", None, None
    deadline = t0 + 60
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        buf += chunk
        now = time.perf_counter()
        if t_first is None and marker in buf:
            t_first = now - t0
        if t_full is None and until in buf:
            t_full = now - t0
        if t_first is not None and t_full is not None:
            break
    os.kill(pid, 9)
    _, _, ru = os.wait4(pid, 0)
    os.close(fd)
    nan = float("nan")
    return Sample(t_first or nan, t_full or nan, ru.ru_maxrss)


PLAYTHROUGH = r"""
import asyncio, resource, sys
from best_path import read_choices, play
best = read_choices(sys.argv[2])  # found beforehand, in another process (write_choices)
from tabletop.tui.app import TabletopApp
async def main():
    app = TabletopApp(lang="ja", scenario=sys.argv[1], seed=0)  # a new session each run
    async with app.run_test(size=(80, 24)) as pilot:
        await play(app, pilot, best)
        await pilot.press("enter")
        for _ in range(600):  # the debrief may take a while on a busy machine
            if type(app.screen).__name__ == "DebriefScreen":
                break
            await pilot.pause(0.1)
        assert type(app.screen).__name__ == "DebriefScreen", app.screen
asyncio.run(main())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
if len(sys.argv) > 3:  # the modules it needed, for the "modules alone" figure (IMPORTS)
    with open(sys.argv[3], "w") as f:
        f.write("\n".join(m for m in sys.modules if m != "__main__"))
"""

IMPORTS = r"""
import importlib, resource, sys
# every module the playthrough had imported by its end (PLAYTHROUGH writes the list), and
# nothing run: what the code itself weighs, before any scenario, session or widget
for name in open(sys.argv[1]).read().split():
    try:
        importlib.import_module(name)
    except Exception:  # a module that only imports inside its package's own start-up
        pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

DEBRIEF = r"""
import asyncio, sys, time
from best_path import best_choices, play
from tabletop.engine.catalog import load, load_catalog
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.debrief_view import DebriefView
import textual.app

catalog, _ = load_catalog()
t0 = time.perf_counter()
sc, _ = load(sys.argv[1], catalog)
loaded = time.perf_counter() - t0
best = best_choices(sys.argv[1])
# the moment the first frame with the debrief's text leaves for the terminal: the first
# frame drawn after the view drew a line
marks = {"enter": None, "line": None, "shown": None}
draw_line, display = DebriefView.render_line, textual.app.App._display
def render_line(self, y):
    if marks["enter"] is not None and marks["line"] is None:
        marks["line"] = time.perf_counter()
    return draw_line(self, y)
def shown(self, *args, **kw):
    out = display(self, *args, **kw)
    if marks["line"] is not None and marks["shown"] is None:
        marks["shown"] = time.perf_counter()
    return out
DebriefView.render_line, textual.app.App._display = render_line, shown
async def main():
    app = TabletopApp(lang="ja", scenario=sys.argv[1], seed=0)  # a new session each run
    async with app.run_test(size=(80, 24)) as pilot:
        await play(app, pilot, best)
        await pilot.pause(0.5)  # the ending is read
        marks["enter"] = time.perf_counter()
        await pilot.press("enter")  # "to the debrief"
        for _ in range(600):
            if marks["shown"] is not None:
                break
            await pilot.pause(0.01)
asyncio.run(main())
print(marks["shown"] - marks["enter"], loaded)
"""

# -- the growth of the cost with the graph --------------------------------------------------

LOAD = r"""
import sys, time
from tabletop.engine.catalog import load, load_catalog
catalog, _ = load_catalog()
t0 = time.process_time()
sc, diags = load(sys.argv[1], catalog)
assert sc is not None and not [d for d in diags if d.severity == "error"], diags[:3]
print(time.process_time() - t0)
"""

RANDOM = r"""
import random, sys, time
from tabletop.engine.catalog import load, load_catalog
from tabletop.engine.sim import Compiled, random_playtest
catalog, _ = load_catalog()
sc, _ = load(sys.argv[1], catalog)
c = Compiled(sc)
# As many playthroughs as make about STEPS steps at every size: a handful of long
# playthroughs on a large graph is over too soon to time.
rng = random.Random(0)
path = sum(len(c.play(rng).nodes) for _ in range(20)) / 20
runs = max(20, int(int(sys.argv[2]) / path))
for seed in (1, 2, 3):  # three repetitions, the same playthroughs again for their length
    rep = random_playtest(sc, runs, seed=seed, clock=time.process_time)  # CPU, as the rest
    rng = random.Random(seed)
    steps = sum(len(c.play(rng).nodes) for _ in range(runs))
    print(runs, rep.seconds, steps)
"""
RANDOM_STEPS = 500_000


def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual
    import yaml

    return [
        f"CPU: {cpu}, {os.cpu_count()} logical cores; load average at start {os.getloadavg()[0]:.2f}",
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}"
        f" ({platform.python_implementation()}); PyYAML {yaml.__version__}"
        f" with libyaml: {hasattr(yaml, 'CSafeLoader')}; Textual {textual.__version__}",
    ]


@dataclass
class Row:
    figure: str
    reference: str
    fig: list[Sample]
    ref: list[Sample]
    measure: str  # cpu | wall | rss: what the ratio and the goal compare
    goal: float | None
    limit: float | None = None  # an absolute goal instead, in seconds of the figure's median

    def values(self, which: str) -> tuple[list[float], list[float]]:
        get = {"cpu": lambda s: s.cpu, "wall": lambda s: s.wall, "rss": lambda s: s.rss / 1024}[which]
        return [get(s) for s in self.fig], [get(s) for s in self.ref]

    def ratio(self, which: str | None = None) -> float:
        f, r = self.values(which or self.measure)
        return med(f) / med(r)


def commands(env: dict, reps: int) -> list[Row]:
    rows = []

    def pair(figure, fcmd, reference, rcmd, goal, n=reps):
        refs, figs = paired(lambda: run(rcmd, env), lambda: run(fcmd, env), n)
        rows.append(Row(figure, reference, figs, refs, "cpu", goal))
        print(f"  {figure}: {rows[-1].ratio():.2f}× {reference}", flush=True)

    pair("`tabletop --help`", [TABLETOP, "--help"], "`python -c pass`", [PY, "-c", "pass"], 2.0, 2 * reps)
    pair(
        "`tabletop list`",
        [TABLETOP, "list"],
        '`python -c "import yaml"`',
        [PY, "-c", "import yaml"],
        3.0,
    )
    files = sorted(
        str(p.relative_to(ROOT)) for d in ("scenarios", "roles") for p in (ROOT / d).glob("*.yaml")
    )
    bare = "import sys, yaml\nfor f in sys.argv[1:]:\n    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"
    pair(
        "`tabletop validate scenarios/ roles/`",
        [TABLETOP, "validate", "scenarios/", "roles/"],
        f"CSafeLoader `yaml.load` of the same {len(files)} files",
        [PY, "-c", bare, *files],
        1.5,
    )

    # the debrief after Enter on the ending, with the best/worst searches cached by the
    # warm-up run (the play screen makes it while the ending is read: PlayScreen)
    def debrief() -> tuple[Sample, Sample]:
        s, text = run_out([PY, "-c", DEBRIEF, "fy2024-02"], dict(env, PYTHONPATH=str(HERE)))  # best_path
        took, loaded = (float(x) for x in text.split())
        return Sample(took, took, s.rss), Sample(loaded, loaded, s.rss)

    pairs = [debrief() for _ in range(reps + 1)][1:]  # the first run fills the cache
    rows.append(
        Row(
            "debrief drawn after Enter on the ending (fy2024-02 played in the TUI, pilot 80×24, best/worst cached by digest)",
            "loading the scenario, in the same process",
            [f for f, _ in pairs],
            [r for _, r in pairs],
            "wall",
            None,
            limit=0.1,
        )
    )
    print(f"  debrief {med([f.wall for f, _ in pairs]) * 1000:.0f} ms", flush=True)
    # `list` and `validate` with an empty data directory: their caches are filled on this run
    cold, cold_v = [], []
    for _ in range(max(3, reps // 2)):
        e = dict(env, TABLETOP_HOME=tempfile.mkdtemp(prefix="tabletop-bench-"))
        cold.append((run([PY, "-c", "import yaml"], e), run([TABLETOP, "list"], e)))
        e = dict(env, TABLETOP_HOME=tempfile.mkdtemp(prefix="tabletop-bench-"))
        cold_v.append(
            (run([PY, "-c", bare, *files], e), run([TABLETOP, "validate", "scenarios/", "roles/"], e))
        )
    rows.append(
        Row(
            "`tabletop list`, empty data directory (no cache yet)",
            '`python -c "import yaml"`',
            [f for _, f in cold],
            [r for r, _ in cold],
            "cpu",
            None,
        )
    )
    rows.append(
        Row(
            "`tabletop validate scenarios/ roles/`, empty data directory (every file checked)",
            f"CSafeLoader `yaml.load` of the same {len(files)} files",
            [f for _, f in cold_v],
            [r for r, _ in cold_v],
            "cpu",
            None,
        )
    )
    return rows


def tui(env: dict, reps: int) -> list[Row]:
    from tabletop.engine.catalog import builtin_files

    n = len(builtin_files())
    tenv = dict(env, TERM="xterm-256color", LANG="C.UTF-8", COLORTERM="truecolor")
    bare = [PY, str(HERE / "bare_app.py")]
    app = [TABLETOP, "--lang", "en"]

    def ref():
        return first_frame(bare, tenv, b"Scenario library", b"Scenario library")

    def fig():
        return first_frame(app, tenv, b"Scenario library", f"{n} of {n} scenarios".encode())

    refs, figs = paired(ref, fig, reps)
    first = Row(
        "TUI first frame (pty 100×40)", "bare Textual app: Header, Static, Footer", figs, refs, "wall", 1.3
    )
    # the library filled: the second time of each Sample against the bare app's first frame
    full = Row(
        "TUI library filled",
        "bare Textual app's first frame",
        [Sample(s.cpu, s.cpu, s.rss) for s in figs],
        refs,
        "wall",
        1.6,
    )
    print(f"  first frame {first.ratio():.2f}×, library filled {full.ratio():.2f}×", flush=True)
    # PYTHONPATH: the playthrough scripts import best_path from this folder
    menv = dict(env, TABLETOP_HOME=tempfile.mkdtemp(prefix="tabletop-bench-"), PYTHONPATH=str(HERE))
    modules = str(Path(menv["TABLETOP_HOME"]) / "modules.txt")  # what the playthrough imported

    choices = str(Path(menv["TABLETOP_HOME"]) / "choices.json")  # the best path, found once
    write = f"from best_path import write_choices; write_choices('fy2024-02', {choices!r})"
    subprocess.run([PY, "-c", write], env=menv, check=True)

    def mem(cmd, env=menv):
        s, text = run_out(cmd, env)
        if not text.split():
            raise SystemExit(f"{cmd[-1]}: the playthrough did not reach its end")
        return s

    def bare_pilot():
        return mem([PY, str(HERE / "bare_app.py"), "--pilot"])

    # the warm-up run plays it first: the runs measured open a scenario played before, from
    # the loaded-scenario cache, with its best/worst searches cached (as the debrief row)
    mrefs, mfigs = paired(
        bare_pilot, lambda: mem([PY, "-c", PLAYTHROUGH, "fy2024-02", choices, modules]), max(2, reps // 2)
    )
    memory = Row(
        "memory of a whole TUI playthrough (fy2024-02, played before, to the debrief; pilot 80×24, ja)",
        "bare Textual app under the pilot",
        mfigs,
        mrefs,
        "rss",
        1.5,
    )
    print(f"  playthrough memory {memory.ratio():.2f}×", flush=True)

    def first_play():  # an empty data directory each time: nothing cached, the YAML read and checked
        home = tempfile.mkdtemp(prefix="tabletop-bench-cold-")
        try:
            return mem([PY, "-c", PLAYTHROUGH, "fy2024-02", choices], dict(menv, TABLETOP_HOME=home))
        finally:
            shutil.rmtree(home, ignore_errors=True)

    crefs, cfigs = paired(bare_pilot, first_play, max(2, reps // 2))
    cold = Row(
        "memory of a first playthrough (the same, from an empty data directory)",
        "bare Textual app under the pilot",
        cfigs,
        crefs,
        "rss",
        None,
    )
    print(f"  first playthrough memory {cold.ratio():.2f}×", flush=True)
    # Where that memory goes: every module the playthrough had imported by its end,
    # imported with nothing run (no goal: it says how much of the playthrough's figure the
    # code, ours and the libraries', takes before any scenario, session or widget exists).
    irefs, ifigs = paired(bare_pilot, lambda: mem([PY, "-c", IMPORTS, modules]), max(2, reps // 2))
    imports = Row(
        "memory of the playthrough's modules alone (all it imported; no scenario, no widget)",
        "bare Textual app under the pilot",
        ifigs,
        irefs,
        "rss",
        None,
    )
    print(f"  modules alone {imports.ratio():.2f}×", flush=True)
    return [first, full, memory, cold, imports]


@dataclass
class Growth:
    nodes: int
    real_nodes: int
    load: list[Sample]
    validate: list[Sample]
    exhaustive: list[Sample]
    random_rate: float  # playthroughs per second
    steps_rate: float  # playthroughs per second × mean path length (median of three)
    steps_spread: str  # their min–max


def growth(env: dict, timeout: float) -> list[Growth]:
    out = []
    for size in SIZES:
        f = str(generate(size).relative_to(ROOT))
        real = Path(ROOT / f).read_text().count("\n  p") + 5  # one line per node at indent 2, and the rest
        reps = 3 if size <= 1000 else 1
        load, validate, exhaustive = [], [], []
        for _ in range(reps):
            s, text = run_out([PY, "-c", LOAD, f], env, timeout)
            if s.ok and text.strip():
                s.cpu = float(text)  # the load alone, without the interpreter's start
            load.append(s)
            fresh = dict(
                env, TABLETOP_HOME=tempfile.mkdtemp(prefix="tabletop-bench-")
            )  # checked, not recalled
            validate.append(run([TABLETOP, "validate", f], fresh, timeout))
            exhaustive.append(run([TABLETOP, "test", f], env, timeout))
        s, text = run_out([PY, "-c", RANDOM, f, str(RANDOM_STEPS)], env, timeout)
        rates, srates = [], []
        for line in text.splitlines() if s.ok else []:
            runs, secs, steps = line.split()
            rates.append(int(runs) / float(secs))
            srates.append(int(steps) / float(secs))
        rate = med(rates) if rates else float("nan")
        srate = med(srates) if srates else float("nan")
        sspread = f"{min(srates):,.0f}–{max(srates):,.0f}" if srates else "?"
        g = Growth(size, real, load, validate, exhaustive, rate, srate, sspread)
        out.append(g)
        print(
            f"  {size:>6} nodes: load {_cell(load)}, validate {_cell(validate)}, "
            f"exhaustive {_cell(exhaustive)}, random {rate:,.0f}/s × path = {srate:,.0f} steps/s",
            flush=True,
        )
    return out


def _cell(samples: list[Sample], mem: bool = True) -> str:
    if not all(s.ok for s in samples):
        t = max(s.wall for s in samples)
        return f"> {t:.0f} s (stopped), {max(s.rss for s in samples) / 1024:,.0f} MiB"
    cpu = [s.cpu for s in samples]
    text = f"{med(cpu):.2f} s" if len(cpu) == 1 else f"{med(cpu):.2f} s ({min(cpu):.2f}–{max(cpu):.2f})"
    return text + (f", {max(s.rss for s in samples) / 1024:,.0f} MiB" if mem else "")


def report(info: list[str], rows: list[Row], grow: list[Growth], seconds: float) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/bench.py); the README quotes figures only from here.",
        "",
        "Each figure is measured beside its reference in the same run: one warm-up run of each,",
        "then the repetitions interleaved (reference, figure, ...). Times are medians with the",
        "spread (min–max) in brackets. The ratio compares medians of CPU time (user + system) for",
        "commands, wall time to the frame for the terminal UI, and max RSS for memory. The",
        "TUI, `list` and `validate` run with a data directory filled by the warm-up run (their caches);",
        "the rows with an empty data directory show `list` and `validate` before their caches exist",
        "(validate keeps each file's diagnostics by the digest of the file, the catalogue and the",
        "engine's code, so only changed files are checked again).",
        "",
        "## Machine",
        "",
        *[f"- {x}" for x in info],
        f"- the whole run took {seconds:.0f} s",
        "",
    ]
    if rows:
        lines += [
            "## Figures and references",
            "",
            "| figure | median (spread) | reference | median (spread) | ratio | goal | met |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in rows:
            f, ref = r.values(r.measure)
            if r.measure == "rss":
                fs, rs = spread(f, 1, "MiB"), spread(ref, 1, "MiB")
            else:
                fs, rs = spread(f), spread(ref)
            ratio = r.ratio()
            goal = f"≤ {r.goal:g}×" if r.goal else f"≤ {r.limit * 1000:g} ms" if r.limit else "—"
            if r.goal:
                met = "yes" if ratio <= r.goal else "**no**"
            elif r.limit:
                met = "yes" if med(f) <= r.limit else "**no**"
            else:
                met = "—"
            kind = {"cpu": "CPU", "wall": "wall", "rss": "max RSS"}[r.measure]
            lines.append(
                f"| {r.figure} | {kind} {fs} | {r.reference} | {rs} | {ratio:.2f}× | {goal} | {met} |"
            )
        lines += ["", "Wall times and memory of the same runs:", ""]
        lines += [
            "| figure | wall | reference wall | wall ratio | max RSS | reference max RSS |",
            "|---|---|---|---|---|---|",
        ]
        for r in rows:
            if r.measure == "rss":
                continue
            f, ref = r.values("wall")
            fm, rm = r.values("rss")
            lines.append(
                f"| {r.figure} | {spread(f)} | {spread(ref)} | {r.ratio('wall'):.2f}× "
                f"| {max(fm):,.0f} MiB | {max(rm):,.0f} MiB |"
            )
        lines.append("")
    if grow:
        lines += [
            "## Growth with the graph",
            "",
            "Generated scenarios (benchmarks/generate.py): chains of phases, each a decision with a",
            "flag, a meter and a waiting loop, a check with conditional and chance edges, and three",
            "outcomes. CPU seconds and peak memory; validate and the exhaustive test are whole",
            "commands (`tabletop validate FILE`, `tabletop test FILE`), load is `engine.catalog.load`",
            "alone; random is `random_playtest`, as playthroughs per CPU second and as playthroughs per",
            "CPU second × mean path length (steps per second), about 500,000 steps at each size, median",
            "of three runs with the spread. Goals: validate and the exhaustive test",
            "of 10,000 nodes each under 10 s and 500 MB; steps per second within 2× from 100 to",
            "10,000 nodes.",
            "",
            "| nodes | load | validate | exhaustive | random /s | steps /s |",
            "|---|---|---|---|---|---|",
        ]
        for g in grow:
            lines.append(
                f"| {g.real_nodes:,} | {_cell(g.load, False)} | {_cell(g.validate)} | {_cell(g.exhaustive)} "
                f"| {g.random_rate:,.0f} | {g.steps_rate:,.0f} ({g.steps_spread}) |"
            )
        big = grow[-1]
        rates = [g.steps_rate for g in grow]
        within = max(rates) / min(rates)
        ok_v = all(s.ok and s.cpu < 10 and s.rss < 500 * 1024 for s in big.validate)
        ok_e = all(s.ok and s.cpu < 10 and s.rss < 500 * 1024 for s in big.exhaustive)
        lines += [
            "",
            f"- validate of {big.real_nodes:,} nodes under 10 s and 500 MB: {'yes' if ok_v else '**no**'}",
            f"- exhaustive test of {big.real_nodes:,} nodes under 10 s and 500 MB: {'yes' if ok_e else '**no**'}",
            f"- steps per second, largest over smallest across sizes: {within:.2f}× (goal ≤ 2×):"
            f" {'yes' if within <= 2 else '**no**'}",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("commands", "tui", "growth"), action="append")
    ap.add_argument("--reps", type=int, default=7, help="repetitions of each command (default 7)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a command is stopped")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = ap.parse_args()
    parts = args.only or ["commands", "tui", "growth"]
    t0 = time.perf_counter()
    info = machine()
    print("\n".join(info), flush=True)
    env = dict(os.environ, TABLETOP_HOME=tempfile.mkdtemp(prefix="tabletop-bench-"), TABLETOP_LANG="en")
    env.pop("PYTHONPATH", None)
    # Bytecode for Tabletop's own modules, as an installed package has it (pip compiles what
    # it installs; an editable install leaves it to the first import, which does not write
    # it where PYTHONDONTWRITEBYTECODE is set): otherwise every run of a figure would compile
    # the project's sources again while the references load their libraries' bytecode.
    packages = [str(ROOT / d) for d in ("tabletop", "engine", "sessions", "tui", "scenarios", "roles")]
    subprocess.run([PY, "-m", "compileall", "-q", *packages], check=True)
    rows: list[Row] = []
    grow: list[Growth] = []
    if "commands" in parts:
        rows += commands(env, args.reps)
    if "tui" in parts:
        rows += tui(env, args.reps)
    if "growth" in parts:
        grow = growth(env, args.timeout)
    text = report(info, rows, grow, time.perf_counter() - t0)
    Path(args.out).write_text(text, encoding="utf-8")
    print()
    print(text)


if __name__ == "__main__":
    main()
