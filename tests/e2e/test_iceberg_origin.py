"""IcebergTTX → Tabletop → IcebergTTX keeps the source's own ids (issue 17): inject, option
and team ids ride in the scenario's `origin` and the export gives them back, everywhere
they are named; a scenario without `origin` exports with Tabletop's ids as before."""

from __future__ import annotations

import json

import attrs

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.exchange.detect import convert_text
from tabletop.engine.exchange.iceberg import scenario_to_iceberg
from tabletop.engine.model import Origin
from tests.conftest import DATA
from tests.e2e.test_iceberg import reimport, structure, through_icebergttx
from tests.e2e.test_import import cli, load_clean, play_to_end
from tests.e2e.test_real_layouts import same_scenario

SAMPLE = DATA / "import" / "icebergttx-sample-layout.json"


def _links(doc: dict) -> dict:
    """Every id and reference of an IcebergTTX scenario, by inject id (the list's order aside)."""
    return {
        "start": doc["start_inject_id"],
        "teams": [(t["id"], t["label"]) for t in doc["participant_teams"]],
        "injects": {
            i["id"]: (
                i.get("next_inject_id"),
                [(o["id"], o["label"], o.get("next_inject_id")) for o in i.get("options") or []],
                i.get("target_teams") or [],
                i.get("expected_actions") or [],
                i.get("triggers_communications") or [],
            )
            for i in doc["injects"]
        },
    }


def _import(path, tmp_path, name: str):
    out = tmp_path / f"{name}.yaml"
    assert cli("import", str(path), "-o", str(out)) == 0
    return out


def test_the_sample_layout_comes_back_with_its_own_ids(tmp_path, builtin_catalog):
    first = _import(SAMPLE, tmp_path, "first")
    sc = load_clean(first, builtin_catalog)  # validates: no error, no warning
    assert sc.origin.tool == "icebergttx"
    assert sc.origin.ids["payroll-down"] == "payroll_down"
    assert sc.origin.ids["payroll-down-decision/manual-run"] == "manual_run"
    assert sc.origin.ids["deadline-near/go-manual"] == "go_manual"  # the single option
    assert sc.origin.teams == {"system": "it_ops", "management": "exec", "pr": "comms"}  # legal is legal
    play_to_end(sc)
    exported = tmp_path / "back.json"
    assert cli("export", str(first), "--format", "iceberg", "-o", str(exported)) == 0
    src = json.loads(SAMPLE.read_text(encoding="utf-8"))
    back = json.loads(exported.read_text(encoding="utf-8"))
    assert _links(back) == _links(src)
    # the same, once IcebergTTX has saved it (x_tabletop dropped)
    assert _links(through_icebergttx(back)) == _links(src)


def test_saved_in_icebergttx_and_imported_again_it_is_the_first_import(tmp_path, builtin_catalog):
    first = _import(SAMPLE, tmp_path, "first")
    sc = load_clean(first, builtin_catalog)
    doc = scenario_to_iceberg(sc, builtin_catalog)
    for name, out in (("saved", through_icebergttx(doc)), ("with-mark", doc)):
        f = tmp_path / f"{name}.json"
        f.write_text(json.dumps(out), encoding="utf-8")
        again = load_clean(_import(f, tmp_path, name), builtin_catalog)
        same_scenario(sc, again)
        assert again.origin == sc.origin and again.nodes.keys() == sc.nodes.keys()


def test_without_an_origin_the_export_uses_tabletops_ids(tmp_path, builtin_catalog):
    sc = load_clean(_import(SAMPLE, tmp_path, "first"), builtin_catalog)
    doc = scenario_to_iceberg(attrs.evolve(sc, origin=None), builtin_catalog)
    assert {i["id"] for i in doc["injects"]} == {
        "payroll-down", "staff-worry", "deadline-near", "contract-check", "union-call",
    }  # fmt: skip
    assert doc["start_inject_id"] == "payroll-down"
    assert [t["id"] for t in doc["participant_teams"]] == ["system", "legal", "management", "pr"]
    near = next(i for i in doc["injects"] if i["id"] == "deadline-near")
    assert [o["id"] for o in near["options"]] == ["switch-to-the-manual-run-now"]  # made from its label
    # and an origin for another tool is not this one's
    other = scenario_to_iceberg(attrs.evolve(sc, origin=Origin("other", sc.origin.ids, {})), builtin_catalog)
    assert other == doc


def test_a_built_in_scenario_exports_with_its_own_ids(builtin_catalog):
    """No origin: every id in the export is Tabletop's (a node, a deadline, a branch inject
    after a decision; an option of that node, or branch-N; a role)."""
    for ref in sorted(builtin_ids()):
        src, _ = load(ref, builtin_catalog)
        assert src.origin is None
        doc = scenario_to_iceberg(src, builtin_catalog, "en")
        names = set(src.nodes) | {d.id for d in src.deadlines} | {f"{d.id}-deadline" for d in src.deadlines}
        assert doc["start_inject_id"] == src.start
        assert {t["id"] for t in doc["participant_teams"]} >= set(src.roles)
        for inj in doc["injects"]:
            base = inj["id"].partition("-then")[0]
            assert inj["id"] in names or base in src.nodes, (ref, inj["id"])
            n = src.nodes.get(base)
            own = {o.id for q in n.questions for o in q.options} if n is not None else set()
            for o in inj["options"]:
                assert o["id"] in own or o["id"].startswith("branch-"), (ref, o["id"])


def _renamed(sc, catalog):
    """``sc`` with an origin naming every node, deadline, option and role in IcebergTTX's
    upper snake_case (whose Tabletop spelling is the id itself) and team ids of their own:
    what an import of such an IcebergTTX file would hold."""
    ids = {nid: nid.upper().replace("-", "_") for nid in sc.nodes}
    ids |= {d.id: d.id.upper().replace("-", "_") for d in sc.deadlines}
    for n in sc.decisions:
        for q in n.questions:
            for o in q.options:
                ids[f"{n.id}/{o.id}"] = o.id.upper().replace("-", "_")
    teams = {r: f"{r}_team" for r in sc.roles}
    return attrs.evolve(sc, origin=Origin("icebergttx", ids, teams))


def test_an_origin_on_decisions_and_roles_goes_out_and_back_with_x_tabletop(builtin_catalog):
    """x_tabletop names the injects, options and teams by the ids the export gives back, so
    Tabletop reading its own export finds its questions, weights and links again."""
    src, _ = load("fy2024-02", builtin_catalog)
    sc = _renamed(src, builtin_catalog)
    doc = scenario_to_iceberg(sc, builtin_catalog, "en")
    ids = {i["id"] for i in doc["injects"]}
    assert sc.origin.ids[src.start] in ids and doc["start_inject_id"] == sc.origin.ids[src.start]
    assert not ids & set(src.nodes)  # every node by its source id
    assert {t["id"] for t in doc["participant_teams"]} == {f"{r}_team" for r in src.roles}
    marks = [i["x_tabletop"] for i in doc["injects"] if "questions" in i.get("x_tabletop", {})]
    assert marks and all(q["role"].endswith("_team") for m in marks for q in m["questions"])
    assert all(o["id"] == o["id"].upper() for m in marks for q in m["questions"] for o in q["options"])
    done = convert_text(json.dumps(doc), builtin_catalog)
    assert done.report == []
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("back.yaml")
    back = load_scenario("back.yaml", builtin_catalog, sink, done.yaml.encode())
    assert back is not None and not sink.has_errors, [str(d) for d in sink.items]
    assert structure(back) == structure(src) and back.roles == src.roles
    assert "practices:" in done.yaml  # the weights came back from x_tabletop
    options = lambda s: {(n.id, q.role, o.id) for n in s.decisions for q in n.questions for o in q.options}  # noqa: E731
    assert options(back) == options(src)
    assert back.origin == sc.origin
    # saved inside IcebergTTX first: the structure and the origin still come back
    again = reimport(doc, builtin_catalog)
    assert structure(again) == structure(src) and set(again.origin.ids.values()) <= set(
        sc.origin.ids.values()
    )


def test_hostile_source_ids_import_to_a_valid_scenario_and_go_back_as_far_as_they_can(
    tmp_path, builtin_catalog
):
    """Ids the format cannot keep (control or bidi characters, a tab) go back in Tabletop's
    spelling; two ids that differ only in spelling both come back as they were."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    rename = {"payroll_down": "payroll\u202edown", "staff_worry": "staff\tworry", "contract_check": "x-1",
              "union_call": "x_1"}  # fmt: skip
    for inj in doc["injects"]:
        inj["id"] = rename.get(inj["id"], inj["id"])
        for o in inj["options"]:
            o["next_inject_id"] = rename.get(o["next_inject_id"], o["next_inject_id"])
    doc["start_inject_id"] = rename["payroll_down"]
    doc["participant_teams"][0]["id"] = "it\x1b[31mops"
    for inj in doc["injects"]:
        inj["target_teams"] = ["it\x1b[31mops" if t == "it_ops" else t for t in inj["target_teams"]]
    f = tmp_path / "hostile.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    out = _import(f, tmp_path, "hostile")
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text and "\t" not in text
    sc = load_clean(out, builtin_catalog)
    back = scenario_to_iceberg(sc, builtin_catalog)
    ids = [i["id"] for i in back["injects"]]
    assert len(ids) == len(set(ids))
    assert {"x-1", "x_1", "deadline_near"} <= set(ids)  # kept as they were
    assert "payroll-down" in ids and back["start_inject_id"] == "payroll-down"  # Tabletop's spelling
    assert not any("\t" in i or "\u202e" in i for i in ids)
    assert back["participant_teams"][0]["id"] == "system"
    through_icebergttx(back)  # and IcebergTTX takes it


def test_an_origin_that_would_merge_two_injects_is_not_used(builtin_catalog):
    """A scenario made in code (the loader refuses such a file, TT023): the export keeps
    Tabletop's ids rather than write two injects, options or teams with one id."""
    src, _ = load("fy2024-02", builtin_catalog)
    first, second = list(src.nodes)[:2]
    d = src.decisions[0]
    a, b = [o.id for o in d.questions[0].options][:2]
    r1, r2 = src.roles[:2]
    sc = attrs.evolve(src, origin=Origin("icebergttx", {first: second, f"{d.id}/{a}": b}, {r1: r2}))
    doc = scenario_to_iceberg(sc, builtin_catalog, "en")
    assert doc == scenario_to_iceberg(src, builtin_catalog, "en")
    through_icebergttx(doc)


def test_show_says_what_an_import_keeps_for_the_way_back(tmp_path, capsys, monkeypatch):
    from tabletop.tui.cli.main import main

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    first = _import(SAMPLE, tmp_path, "first")
    capsys.readouterr()
    assert main(["--lang", "en", "show", str(first)]) == 0
    out = capsys.readouterr().out
    assert (
        "imported from icebergttx: 9 ids and 3 team ids kept for the way back (tabletop export --format iceberg)"
        in out
    )
    assert main(["show", "fy2024-02"]) == 0
    assert "imported from" not in capsys.readouterr().out  # a scenario of our own has none
