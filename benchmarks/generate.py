"""Large generated scenarios for `make bench`: how the engine's cost grows with the graph.

A scenario of about N nodes is a chain of phases. Each phase is what a real scenario has
many of: news arrives, a decision with three options (one follows a practice and sets a
flag, one breaks it and costs a meter, one waits and comes back to the news later), a
check whose edges read the flag and the meter and fall back on a chance edge, three
outcomes that move the meters, and a bridge that ends the story early when service has
fallen too far. The last phase leads to a good or a mixed ending by the service meter.
Flags are the phase's own; the meters run through the whole story, as in the built-in
scenarios. Conditions read one meter (service, 11 values) and the phase's flag, so an
exhaustive playtest meets about 15 situations a node: the state space grows with the
graph, as it does when an author adds phases, not with a product of counters.

The files go to benchmarks/generated/ (ignored by git: they are rebuilt by every run and
are the same for the same size). Run alone: ``python benchmarks/generate.py 1000 3000``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "generated"
NODES_PER_PHASE = 8
ROLES = ("system", "management", "csirt", "pr", "business", "vendor")
# practices of the built-in catalogue, so the generated files need no catalogue of their own
PRACTICES = (
    "consider-attack-in-failure-analysis",
    "engage-external-ir-expertise",
    "share-in-real-time-across-organisations",
    "predefine-response-roles-and-criteria",
)


def scenario_text(nodes: int) -> str:
    phases = max(1, (nodes - 3) // NODES_PER_PHASE)
    out = [
        "format: 1",
        f"id: bench-{nodes}",
        f"title: {{ja: 生成されたシナリオ {nodes}, en: Generated scenario {nodes}}}",
        "summary: {ja: ベンチマーク用, en: For benchmarks}",
        "type: outage",
        "sector: energy",
        f"roles: [{', '.join(ROLES)}]",
        "duration: 90m",
        "flags:",
        *[f"  f{i}: false" for i in range(phases)],
        "meters:",
        "  service: {start: 100, min: 0, max: 100, label: {ja: 業務, en: Service}}",
        "  trust: {start: 100, min: 0, max: 100, label: {ja: 信頼, en: Trust}}",
        "start: p0-news",
        "nodes:",
    ]
    for i in range(phases):
        role = ROLES[i % len(ROLES)]
        practice = PRACTICES[i % len(PRACTICES)]
        after = f"p{i + 1}-news" if i + 1 < phases else "final"
        out += [
            f"  p{i}-news: {{kind: inject, advance: 5m, text: {{ja: 知らせ{i}, en: News {i}}}, next: p{i}-ask}}",
            f"  p{i}-ask:",
            "    kind: decision",
            f"    role: {role}",
            f"    prompt: {{ja: 問{i}, en: Question {i}}}",
            "    options:",
            f"      - {{id: act, text: {{ja: 動く, en: Act}}, practices: {{{practice}: 2}},"
            f" effects: {{set: {{f{i}: true}}, add: {{trust: 10}}}}}}",
            f"      - {{id: cut, text: {{ja: 削る, en: Cut}}, practices: {{{practice}: -2}},"
            " effects: {add: {service: -10}}}",
            f"      - {{id: wait, text: {{ja: 待つ, en: Wait}}, practices: {{{practice}: -1}},"
            f" effects: {{add: {{trust: -10}}, advance: 10m}}, next: p{i}-news}}",
            f"    next: p{i}-check",
            f"  p{i}-check:",
            "    kind: inject",
            f"    text: {{ja: 確認{i}, en: Check {i}}}",
            "    next:",
            f'      - {{when: "f{i} and service >= 50", to: p{i}-good}}',
            f"      - {{chance: 40, to: p{i}-hit}}",
            f"      - {{to: p{i}-calm}}",
            f"  p{i}-good: {{kind: inject, text: {{ja: 好転{i}, en: Better {i}}},"
            f" effects: {{add: {{service: 10}}}}, next: p{i}-bridge}}",
            f"  p{i}-hit: {{kind: inject, text: {{ja: 打撃{i}, en: Hit {i}}},"
            f" effects: {{add: {{service: -20, trust: -10}}}}, next: p{i}-bridge}}",
            f"  p{i}-calm: {{kind: inject, text: {{ja: 平穏{i}, en: Calm {i}}}, next: p{i}-bridge}}",
            f"  p{i}-bridge:",
            "    kind: inject",
            f"    text: {{ja: 区切り{i}, en: Bridge {i}}}",
            "    effects: {add: {service: 10, trust: 5}}",
            "    next:",
            '      - {when: "service < 30", to: collapse}',
            f"      - {{to: {after}}}",
        ]
    out += [
        "  final:",
        "    kind: inject",
        "    text: {ja: 最後, en: The end}",
        "    next:",
        '      - {when: "service >= 80", to: good-end}',
        "      - {to: mixed-end}",
        "  collapse: {kind: inject, text: {ja: 崩壊, en: Collapse}, next: bad-end}",
        "  good-end: {kind: ending, outcome: good, text: {ja: 良, en: Good}}",
        "  mixed-end: {kind: ending, outcome: mixed, text: {ja: 中, en: Mixed}}",
        "  bad-end: {kind: ending, outcome: bad, text: {ja: 悪, en: Bad}}",
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
    for arg in sys.argv[1:] or ["100", "1000", "3000", "10000"]:
        print(generate(int(arg)))
