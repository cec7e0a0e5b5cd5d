"""What `tabletop import` says (the summary of how it read a file, and why it refuses
one) is in the command's language: --lang, else TABLETOP_LANG, else the locale."""

from __future__ import annotations

import json
import re
import string

import pytest

from tabletop.engine.exchange.messages import MESSAGES, Say
from tabletop.tui.cli import messages
from tabletop.tui.cli.main import main
from tests.conftest import DATA
from tests.e2e.test_cli import _english_words

IMPORTS = DATA / "import"
CYCLE = {
    "schema_version": "1.0",
    "title": "x",
    "start_inject_id": "a",
    "injects": [
        {"id": "a", "title": "t", "content": "c", "next_inject_id": "b"},
        {"id": "b", "title": "t", "content": "c", "next_inject_id": "a"},
    ],
}


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TABLETOP_LANG", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield monkeypatch
    messages.use(None)


def _import(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["import", *args])
    return code, capsys.readouterr().err


def test_every_message_has_both_languages_with_the_same_facts():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key, entry in MESSAGES.items():
        assert entry.get("en") and entry.get("ja"), key
        ja_facts = fields(entry["ja"]) | {f[:-2] for f in fields(entry["en"]) if f.endswith("_s")}
        assert fields(entry["en"]) - {f for f in fields(entry["en"]) if f.endswith("_s")} <= ja_facts, key
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry["ja"]) or key in (
            "column_label", "column_is", "sheet_reason", "kind_csv"
        ), key  # fmt: skip


@pytest.mark.parametrize("how", ["--lang", "TABLETOP_LANG", "LANG"])
def test_the_summary_in_japanese(how, env, capsys, tmp_path):
    out = tmp_path / "x.yaml"
    args = [str(IMPORTS / "blueprint-standard-msel.csv"), "-o", str(out)]
    if how == "--lang":
        args += ["--lang", "ja"]
    elif how == "TABLETOP_LANG":
        env.setenv("TABLETOP_LANG", "ja")
    else:
        env.setenv("LANG", "ja_JP.UTF-8")
    code, err = _import(capsys, *args)
    assert code == 0
    assert "CSV として UTF-8 で読みました" in err
    assert "列(見出しは 1 行目):" in err
    assert "  A 'Time' -> time: いつ起きるか" in err
    assert "  E 'Delivery Time' は使いません: 2 つ目の time の列です。'Time' を読みます" in err
    assert "  B 'Move' は使いません: 計画ツールのムーブ" in err
    assert "'Assigned To' は各付与を届けるコントローラーです" in err
    assert f"MSELを取り込みました。確認するには: tabletop validate {out}" in err
    # nothing in English but the data (header names, field names, paths)
    leftover = [w for w in _english_words(err) if w not in {"time", "method", "number", "controller", "title",
                                                          "message", "from", "expected", "map", "validate"}]  # fmt: skip
    assert leftover == [], leftover


def test_the_summary_in_english_by_default(env, capsys, tmp_path):
    code, err = _import(capsys, str(IMPORTS / "blueprint-standard-msel.csv"), "-o", str(tmp_path / "x.yaml"))
    assert code == 0
    assert "read as CSV in UTF-8" in err and "columns (header on row 1):" in err
    assert "  B 'Move' ignored: the planning tool's move" in err
    assert not re.search(
        r"[\u3040-\u30ff]", err.replace("内容", "")
    )  # the one Japanese word is a header example


def test_a_header_less_sheet_in_japanese(env, capsys, tmp_path):
    from tests.e2e.test_real_layouts import openbas_checklist

    code, err = _import(
        capsys, str(openbas_checklist(tmp_path)), "-o", str(tmp_path / "x.yaml"), "--lang", "ja"
    )
    assert code == 0
    assert "ブックのシート 'CHECKLIST' を読みました" in err
    assert "列(見出し行なし: 位置で対応付けました):" in err
    assert "  A 「A 列」 は使いません: 空です" in err
    assert "  J 「J 列」 は使いません: 数字だけです" in err
    assert "内容も件名もない 1 行を取り込みませんでした: ???, J+2 09h00" in err


@pytest.mark.parametrize(
    ("content", "english", "japanese"),
    [
        (b"\x00\x01\x02", "the file is binary", "バイナリファイルです"),
        (b"# Notes\nSome prose.\n", "not an MSEL", "MSEL ではありません"),
        (json.dumps(CYCLE).encode(), "lead round in a circle (a -> b -> a)", "付与が循環しています(a -> b -> a)"),
        (b'{"schema_version": "1.0", "title": "x", "start_inject_id": "a"}', "has no 'injects' field",
         "IcebergTTX のシナリオに 'injects' がありません"),
        (b'{"schema_version": "1.0", "title": "x", "start_inject_id": "a", "injects": [{"id": "a", "title": "t", '
         b'"content": "c", "release_at_minutes": "soon"}]}',
         "release_at_minutes of inject 'a' must be a whole number of minutes",
         "付与 'a' の release_at_minutes は 0 以上の整数(分)でなければなりません"),
        (b'{"scenario_information": {}, "scenario_injects": []}', "has no injects", "付与がありません"),
        ("Time,Message\n09:00,caf\xe9\n".encode("cp1252"), "Windows-1252", "Windows-1252"),
    ],
)  # fmt: skip
def test_refusals_in_either_language(content, english, japanese, env, capsys, tmp_path):
    f = tmp_path / "in.csv"
    f.write_bytes(content)
    code, err = _import(capsys, str(f), "--lang", "en")
    assert code == 2 and english in err and f"cannot import {f}" in err
    code, err = _import(capsys, str(f), "--lang", "ja")
    assert code == 2 and japanese in err and f"{f} を取り込めません" in err
    assert "cannot import" not in err and "must be" not in err


def test_a_fact_that_is_data_stays_as_it_is():
    """A sheet's name or a file's text inside a message is not translated, and a message
    is worded only when shown (str() is English)."""
    say = Say("sheet_unreadable", name="Day 1 (訓練)", reason="bad zip")
    assert str(say) == "sheet 'Day 1 (訓練)' cannot be read: bad zip"
    assert say.text("ja") == "シート 'Day 1 (訓練)' を読めません: bad zip"
    assert Say("rows_left_out", n=2, rows="a; b").text("en").startswith("2 rows without")
    assert Say("rows_left_out", n=1, rows="a").text("en").startswith("1 row without")
