"""`tabletop test`: exhaustive and random playtests of a scenario, for authors."""

from __future__ import annotations

import sys
import time

from tabletop.engine.encode import to_json

EXAMPLES = """\
examples:
  tabletop test fy2024-02                       every option and both sides of every condition
  tabletop test my-drill.yaml --random 10000 --seed 1   10,000 seeded random playthroughs
  tabletop test my-drill.yaml --exhaustive --random 500 --json
  tabletop test my-drill.yaml --strict          design targets missed are findings too
"""


def add_parser(sub) -> None:
    import argparse

    s = sub.add_parser(
        "test",
        help="playtest a scenario: every path, or N random ones",
        description="Playtest a scenario. --exhaustive (the default) plays every option of every decision "
        "and both sides of every condition, and reports nodes and options never reached, endings reachable "
        "and not, the best and worst score with their paths, decisions where every option scores the same, "
        "and practices no path can follow. --random N plays N seeded random playthroughs and reports "
        "coverage, the spread of scores and endings, and playthroughs per second. Both end with design "
        "metrics for authors (docs/authoring.md), which inform; with --strict a missed target is a finding. "
        "Exit 0 when nothing is wrong, 1 with findings, 2 when the scenario could not be loaded.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("scenario", metavar="ID|PATH", help="a scenario id (or unique prefix) or a file")
    s.add_argument("--exhaustive", action="store_true", help="explore every path (default without --random)")
    s.add_argument("--random", type=int, metavar="N", help="N seeded random playthroughs")
    s.add_argument("--seed", type=int, default=0, help="seed of the random playthroughs (default 0)")
    s.add_argument("--json", action="store_true", help="print JSON for tools")
    s.add_argument("--lang", choices=("ja", "en"), help="language of option texts in paths")
    s.add_argument(
        "--strict",
        action="store_true",
        help="design metrics that miss their targets (the scenario's design:, else the defaults) are findings",
    )
    s.add_argument("--no-metrics", action="store_true", help="skip the design metrics (faster)")


def run(args) -> int:

    from ..errors import CliError
    from ..loading import load_catalog_or_fail, load_or_fail

    if args.random is not None and not 1 <= args.random <= 10_000_000:
        raise CliError("--random takes a number of playthroughs from 1 to 10,000,000")
    catalog = load_catalog_or_fail()
    scenario = load_or_fail(args.scenario, catalog)
    from tabletop.engine.sim import long_lived_frozen

    # The scenario and catalogue live until the command ends: leave them out of the
    # garbage collector's passes, which then cost what the playtests allocate, not the
    # size of the scenario (on a 10,000-node file, 300,000 objects looked over again).
    # Thawed at the end: a caller in the same process (a test) keeps a normal collector.
    with long_lived_frozen():
        return _test(args, scenario, catalog)


def _test(args, scenario, catalog) -> int:
    from tabletop.engine.analysis import TooLarge

    from .. import exit_codes
    from ..errors import CliError
    from ..lang import default_lang

    lang = args.lang or default_lang()
    do_exhaustive = args.exhaustive or args.random is None
    out: dict = {"scenario": scenario.id}
    findings = []
    if do_exhaustive:
        from tabletop.engine.playtest import exhaustive

        t0 = time.perf_counter()
        try:
            ex = exhaustive(scenario, catalog)
        except TooLarge as e:
            raise CliError(f"{scenario.id}: {e}", exit_codes.CANNOT_RUN) from None
        out["exhaustive"] = _exhaustive_json(scenario, ex, time.perf_counter() - t0)
        findings += [f for f in ex.findings if f.kind != "note"]
    if args.random is not None:
        from tabletop.engine.sim import random_playtest

        rep = random_playtest(scenario, args.random, args.seed)
        out["random"] = _random_json(scenario, rep)
    if not args.no_metrics:
        from tabletop.engine.metrics import design_metrics
        from tabletop.engine.playtest import Finding

        m = design_metrics(scenario, seed=args.seed, best=ex.best if do_exhaustive else None)
        out["design"] = _design_json(m)  # no timing: the same seed gives the same JSON
        if args.strict:  # without --strict the metrics inform and the exit code stays as it was
            findings += [Finding("design", f.where, f.message) for f in m.findings()]
    out["findings"] = [{"kind": f.kind, "where": f.where, "message": f.message} for f in findings]
    if args.json:
        print(to_json(out, indent=2))
    else:
        _print(scenario, catalog, out, lang, ex if do_exhaustive else None)
    return exit_codes.FINDINGS if findings else exit_codes.OK


def _design_json(m) -> dict:
    return {
        "targets": m.targets,
        "dominant": {
            "questions": m.questions,
            "dominant": len(m.dominant),
            "share": round(m.dominant_share, 4),
            "where": [{"node": n, "role": r} for n, r in m.dominant],
        },
        "sequences": {"count": m.sequences, "source": m.sequences_source, "note": m.sequences_note},
        "endings": {
            "runs": m.runs,
            "seed": m.seed,
            "share": {e: round(m.ending_share(e), 4) for e in m.endings},
        },
        "best": m.best,
        "strategies": [
            {
                "strategy": s.name,
                "lang": s.lang or None,
                "score": None if s.score is None else round(s.score, 2),
                "share": None if s.share is None else round(s.share, 4),
                "runs": s.runs,
            }
            for s in m.strategies
        ],
        "best_is_longest": {
            lang: {"questions": k, "of": n, "share": round(k / n, 4) if n else None}
            for lang, (k, n) in m.best_longest.items()
        },
        "closing_practices": list(m.closing),
        "missed": [{"target": f.key, "where": f.where, "message": f.message} for f in m.findings()],
    }


def _steps(scenario, steps) -> list[dict]:
    return [
        {"node": c.node, "role": c.role, "option": c.option, "points": c.gain}
        | ({"level": c.level} if c.level else {})
        for s in steps
        for c in s.choices
    ]


def _exhaustive_json(scenario, ex, seconds: float) -> dict:
    cov = ex.coverage
    n_options = sum(len(q.options) for n in scenario.decisions for q in n.questions)
    n_conds = len(cov.conditions)
    return {
        "seconds": round(seconds, 3),
        "situations": cov.situations,
        "nodes": {"reached": len(cov.nodes), "total": len(scenario.nodes)},
        "options": {"chosen": len(cov.options), "total": n_options},
        "conditions": {
            "both_ways": sum(1 for y, n in cov.conditions.values() if y and n),
            "total": n_conds,
        },
        "endings": {e.id: {"outcome": e.outcome, "reachable": e.id in cov.endings} for e in scenario.endings},
        # an exercise whose options score nothing is evaluated by its objectives alone
        "evaluated_by": "objectives" if scenario.evaluated_by_objectives else "score",
        "best": {"score": ex.best, "path": _steps(scenario, ex.best_path)},
        "worst": {"score": ex.worst, "path": _steps(scenario, ex.worst_path)},
        "exact": ex.exact,
        "notes": [{"where": f.where, "message": f.message} for f in ex.findings if f.kind == "note"],
    }


def _random_json(scenario, rep) -> dict:
    import statistics

    scores = []
    for s, k in rep.scores.items():
        scores += [s] * k
    return {
        "runs": rep.runs,
        "seed": rep.seed,
        "seconds": round(rep.seconds, 4),
        "per_second": round(rep.rate),
        "endings": rep.endings,
        "scores": {
            "min": rep.worst_seen,
            "median": statistics.median(scores),
            "mean": round(statistics.fmean(scores), 2),
            "max": rep.best_seen,
            "histogram": {str(k): v for k, v in rep.scores.items()},
        },
        "nodes": rep.node_visits,
        "options": [
            {"node": n, "role": r, "option": o, "chosen": k} for (n, r, o), k in rep.option_picks.items()
        ],
    }


def _print(scenario, catalog, out: dict, lang: str, ex) -> None:
    from tabletop.engine.text import clean

    w = sys.stdout.write

    def option_text(c) -> str:
        q = scenario.nodes[c["node"]].question(c["role"])
        t = clean(q.option(c["option"]).text.get(lang))
        return t if len(t) <= 60 else t[:59] + "…"

    w(f"{scenario.id}\n")
    e = out.get("exhaustive")
    if e:
        w(f"  exhaustive: {e['situations']:,} situations explored in {e['seconds']:.2f} s\n")
        w(
            f"  nodes reached {e['nodes']['reached']} of {e['nodes']['total']}; options chosen "
            f"{e['options']['chosen']} of {e['options']['total']}; conditions both ways "
            f"{e['conditions']['both_ways']} of {e['conditions']['total']}\n"
        )
        ends = e["endings"]
        w(
            f"  endings reachable {sum(v['reachable'] for v in ends.values())} of {len(ends)}: "
            + ", ".join(
                f"{k} ({v['outcome']}{'' if v['reachable'] else ', NOT reachable'})" for k, v in ends.items()
            )
            + "\n"
        )
        chances = [
            f"{n.id} → {edge.to} {edge.chance}%"
            for n in scenario.nodes.values()
            for edges in [n.next, *(o.next for q in n.questions for o in q.options)]
            for edge in edges
            if edge.chance is not None
        ]
        if chances:  # the odds authors wrote, so that they can be checked at a glance
            w(f"  chance edges: {', '.join(chances)}\n")
        if e["evaluated_by"] == "objectives":
            tasks = [t for ob in scenario.objectives for t in ob.tasks]
            w(
                f"  no scored options; evaluated by objectives: {len(scenario.objectives)} objectives, "
                f"{len(tasks)} critical tasks ({sum(t.rated for t in tasks)} rated by the facilitator, "
                "or by the players alone)\n"
            )
        for label in ("best", "worst") if e["evaluated_by"] == "score" else ():
            b = e[label]
            w(f"  {label} score {b['score']}{'' if e['exact'] else ' (not proven exact)'}:\n")
            for i, c in enumerate(b["path"], 1):
                w(
                    f"    {i:>2}. {c['node']} [{c['role']}] {c['option']}"
                    + (f" → {c['level']}" if c.get("level") else "")
                    + f" ({c['points']:+d})  {option_text(c)}\n"
                )
        for n in e["notes"]:
            w(f"  note: {n['message']}\n")
    r = out.get("random")
    if r:
        w(
            f"  random: {r['runs']:,} playthroughs (seed {r['seed']}) in {r['seconds']:.2f} s: "
            f"{r['per_second']:,} per second\n"
        )
        s = r["scores"]
        w(f"  scores: min {s['min']}, median {s['median']}, mean {s['mean']}, max {s['max']}\n")
        w("  endings:\n")
        for k, v in r["endings"].items():
            w(f"    {k:<40} {v:>8,}  {100 * v / r['runs']:5.1f}%\n")
        never = [k for k, v in r["nodes"].items() if not v]
        rare = sorted(((v, k) for k, v in r["nodes"].items() if v), key=lambda x: x[0])[:3]
        w(
            f"  node coverage: {len(r['nodes']) - len(never)} of {len(r['nodes'])} reached"
            + (f"; never: {', '.join(never)}" if never else "")
            + ("; rarest: " + ", ".join(f"{k} {100 * v / r['runs']:.1f}%" for v, k in rare) if rare else "")
            + "\n"
        )
        opts = r["options"]
        unpicked = [f"{o['node']}/{o['option']}" for o in opts if not o["chosen"]]
        w(
            f"  option coverage: {len(opts) - len(unpicked)} of {len(opts)} chosen"
            + (f"; never: {', '.join(unpicked)}" if unpicked else "")
            + "\n"
        )
    if "design" in out:
        _print_design(out["design"], w)
    f = out["findings"]
    if f:
        w(f"  {len(f)} finding(s):\n")
        for x in f:
            w(f"    {x['kind']}: {x['where']}: {x['message']}\n")
    else:
        w("  no findings\n")


def _print_design(d: dict, w) -> None:
    t = d["targets"]

    def pct(x) -> str:
        return "-" if x is None else f"{100 * x:.0f}%"

    def mark(ok: bool) -> str:
        return "" if ok else "  (target missed)"

    w("  design metrics (targets: the scenario's design:, else the defaults):\n")
    dm = d["dominant"]
    w(
        f"    dominant option (2+ points ahead of all others): {dm['dominant']} of {dm['questions']} questions "
        f"({pct(dm['share'])}; target at most {pct(t['max_dominant_share'])})"
        f"{mark(dm['share'] <= t['max_dominant_share'])}\n"
    )
    sq = d["sequences"]
    count = "unbounded" if sq["count"] is None else f"{sq['count']:,}"
    note = f"; {sq['note']}" if sq["note"] else ""
    w(
        f"    distinct decision sequences: {count} ({sq['source']}{note}; target at least {t['min_sequences']:g})"
        f"{mark(sq['count'] is None or sq['count'] >= t['min_sequences'])}\n"
    )
    en = d["endings"]
    w(
        f"    endings in {en['runs']:,} random playthroughs (seed {en['seed']}; target at least "
        f"{100 * t['min_ending_share']:g}% each):\n"
    )
    for e, share in en["share"].items():
        w(f"      {e:<40} {100 * share:5.1f}%{mark(share >= t['min_ending_share'])}\n")
    w(
        f"    text-only strategies, score and share of the best ({d['best']}; target below "
        f"{pct(t['max_text_strategy_share'])}):\n"
    )
    for s in d["strategies"]:
        label = s["strategy"] + (f" ({s['lang']})" if s["lang"] else "")
        if s["score"] is None:
            w(f"      {label:<16} never ends (goes round a loop)\n")
            continue
        mean = f", mean of {s['runs']} seeded runs" if s["runs"] > 1 else ""
        ok = s["share"] is None or s["share"] < t["max_text_strategy_share"]
        w(f"      {label:<16} {s['score']:>7g}  {pct(s['share']):>5}{mean}{mark(ok)}\n")
    for lang, b in d["best_is_longest"].items():
        ok = b["share"] is None or b["share"] <= t["max_best_longest_share"]
        w(
            f"    best option is also the longest ({lang}): {b['questions']} of {b['of']} questions "
            f"({pct(b['share'])}; target at most {pct(t['max_best_longest_share'])}){mark(ok)}\n"
        )
    cp = d["closing_practices"]
    w(
        f"    practices scored only in the last decision: {', '.join(cp) if cp else 'none'}"
        f"{mark(len(cp) <= t['max_closing_practices'])}\n"
    )
