"""`make loadtest`: many teams playing at once on one PostgreSQL server.

Starts a throwaway PostgreSQL on loopback (sessions/pgserver.py: initdb in a temporary
folder, durable settings: fsync and synchronous commit on), then runs TEAMS simulated teams
at once through the real store code, exactly as the terminal UI uses it: each team is a
Game (create, then every decision or rating saved with store.append and its `expect`), and
a second Game on the same session (the room's projector) follows it with Game.follow().
The teams play the built-in scenarios, picking options at random, with a think time
between answers.

At the end every team's log is read back and compared with what the team wrote: every
event exactly once, in order (lost counts the events missing, doubled or out of place).
The server is stopped and removed. The last line is

    loadtest: store=postgresql teams=N events=E lost=L p50=Xms p99=Yms throughput=Z events/s

p50/p99: the decision commit latency, the time of store.append for each answer (and each
self-rating); throughput: the events written while the teams played, over that time.
Exit code 0 when nothing was lost and no team failed, else 1.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_P99_MS = 100.0
MAX_STEPS = 80  # answers per team at most (a scenario that loops on random answers ends there)


def _percentile(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _check_in(i: int, store, catalog, scenarios, seed: int):
    """Team ``i``'s session (its start written) and its two terminals: the one that
    answers and the projector that follows."""
    from tabletop.sessions.game import Game

    scenario = scenarios[i % len(scenarios)]
    name = f"team-{seed}-{i:04d}"
    writer = Game.new(scenario, catalog, scenario.id, store, name, seed=seed + i, lang="en")
    projector = Game.resume(store, name, lambda ref: (scenario, catalog))
    return writer, projector


def _play_team(i: int, writer, projector, store, think: float, seed: int, ramp: float, out: dict) -> None:
    from tabletop.engine.play import offered

    rng = random.Random(seed + i)
    scenario, name = writer.scenario, writer.name
    before = len(writer.events)
    time.sleep(rng.uniform(0, ramp))  # the teams begin over the ramp, not in one instant
    out["started"] = time.time()
    for step in range(MAX_STEPS):
        w = writer.waiting
        if w.kind == "decide":
            q = w.node.question(w.roles[0])
            writer.decide(w.node.id, q.role, rng.choice(offered(q, writer.state)).id, by=f"team {i}")
        elif w.kind == "rule":
            last = writer.state.choices[-1]
            q = scenario.nodes[last.node].question(last.role)
            option = next(o for o in q.options if o.id == last.option)
            writer.rule(last.node, last.role, rng.choice(option.rubric).id, by="self")
        else:
            break
        if step % 2:
            projector.follow()
            if projector.events != writer.events[: len(projector.events)]:
                raise AssertionError(f"{name}: the projector's log is not the writer's")
        time.sleep(rng.uniform(0, 2 * think))
    out["finished"] = time.time()
    projector.follow()
    back = store.events(name)
    written = writer.events
    same = 0
    while same < min(len(back), len(written)) and back[same] == written[same]:
        same += 1
    out["lost"] += (len(written) - same) + (len(back) - same)
    out["events"] += len(written)
    out["played"] += len(written) - before
    out["decisions"] += writer.decisions
    if projector.events != written:
        out["lost"] += 1
        out["errors"].append(f"{name}: the projector did not catch up")


def run_teams(url: str, teams: list[int], think: float, seed: int, pool: int, ramp: float, ready) -> dict:
    """One process's share of the teams, each in a thread, on one store (a pool of
    ``pool`` connections): what they wrote, what was lost, the commit latencies. The
    sessions are created first; play begins when every process is ready (``ready``, a
    barrier), so that all the teams play at once."""
    from tabletop.engine.catalog import builtin_ids, load, load_catalog
    from tabletop.sessions.postgres import PostgresStore

    catalog, _ = load_catalog()
    scenarios = [load(i, catalog)[0] for i in sorted(builtin_ids())]
    store = PostgresStore(url, pool_size=pool)
    commits: list[float] = []
    append = store.append

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return append(*a, **kw)
        finally:
            commits.append(time.perf_counter() - t)

    store.append = timed  # what Game.record calls for every answer
    out = {"events": 0, "played": 0, "decisions": 0, "lost": 0, "errors": [], "commits": commits, "spans": []}
    lock = threading.Lock()

    terminals = {}
    for i in teams:
        try:
            terminals[i] = _check_in(i, store, catalog, scenarios, seed)
        except Exception:  # noqa: BLE001 - a failed team is counted and reported, not a crash
            out["errors"].append(f"team {i}: {traceback.format_exc(limit=3)}")
    commits.clear()  # the commits measured are the answers' (not the sessions' creation)
    ready.wait()

    def team(i: int) -> None:
        mine = {"events": 0, "played": 0, "decisions": 0, "lost": 0, "errors": []}
        try:
            _play_team(i, *terminals[i], store, think, seed, ramp, mine)
        except Exception:  # noqa: BLE001 - a failed team is counted and reported, not a crash
            mine["errors"].append(f"team {i}: {traceback.format_exc(limit=3)}")
        with lock:
            for k in ("events", "played", "decisions", "lost"):
                out[k] += mine[k]
            out["errors"] += mine["errors"]
            if "finished" in mine:
                out["spans"].append((mine["started"], mine["finished"]))

    threads = [threading.Thread(target=team, args=(i,), daemon=True) for i in terminals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--teams", type=int, default=500, help="teams playing at once (default 500)")
    p.add_argument("--think", type=float, default=1.0, help="mean seconds between a team's answers (1)")
    p.add_argument("--processes", type=int, default=4, help="processes the teams are spread over (4)")
    p.add_argument("--pool", type=int, default=6, help="connections per process (6)")
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which the teams start (5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--url", help="an existing PostgreSQL database instead of a throwaway server")
    args = p.parse_args(argv)

    from tabletop.sessions.pgserver import NoServer, ThrowawayServer

    server = None
    if args.url:
        url = args.url
    else:
        try:
            server = ThrowawayServer(settings={"max_connections": args.processes * (args.pool + 2) + 20})
            server.start()
        except NoServer as e:
            print(f"loadtest: {e}", file=sys.stderr)
            return 2
        url = server.url
        print(f"server: PostgreSQL in {server.dir} on 127.0.0.1:{server.port} (fsync on)", flush=True)
    try:
        from tabletop.sessions.postgres import PostgresStore

        PostgresStore(url).close()  # the schema, once, before the teams arrive
        shares = [list(range(k, args.teams, args.processes)) for k in range(args.processes)]
        print(
            f"teams: {args.teams} in {args.processes} processes, {args.pool} connections each, "
            f"think {args.think:.2f} s on average, ramp {args.ramp:.0f} s",
            flush=True,
        )
        ctx = get_context("spawn")
        with ctx.Manager() as manager, ProcessPoolExecutor(max_workers=args.processes, mp_context=ctx) as ex:
            ready = manager.Barrier(args.processes + 1)
            futures = [
                ex.submit(run_teams, url, share, args.think, args.seed, args.pool, args.ramp, ready)
                for share in shares
            ]
            ready.wait(timeout=600)  # every session created: the play begins
            t0 = time.monotonic()
            results = [f.result() for f in futures]
            wall = time.monotonic() - t0
    finally:
        if server is not None:
            server.remove()
    commits = [c for r in results for c in r["commits"]]
    events = sum(r["events"] for r in results)
    played = sum(r["played"] for r in results)  # written while the teams played (not at check-in)
    lost = sum(r["lost"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    decisions = sum(r["decisions"] for r in results)
    # the most teams playing at one moment (between their first and last answer)
    marks = sorted(
        [(a, 1) for r in results for a, _ in r["spans"]] + [(b, -1) for r in results for _, b in r["spans"]]
    )
    playing = peak = 0
    for _, d in marks:
        playing += d
        peak = max(peak, playing)
    for e in errors[:5]:
        print(f"error: {e}", file=sys.stderr)
    p50, p99 = _percentile(commits, 0.50) * 1000, _percentile(commits, 0.99) * 1000
    print(
        f"played: {decisions} decisions, {len(commits)} commits in {wall:.1f} s; commit latency "
        f"mean {statistics.fmean(commits) * 1000 if commits else 0:.1f} ms, max {max(commits, default=0) * 1000:.0f} ms; "
        f"{len(errors)} team(s) failed; at most {peak} teams playing at once; machine: {os.cpu_count()} cores"
    )
    print(f"goal: p99 under {GOAL_P99_MS:.0f} ms: {'met' if p99 < GOAL_P99_MS else 'NOT met'}")
    print(
        f"loadtest: store=postgresql teams={args.teams} events={events} lost={lost} "
        f"p50={p50:.1f}ms p99={p99:.1f}ms throughput={played / wall:.0f} events/s"
    )
    return 0 if lost == 0 and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
