"""`tabletop new` and `tabletop schema`, through their own argparse (tabletop.tui.cli.commands.new
and .schema), and a scaffold played in plain mode as a user would."""

from __future__ import annotations

import argparse
import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from tabletop.engine.scaffold import scaffold
from tabletop.tui.cli.commands import new as new_cmd
from tabletop.tui.cli.commands import schema as schema_cmd
from tabletop.tui.cli.commands.validate import run_validate
from tabletop.tui.cli.errors import CliError
from tests.conftest import run_cli


def cli(*argv: str) -> int:
    p = argparse.ArgumentParser(prog="tabletop")
    sub = p.add_subparsers(dest="command")
    new_cmd.add_parser(sub)
    schema_cmd.add_parser(sub)
    args = p.parse_args(list(argv))
    return {"new": new_cmd.run, "schema": schema_cmd.run}[args.command](args)


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_writes_id_yaml_here_and_it_validates_clean(here, capsys):
    assert cli("new", "my-outage") == 0
    f = here / "my-outage.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    assert doc["id"] == "my-outage" and doc["roles"] == ["system", "management"]
    assert "wrote my-outage.yaml" in capsys.readouterr().err
    # `tabletop validate --strict`: 0 errors and 0 warnings
    assert run_validate([str(f)], strict=True) == 0
    assert "1 file checked: 0 errors, 0 warnings" in capsys.readouterr().err


def test_new_with_roles_output_and_the_language_note(here, capsys):
    assert cli("new", "pr-drill", "--roles", "pr, legal,csirt", "-o", "drills.yaml", "--lang-note") == 0
    text = (here / "drills.yaml").read_text(encoding="utf-8")
    assert "# Languages:" in text and "tabletop validate drills.yaml" in text
    doc = yaml.safe_load(text)
    assert doc["roles"] == ["pr", "legal", "csirt"]
    assert [q["role"] for q in doc["nodes"]["share"]["questions"]] == ["pr", "legal", "csirt"]
    assert "(Example) Public relations:" in doc["nodes"]["share"]["questions"][0]["prompt"]["en"]
    assert run_validate([str(here / "drills.yaml")], strict=True) == 0


def test_new_never_overwrites(here):
    f = here / "my-outage.yaml"
    f.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(CliError, match="my-outage.yaml already exists") as e:
        cli("new", "my-outage")
    assert e.value.code == 2
    assert f.read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("bad", ["My-Outage", "my_outage", "-x"])
def test_new_refuses_a_bad_id(here, bad):
    with pytest.raises(CliError, match="not a valid scenario id") as e:
        cli("new", "--", bad) if bad.startswith("-") else cli("new", bad)
    assert e.value.code == 2
    assert list(here.iterdir()) == []


def test_new_refuses_an_unknown_role_with_a_suggestion(here):
    with pytest.raises(CliError, match="unknown role 'managment'; did you mean 'management'\\?") as e:
        cli("new", "my-outage", "--roles", "system,managment")
    assert e.value.code == 2
    assert list(here.iterdir()) == []


def test_new_knows_the_roles_beside_the_scenarios_folder(here):
    """A roles/ folder beside the scenario's folder extends the catalogue, as validate does."""
    (here / "roles").mkdir()
    (here / "roles" / "ops.yaml").write_text(
        "format: 1\nid: ops\nname: {ja: 運用チーム, en: Operations team}\n", encoding="utf-8"
    )
    (here / "mine").mkdir()
    assert cli("new", "ops-drill", "--roles", "ops,system", "-o", "mine/ops-drill.yaml") == 0
    text = (here / "mine" / "ops-drill.yaml").read_text(encoding="utf-8")
    assert "(Example) Operations team:" in text
    assert run_validate([str(here / "mine" / "ops-drill.yaml")], strict=True) == 0


def test_new_refuses_the_catalogue_name(here):
    with pytest.raises(CliError, match="practice catalogue"):
        cli("new", "practices")


def test_new_can_print_instead(here, capsys):
    assert cli("new", "my-outage", "-o", "-") == 0
    assert yaml.safe_load(capsys.readouterr().out)["id"] == "my-outage"
    assert list(here.iterdir()) == []


def test_schema_prints_the_scenario_schema(here, capsys):
    assert cli("schema") == 0
    s = json.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(s)
    assert s["title"].startswith("Tabletop scenario")


def test_schema_writes_a_file_that_checks_the_scaffold(here, capsys):
    assert cli("schema", "-o", "tabletop-scenario.schema.json") == 0
    assert cli("new", "my-outage") == 0
    s = json.loads((here / "tabletop-scenario.schema.json").read_text(encoding="utf-8"))
    doc = yaml.safe_load((here / "my-outage.yaml").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(s).iter_errors(doc)) == []
    # the scaffold's modeline points at this file
    assert (
        (here / "my-outage.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=./tabletop-scenario.schema.json")
    )


@pytest.mark.parametrize("kind", ["role", "practices"])
def test_schema_other_kinds(here, capsys, kind):
    assert cli("schema", "--kind", kind) == 0
    assert json.loads(capsys.readouterr().out)["$id"].endswith(f":{kind}:1")


def test_schema_cannot_write_into_a_missing_folder(here):
    with pytest.raises(CliError, match="cannot write no/such/x.json") as e:
        cli("schema", "-o", "no/such/x.json")
    assert e.value.code == 2


@pytest.mark.parametrize(
    ("first", "then", "outcome"),
    [
        ("treat-as-possible-attack", "share-facts-now", "good"),
        ("wait-for-the-vendor", "keep-it-in-the-team", "bad"),
    ],
)
def test_a_scaffold_plays_to_an_ending_in_plain_mode(tmp_path, first, then, outcome):
    f = tmp_path / "my-outage.yaml"
    f.write_text(scaffold("my-outage"), encoding="utf-8")
    answers = f"{first}\n" + f"{then}\n" * 20
    r = run_cli("play", str(f), "--plain", "--seed", "1", "--lang", "en", input=answers)
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0, r.stderr.decode("utf-8")
    assert "Ending: (Example) " in out and f"({outcome})" in out and "Score:" in out
