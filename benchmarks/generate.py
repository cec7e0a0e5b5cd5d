"""Large generated scenarios for `make bench`: how the engine's cost grows with the graph.

A scenario of at least N nodes (up to six more) is a chain of phases. Each phase is what
a real scenario has many of: news arrives, a decision with three options (one follows a practice and sets a
flag, one breaks it and costs a meter, one waits and comes back to the news later), a
check whose edges read the flag and the meter and fall back on a chance edge, three
outcomes that move the meters, and a bridge that ends the story early when service has
fallen too far. The last phase leads to a good or a mixed ending by the service meter.
Flags are the phase's own; the meters run through the whole story, as in the built-in
scenarios. Conditions read one meter (service, 11 values) and the phase's flag, so an
exhaustive playtest meets about 15 situations a node: the state space grows with the
graph, as it does when an author adds phases, not with a product of counters.
Texts are in one language (a plain string, two YAML values fewer than {ja:, en:}): the
10,000-node file then stays inside the reader's limits (engine.yamlread: 200,000 values,
2 MiB), which the bilingual one exceeded at 10,001 nodes.

The files go to benchmarks/generated/ (ignored by git: they are rebuilt by every run and
are the same for the same size). Run alone: ``python benchmarks/generate.py 1000 3000``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "generated"
NODES_PER_PHASE = 7  # news, decision, check, three outcomes, bridge
CLOSING_NODES = 5  # final, collapse and the three endings
ROLES = ("system", "management", "csirt", "pr", "business", "vendor")
# practices of the built-in catalogue, so the generated files need no catalogue of their own
PRACTICES = (
    "consider-attack-in-failure-analysis",
    "engage-external-ir-expertise",
    "share-in-real-time-across-organisations",
    "predefine-response-roles-and-criteria",
)


def scenario_text(nodes: int) -> str:
    # enough phases to reach ``nodes`` (the largest size is then at least its name)
    phases = max(1, -(-(nodes - CLOSING_NODES) // NODES_PER_PHASE))
    out = [
        "format: 1",
        f"id: bench-{nodes}",
        f"title: Generated scenario {nodes}",
        "summary: For benchmarks",
        "type: outage",
        "sector: energy",
        f"roles: [{', '.join(ROLES)}]",
        "duration: 90m",
        "flags:",
        *[f"  f{i}: false" for i in range(phases)],
        "meters:",
        "  service: {start: 100, min: 0, max: 100, label: Service}",
        "  trust: {start: 100, min: 0, max: 100, label: Trust}",
        "start: p0-news",
        "nodes:",
    ]
    for i in range(phases):
        role = ROLES[i % len(ROLES)]
        practice = PRACTICES[i % len(PRACTICES)]
        after = f"p{i + 1}-news" if i + 1 < phases else "final"
        out += [
            f"  p{i}-news: {{kind: inject, advance: 5m, text: News {i}, next: p{i}-ask}}",
            f"  p{i}-ask:",
            "    kind: decision",
            f"    role: {role}",
            f"    prompt: Question {i}",
            "    options:",
            f"      - {{id: act, text: Act, practices: {{{practice}: 2}},"
            f" effects: {{set: {{f{i}: true}}, add: {{trust: 10}}}}}}",
            f"      - {{id: cut, text: Cut, practices: {{{practice}: -2}},"
            " effects: {add: {service: -10}}}",
            f"      - {{id: wait, text: Wait, practices: {{{practice}: -1}},"
            f" effects: {{add: {{trust: -10}}, advance: 10m}}, next: p{i}-news}}",
            f"    next: p{i}-check",
            f"  p{i}-check:",
            "    kind: inject",
            f"    text: Check {i}",
            "    next:",
            f'      - {{when: "f{i} and service >= 50", to: p{i}-good}}',
            f"      - {{chance: 40, to: p{i}-hit}}",
            f"      - {{to: p{i}-calm}}",
            f"  p{i}-good: {{kind: inject, text: Better {i},"
            f" effects: {{add: {{service: 10}}}}, next: p{i}-bridge}}",
            f"  p{i}-hit: {{kind: inject, text: Hit {i},"
            f" effects: {{add: {{service: -20, trust: -10}}}}, next: p{i}-bridge}}",
            f"  p{i}-calm: {{kind: inject, text: Calm {i}, next: p{i}-bridge}}",
            f"  p{i}-bridge:",
            "    kind: inject",
            f"    text: Bridge {i}",
            "    effects: {add: {service: 10, trust: 5}}",
            "    next:",
            '      - {when: "service < 30", to: collapse}',
            f"      - {{to: {after}}}",
        ]
    out += [
        "  final:",
        "    kind: inject",
        "    text: The end",
        "    next:",
        '      - {when: "service >= 80", to: good-end}',
        "      - {to: mixed-end}",
        "  collapse: {kind: inject, text: Collapse, next: bad-end}",
        "  good-end: {kind: ending, outcome: good, text: Good}",
        "  mixed-end: {kind: ending, outcome: mixed, text: Mixed}",
        "  bad-end: {kind: ending, outcome: bad, text: Bad}",
        "debrief:",
        f"  lessons: [{', '.join(PRACTICES)}]",
    ]
    return "\n".join(out) + "\n"


def generate(nodes: int) -> Path:
    """The file of the scenario of about ``nodes`` nodes (written if missing or different)."""
    OUT.mkdir(exist_ok=True)
    f = OUT / f"bench-{nodes}.yaml"
    text = scenario_text(nodes)
    if not f.exists() or f.read_text(encoding="utf-8") != text:
        f.write_text(text, encoding="utf-8")
    return f


if __name__ == "__main__":
    sizes = sys.argv[1:] or ["100", "1000", "3000", "10000"]
    if not all(a.isdigit() and 10 <= int(a) <= 100_000 for a in sizes):
        sys.exit(
            "usage: python benchmarks/generate.py [NODES ...]  (each from 10 to 100,000; default 100 1000 3000 10000)"
        )
    for arg in sizes:
        print(generate(int(arg)))
