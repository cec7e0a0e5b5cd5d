"""Performance figures: `make bench`. Prints medians; nothing here is a pass/fail test."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tabletop.engine.analysis import reach, score_bounds  # noqa: E402
from tabletop.engine.catalog import builtin_ids, load, load_catalog  # noqa: E402
from tabletop.engine.play import Decided, Started, apply, initial, settle, waiting  # noqa: E402
from tabletop.engine.playtest import exhaustive  # noqa: E402
from tabletop.engine.scoring import debrief  # noqa: E402
from tabletop.engine.sim import random_playtest  # noqa: E402
from tests.hostile import HOSTILE  # noqa: E402

TABLETOP = str(Path(sys.executable).parent / "tabletop")


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def main() -> None:
    med, worst = timed([TABLETOP, "--help"], 21)
    print(
        f"tabletop --help                 median {med * 1000:7.1f} ms   max {worst * 1000:7.1f} ms   (21 runs)"
    )
    med, worst = timed([TABLETOP, "validate", "scenarios/", "roles/"], 7)
    print(
        f"validate scenarios/ roles/      median {med * 1000:7.1f} ms   max {worst * 1000:7.1f} ms   (7 runs)"
    )

    from tui_figures import main as tui_figures

    tui_figures()

    hostile = {k: HOSTILE[k] for k in ("bomb.yaml", "huge.yaml", "deep.yaml", "binary.yaml")}
    with tempfile.TemporaryDirectory() as d:
        for name, data in hostile.items():
            f = Path(d) / "x.yaml"
            f.write_bytes(data)
            med, worst = timed([TABLETOP, "validate", str(f)], 5)
            print(
                f"validate hostile: {name:<13} median {med * 1000:7.1f} ms   max {worst * 1000:7.1f} ms   (5 runs)"
            )

    catalog, _ = load_catalog()
    for sid in builtin_ids():
        sc, _ = load(sid, catalog)
        t0 = time.perf_counter()
        b = score_bounds(sc)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{sid}: best {b.best} worst {b.worst} (exact: {b.exact}) in {ms:.0f} ms")
        t0 = time.perf_counter()
        found = sum(reach(sc, e.id) is not None for e in sc.endings)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{sid}: {found} of {len(sc.endings)} endings reached by search in {ms:.0f} ms")
        t0 = time.perf_counter()
        s = apply(sc, initial(), Started(sc.id, seed=1))
        s, _ = settle(sc, s)
        while not s.ended:
            w = waiting(sc, s)
            q = w.node.question(w.roles[0])
            s = apply(sc, s, Decided(w.node.id, q.role, q.options[0].id))
            s, _ = settle(sc, s)
        debrief(sc, catalog, s)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{sid}: one playthrough and its debrief (every bound per function and role) in {ms:.0f} ms")
        rng = random.Random(1)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 2.0:
            s = apply(sc, initial(), Started(sc.id, seed=n))
            s, _ = settle(sc, s)
            while not s.ended:
                w = waiting(sc, s)
                q = w.node.question(w.roles[0])
                s = apply(sc, s, Decided(w.node.id, q.role, rng.choice(q.options).id))
                s, _ = settle(sc, s)
            n += 1
        rate = n / (time.perf_counter() - t0)
        print(f"{sid}: {rate:,.0f} random playthroughs per second (engine, one core)")
        rep = random_playtest(sc, 10_000, seed=1)
        print(
            f"{sid}: {rep.rate:,.0f} random playthroughs per second (tabletop test --random 10000 --seed 1)"
        )
        t0 = time.perf_counter()
        ex = exhaustive(sc, catalog)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{sid}: exhaustive playtest, {ex.coverage.situations:,} situations, in {ms:.0f} ms")


if __name__ == "__main__":
    main()
