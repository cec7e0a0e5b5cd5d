"""The graph renderers (engine/graph.py) and `tabletop graph` (tui/cli/commands/graph.py)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess

import pytest

from tabletop.engine import expr
from tabletop.engine.analysis import score_bounds
from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.diagnostics import Sink
from tabletop.engine.graph import best_route, dot_string, mermaid_text, outline, short, to_dot, to_mermaid
from tabletop.engine.loader import load_scenario
from tabletop.engine.model import Edge, Node, Option, Question, Scenario, Text, Variable
from tabletop.engine.play import Started, State, apply
from tests.conftest import MINI

BUILTIN = sorted(builtin_ids())
LANGS = ("ja", "en")
SHORT = "「a#3;b」&x; [c] %% {d}|e|`f`"  # fits a node label uncut
SHORT2 = '<g> "h" \\i'
HOSTILE = (
    'Q"uote \\back\\slash\\ <b>x</b> [y] {z} (p) |pipe| #35; &amp; `t` %% 50%;\nnew line\\n 「日本語」テスト'
)

NODE_LINE = re.compile(r'^    (n\d+)(\[|\{\{|\(\[|>)"([^"\n]*)"(\]|\}\}|\]\))$')
EDGE_LINE = re.compile(r'^    (n\d+) (-->|==>)(\|"([^"\n]*)"\|)? (n\d+)$')
# a DOT quoted string: no bare quote, every backslash escapes something
DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
DOT_NODE = re.compile(rf"^    ({DOT_STRING}) \[(.*)\];$")
DOT_EDGE = re.compile(rf"^    ({DOT_STRING}) -> ({DOT_STRING})( \[(.*)\])?;$")


@pytest.fixture(scope="module")
def builtins(builtin_catalog):
    out = {}
    for sid in BUILTIN:
        sc, diags = load(sid, builtin_catalog)
        assert sc is not None, diags
        out[sid] = (sc, score_bounds(sc).best_path)
    return out


def _expected_edges(sc: Scenario) -> int:
    n = 0
    for node in sc.nodes.values():
        if node.kind == "decision" and len(node.questions) == 1:
            n += sum(len(o.next or node.next) for o in node.questions[0].options)
        else:
            n += len(node.next)
    return n


def _best_sequence(sc: Scenario, path) -> list[str]:
    seq = list(apply(sc, State(), Started(sc.id)).feed)  # the nodes delivered before the first decision
    for step in path:
        seq += list(step.nodes)
    return seq


def _unquote_dot(s: str) -> str:
    """A DOT quoted string's text; label line breaks (the \\n escape) become newlines."""
    out, i = [], 1
    while i < len(s) - 1:
        if s[i] == "\\":
            out.append("\n" if s[i + 1] == "n" else s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _mermaid_body(text: str) -> list[str]:
    """The lines after the front matter; checks the front matter (the title, as JSON)."""
    lines = text.splitlines()
    assert lines[0] == "---" and lines[2] == "---" and lines[3] == "flowchart TD", lines[:4]
    assert re.fullmatch(r'title: "(?:[^"\\]|\\.)*"', lines[1]), lines[1]
    return lines[4:]


# -- every built-in scenario -------------------------------------------------------------


@pytest.mark.parametrize("sid", BUILTIN)
def test_builtin_mermaid_is_well_formed_and_complete(builtins, builtin_catalog, sid):
    sc, path = builtins[sid]
    for lang in LANGS:
        text = to_mermaid(sc, lang, builtin_catalog, path)
        lines = _mermaid_body(text)
        node_lines = [m for m in map(NODE_LINE.match, lines) if m]
        edge_lines = [m for m in map(EDGE_LINE.match, lines) if m]
        other = [
            line
            for line in lines
            if not NODE_LINE.match(line)
            and not EDGE_LINE.match(line)
            and not re.match(r"^    (classDef|class|linkStyle) [A-Za-z0-9_,#:%.\- ]+$", line)
        ]
        assert not other, other  # every line is a node, an edge or a style
        assert len(node_lines) == len(sc.nodes) + len(sc.deadlines)  # deadlines stand apart, after the nodes
        node_lines = node_lines[: len(sc.nodes)]
        labels = [m.group(3) for m in node_lines]
        for nid, label in zip(sc.nodes, labels, strict=True):
            assert mermaid_text(nid) in label.split("<br/>")[0 if sc.nodes[nid].kind != "ending" else 1]
        assert len(edge_lines) == _expected_edges(sc)
        # shapes: decisions hexagons, endings stadiums, injects boxes
        for nid, m in zip(sc.nodes, node_lines, strict=True):
            assert m.group(2) == {"inject": "[", "decision": "{{", "ending": "(["}[sc.nodes[nid].kind]
        assert text == to_mermaid(sc, lang, builtin_catalog, path)  # deterministic


@pytest.mark.parametrize("sid", BUILTIN)
def test_builtin_dot_is_well_formed_and_complete(builtins, builtin_catalog, sid):
    sc, path = builtins[sid]
    for lang in LANGS:
        text = to_dot(sc, lang, builtin_catalog, path)
        lines = text.splitlines()
        assert lines[0] == f'digraph "{sc.id}" {{' and lines[-1] == "}"
        nodes = {_unquote_dot(m.group(1)): m.group(2) for m in map(DOT_NODE.match, lines) if m}
        edges = [m for m in map(DOT_EDGE.match, lines) if m]
        assert set(nodes) == set(sc.nodes) | {f"deadline:{d.id}" for d in sc.deadlines}
        assert len(edges) == _expected_edges(sc)
        for nid, attrs in nodes.items():
            kind = sc.nodes[nid].kind if nid in sc.nodes else "deadline"
            assert ("shape=hexagon" in attrs) == (kind == "decision")
            assert ("peripheries=2" in attrs) == (kind == "ending")
        assert text == to_dot(sc, lang, builtin_catalog, path)


@pytest.mark.parametrize("sid", BUILTIN)
def test_edge_labels_name_options_conditions_and_chances(builtins, builtin_catalog, sid):
    sc, path = builtins[sid]
    text = to_dot(sc, "en", builtin_catalog, path)
    edge_labels = [
        _unquote_dot(m.group(1)) for m in re.finditer(rf"-> {DOT_STRING} \[label=({DOT_STRING})", text)
    ]
    for node in sc.nodes.values():
        if node.kind == "decision" and len(node.questions) == 1:
            for k, o in enumerate(node.questions[0].options, 1):
                want = short(f"{k}. {o.text.get('en')}", 26)
                assert any(lbl.startswith(want + "\n") or lbl == want for lbl in edge_labels), (node.id, want)
        lists = [node.next] + [o.next for q in node.questions for o in q.options]
        for edges in lists:
            for e in edges:
                if e.chance is not None:
                    assert any(f"{e.chance}%" in lbl for lbl in edge_labels)
                elif e.when:
                    assert any(short(f"if {e.when}", 30) in lbl for lbl in edge_labels), e.when


@pytest.mark.parametrize("sid", BUILTIN)
def test_best_path_is_highlighted(builtins, builtin_catalog, sid):
    sc, path = builtins[sid]
    seq = _best_sequence(sc, path)
    nodes, edges = best_route(sc, path)
    assert nodes == set(seq)
    assert len(edges) == len(seq) - 1  # one marked edge per move along the path
    ends = [n for n in seq if sc.nodes[n].kind == "ending"]
    assert len(ends) == 1 and seq[-1] == ends[0]
    # each chosen option is the option of a marked edge out of its decision
    for step in path:
        for c in step.choices:
            if len(sc.nodes[c.node].questions) == 1:
                assert any(src == c.node and opt == c.option for src, opt, _ in edges)

    dot = to_dot(sc, "en", builtin_catalog, path)
    thick_nodes = {
        _unquote_dot(m.group(1))
        for m in map(DOT_NODE.match, dot.splitlines())
        if m and "penwidth=3" in m.group(2)
    }
    assert thick_nodes == nodes
    assert dot.count('fontcolor="#1f5fbf", penwidth=3') == len(edges)

    mm = to_mermaid(sc, "en", builtin_catalog, path)
    assert mm.count(" ==>") == len(edges)
    link_style = re.search(r"^    linkStyle ([\d,]+) ", mm, re.M).group(1).split(",")
    assert len(link_style) == len(edges)
    edge_lines = [line for line in mm.splitlines() if EDGE_LINE.match(line)]
    assert all("==>" in edge_lines[int(i)] for i in link_style)
    best_class = re.search(r"^    class ([n\d,]+) best$", mm, re.M).group(1).split(",")
    assert len(best_class) == len(nodes)


def test_endings_are_coloured_by_outcome(builtins, builtin_catalog):
    sc, path = builtins[BUILTIN[1]]
    dot = to_dot(sc, "en", builtin_catalog, path)
    fills = {"good": "#d9f2d9", "mixed": "#fff3cd", "bad": "#f8d7da"}
    for e in sc.endings:
        line = next(line for line in dot.splitlines() if line.startswith(f'    "{e.id}" ['))
        assert f'fillcolor="{fills[e.outcome]}"' in line
        assert f"{e.id} · {e.outcome}" in line
    mm = to_mermaid(sc, "ja", builtin_catalog, path)
    for outcome in fills:
        assert re.search(rf"^    classDef {outcome} fill:{fills[outcome]},", mm, re.M)
        assert re.search(rf"^    class [n\d,]+ {outcome}$", mm, re.M)
    assert "· 良好" in mm and "· 深刻" in mm


def test_japanese_labels(builtins, builtin_catalog):
    sc, path = builtins["fy2024-02-ransomware-core-system"]
    mm = to_mermaid(sc, "ja", builtin_catalog, path)
    dot = to_dot(sc, "ja", builtin_catalog, path)
    assert "システム部門" in mm and "システム部門" in dot  # role names from the catalogue
    assert "基幹システムがランサムウェアで停止" in dot  # the title
    assert "1. 保守事業者に連絡し" in dot
    # long Japanese text is cut at a column budget (a CJK character is two columns)
    for label in re.findall(r'label="([^"]*)"', dot):
        for line in label.split("\\n"):
            assert len(line) <= 90


def test_short_cuts_by_columns():
    assert short("abc", 5) == "abc"
    assert short("abcdefgh", 5) == "abcd…"
    assert short("日本語のテキスト", 7) == "日本語…"
    assert short("a\nb\t c\x1b[31m", 10) == "a b c"


# -- hostile text ------------------------------------------------------------------------


def _edge(to, when=None, chance=None):
    return Edge(to, when, expr.parse(when) if when else None, chance)


@pytest.fixture(scope="module")
def hostile() -> Scenario:
    """Hostile text everywhere, and ids the loader would refuse (the renderer must not rely on it)."""
    t = Text(ja=HOSTILE, en=HOSTILE)
    short_t = Text(ja=SHORT, en=SHORT)
    short_t2 = Text(ja=SHORT2, en=SHORT2)
    nodes = {
        'a"\\b': Node('a"\\b', "inject", text=short_t, next=(_edge("d<1>"),)),
        "d<1>": Node(
            "d<1>",
            "decision",
            questions=(Question('ro"le]', t, (Option("o1", t, (("p", 2),)), Option('o"2', short_t))),),
            next=(_edge("end", "x and not y"), _edge("e 2", chance=30), _edge("end")),
        ),
        "end": Node("end", "ending", title=t, outcome="good"),
        "e 2": Node("e 2", "ending", title=short_t2, outcome="bad"),
        "subgraph": Node("subgraph", "ending", title=t, outcome="mixed"),
    }
    return Scenario(
        id='h"x\\',
        title=t,
        start='a"\\b',
        nodes=nodes,
        variables={"x": Variable("x", "flag", False), "y": Variable("y", "flag", False)},
    )


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_is_escaped_for_mermaid(hostile, lang):
    text = to_mermaid(hostile, lang)
    lines = text.splitlines()
    body = [line for line in _mermaid_body(text) if not re.match(r"^    (classDef|class|linkStyle) ", line)]
    nodes = [NODE_LINE.match(line) for line in body[: len(hostile.nodes)]]
    edges = [EDGE_LINE.match(line) for line in body[len(hostile.nodes) :]]
    assert all(nodes) and all(edges), text
    assert len(edges) == 7  # the inject's, and 3 per option
    for m in nodes:
        label = m.group(3)
        # no character that could close the label or open markup, comments or entities
        assert not re.search(r'["<>`|%\\{}\[\]()&]', label.replace("<br/>", "")), label
        assert not re.search(r"#(?!\d+;)", label)
    for m in edges:
        assert not re.search(r'["<>`|%\\{}\[\]()&]', (m.group(4) or "").replace("<br/>", ""))
    assert "「日本語」テスト" in to_mermaid(
        Scenario(
            id="j",
            title=Text(en="t"),
            start="a",
            nodes={"a": Node("a", "ending", title=Text(en="「日本語」テスト"))},
        ),
        lang,
    )  # Japanese is left as it is
    assert '["a#34;#92;b<br/>「a#35;3;b」#38;x; #91;c#93; #37;#37; #123;d#125;#124;e#124;#96;f#96;"]' in text
    assert "#60;g#62; #34;h#34; #92;i<br/>e 2 · " in text
    assert text.count("\n") == len(lines)  # no raw line break inside a label


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_is_escaped_for_dot(hostile, lang):
    text = to_dot(hostile, lang)
    lines = text.splitlines()
    assert re.fullmatch(rf"digraph {DOT_STRING} \{{", lines[0])
    assert lines[-1] == "}"
    for line in lines[1:-1]:
        if line.startswith("    graph ") or line.startswith("    node ") or line.startswith("    edge "):
            continue
        assert DOT_NODE.match(line) or DOT_EDGE.match(line), line
    # every quoted string is closed: removing them leaves no quote and no backslash
    bare = re.sub(DOT_STRING, "", text)
    assert '"' not in bare and "\\" not in bare
    assert dot_string('a"b\\c\nd') == '"a\\"b\\\\c d"'
    assert '"a\\"\\\\b" -> "d<1>"' in text
    assert 'label="a\\"\\\\b\\n「a#3;b」&x; [c] %% {d}|e|`f`"' in text
    assert 'label="<g> \\"h\\" \\\\i\\ne 2 · ' in text
    assert "\\\\back\\\\slash\\\\" in text  # backslashes doubled, so no \n or \N escape survives


needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (CI installs it: apt-get install graphviz)",
)


def _dot_svg(text: str) -> subprocess.CompletedProcess:
    return subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=30)


@needs_dot
@pytest.mark.parametrize("lang", LANGS)
def test_graphviz_draws_hostile_text_as_text(hostile, lang):
    r = _dot_svg(to_dot(hostile, lang))
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
    svg = r.stdout.decode()
    assert "<title>d&lt;1&gt;</title>" in svg  # a node id, as text
    assert "a&quot;\\b" in svg  # the inject's label: its id, with its quote and one backslash
    assert ">「a#3;b」&amp;x; [c] %% {d}|e|`f`</text>" in svg
    assert ">&lt;g&gt; &quot;h&quot; \\i</text>" in svg
    assert "<b>" not in svg and "<g>" not in svg


@needs_dot
@pytest.mark.parametrize("sid", BUILTIN)
def test_graphviz_draws_every_builtin_without_warnings(builtins, builtin_catalog, sid):
    sc, path = builtins[sid]
    for lang in LANGS:
        r = _dot_svg(to_dot(sc, lang, builtin_catalog, path))
        assert r.returncode == 0 and r.stderr == b"", r.stderr.decode()
        svg = r.stdout.decode()
        assert svg.count('class="node"') == len(sc.nodes) + len(sc.deadlines)
        assert svg.count('class="edge"') == _expected_edges(sc)


@pytest.mark.skipif(
    shutil.which("mmdc") is None, reason="the Mermaid CLI (mmdc) is not installed; optional, not in CI"
)
def test_mermaid_cli_renders_hostile_text(hostile, tmp_path):
    src = tmp_path / "h.mmd"
    src.write_text(to_mermaid(hostile, "ja"), encoding="utf-8")
    cfg = tmp_path / "puppeteer.json"
    cfg.write_text('{"args": ["--no-sandbox"]}')
    r = subprocess.run(
        ["mmdc", "-q", "-p", str(cfg), "-i", str(src), "-o", str(tmp_path / "h.svg")],
        capture_output=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert r.returncode == 0, r.stderr.decode()
    svg = (tmp_path / "h.svg").read_text(encoding="utf-8")
    # labels are HTML in the SVG: the hostile text is there as text, never as markup
    assert '<p>a"\\b<br />「a#3;b」&amp;x; [c] %% {d}|e|`f`</p>' in svg
    assert '<p>&lt;g&gt; "h" \\i<br />e 2 · 深刻</p>' in svg
    assert '<p>d&lt;1&gt;<br />ro"le]</p>' in svg
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg


def test_hostile_through_the_loader(mini_catalog):
    """Text from a real YAML file: quotes, brackets and a newline in an option's text."""
    src = MINI.read_text(encoding="utf-8")
    src = src.replace(
        "text: {ja: 確認する, en: Check the logs}", 'text: {ja: "確認\\"]\\n<x>", en: "a\\\\n\\"b\\""}'
    )
    sink = Sink("m.yaml")
    sc = load_scenario("m.yaml", mini_catalog, sink, src.encode())
    assert sc is not None and not sink.has_errors, [str(d) for d in sink.items]
    assert '"first" -> "gamble" [label="1. a\\\\n\\"b\\"", ' in to_dot(sc, "en")
    assert "1. 確認#34;#93; #60;x#62;" in to_mermaid(sc, "ja")


# -- the mini scenario: chance edges, a loop, a multi-role decision ------------------------


def test_mini_graph(mini, mini_catalog):
    mm = to_mermaid(mini, "en", mini_catalog)
    dot = to_dot(mini, "en", mini_catalog)
    assert '"3. Wait and see"' in dot and '"first" -> "first"' in dot  # the loop back
    assert "50%" in dot and "if retries >= 3" in dot and "otherwise" in dot
    report = next(line for line in dot.splitlines() if line.startswith('    "report" ['))
    assert "shape=hexagon" in report and 'label="report\\nExecutives, Public relations"' in report
    assert mm.count(" ==>") == len(best_route(mini)[1])


# -- outline -----------------------------------------------------------------------------


def test_outline_mini(mini, mini_catalog):
    rows = outline(mini, "en", mini_catalog)
    assert rows[0][:2] == (0, "alarm")
    assert rows[1][:2] == (1, "first")
    listed = [nid for _, nid, label in rows if "(see above)" not in label]
    assert sorted(listed) == sorted(mini.nodes)  # each node once
    refs = [(d, nid, label) for d, nid, label in rows if "(see above)" in label]
    assert any(nid == "first" and label == "[3] → first (see above)" for _, nid, label in refs)
    gamble = next(r for r in rows if r[1] == "gamble")
    assert gamble[0] == 2 and gamble[2].startswith("[1, 2] gamble — ")
    for prev, row in zip(rows, rows[1:], strict=False):
        assert row[0] <= prev[0] + 1  # a tree: depth grows one level at a time


@pytest.mark.parametrize("sid", BUILTIN)
def test_outline_builtins(builtins, builtin_catalog, sid):
    sc, _ = builtins[sid]
    for lang in LANGS:
        rows = outline(sc, lang, builtin_catalog)
        assert rows[0][:2] == (0, sc.start)
        first = [nid for _, nid, label in rows if "see above" not in label and "上記参照" not in label]
        assert sorted(first) == sorted(sc.nodes)
        assert rows == outline(sc, lang, builtin_catalog)
        for d, nid, label in rows:
            if "see above" in label or "上記参照" in label:
                seen_at = next(i for i, r in enumerate(rows) if r[1] == nid)
                assert rows.index((d, nid, label)) > seen_at


def test_outline_lists_unreachable_nodes():
    t = Text(en="x")
    sc = Scenario(
        id="u",
        title=t,
        start="a",
        nodes={
            "a": Node("a", "inject", text=t, next=(_edge("z"),)),
            "orphan": Node("orphan", "inject", text=t, next=(_edge("z"),)),
            "z": Node("z", "ending", title=t, outcome="good"),
        },
    )
    rows = outline(sc, "en")
    assert [(d, n) for d, n, _ in rows] == [(0, "a"), (1, "z"), (0, "orphan"), (1, "z")]
    assert rows[-1][2] == "→ z (see above)"


# -- the command -------------------------------------------------------------------------


def _args(*argv):
    from tabletop.tui.cli.commands.graph import add_parser

    p = argparse.ArgumentParser(prog="tabletop")
    add_parser(p.add_subparsers(dest="command"))
    return p.parse_args(["graph", *argv])


def test_command_writes_stdout_and_files(tmp_path, capsys):
    from tabletop.tui.cli.commands.graph import run

    assert run(_args("fy2024-02", "--format", "dot", "--lang", "en")) == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "fy2024-02-ransomware-core-system" {')
    target = tmp_path / "g.mmd"
    assert run(_args("fy2024-02", "--lang", "ja", "-o", str(target))) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and f"wrote {target}" in captured.err
    assert target.read_text(encoding="utf-8").startswith(
        '---\ntitle: "基幹システムがランサムウェアで停止"\n---\n'
    )
    assert "システム部門" in target.read_text(encoding="utf-8")


def test_command_errors(tmp_path):
    from tabletop.tui.cli.commands.graph import run
    from tabletop.tui.cli.errors import CliError

    with pytest.raises(CliError) as e:
        run(_args("no-such-scenario"))
    assert e.value.code == 2
    with pytest.raises(CliError) as e:
        run(_args("fy2024-02", "-o", str(tmp_path / "missing" / "g.dot")))
    assert e.value.code == 2 and "cannot write" in str(e.value)
    with pytest.raises(SystemExit):
        _args("fy2024-02", "--format", "svg")


def test_format_11_is_visible_in_the_graph(features, mini_catalog):
    from tabletop.engine.graph import build, to_dot, to_mermaid

    g = build(features, "en", mini_catalog)
    nodes = {n.id: n for n in g.nodes}
    assert nodes["compare"].lines[-1] == "contested call" and "in turn" in nodes["report"].lines
    # a decision asking several roles has one edge: the gates inside it are on the node
    assert nodes["report"].lines[3:] == ("Public relations if not fined", "Public relations: 1 gated")
    assert nodes["alarm"].lines[1] == "from monitoring"
    assert nodes["deadline:file-report"].lines == ("deadline 1h", "The filing deadline", "unless told_boss")
    labels = {e.label for e in g.edges if e.src == "compare"}
    assert ("1. Compare with the copie…", "if logs_kept") in labels
    assert ("2. Restore from backup", "ruling -1..+1") in labels
    assert any("30%" in line for e in g.edges for line in e.label)  # the probability on the chance edge
    assert 'n7>"deadline 1h' in to_mermaid(features, "en", mini_catalog)
    assert "shape=note" in to_dot(features, "en", mini_catalog)
