"""The command line, run in a subprocess as a user would."""

from __future__ import annotations

import json
import re
import time

import pytest

from tabletop.engine.catalog import builtin_ids, load, load_catalog
from tests.conftest import MINI, run_cli
from tests.hostile import HOSTILE

EXAMPLE = "fy2024-02"
DIAG = re.compile(r"^[^:\n]+(:\d+:\d+)?: TT\d{3} (error|warning): .+$")


def out(r) -> str:
    return r.stdout.decode("utf-8")


def err(r) -> str:
    return r.stderr.decode("utf-8")


def test_help_lists_the_commands():
    r = run_cli("--help")
    assert r.returncode == 0
    for cmd in ("list", "practices", "show", "play", "validate"):
        assert cmd in out(r)


def test_no_command_without_a_terminal_shows_the_help_and_a_bad_lang_is_an_error():
    # `tabletop [--lang L]` skips the parser on its way to the terminal UI: without a
    # terminal it still shows the help, and a --lang it does not know still goes to argparse
    for args in ((), ("--lang", "ja"), ("--lang=en",)):
        r = run_cli(*args)
        assert r.returncode == 0 and "COMMAND" in out(r) and "validate" in out(r)
    r = run_cli("--lang", "fr")
    assert r.returncode == 2 and "invalid choice" in err(r)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_plain_play_with_yes_1_reaches_an_ending_and_the_debrief(lang):
    r = run_cli("play", EXAMPLE, "--plain", "--seed", "1", "--lang", lang, input="1\n" * 500)
    text = out(r)
    assert r.returncode == 0, err(r)
    assert "Traceback" not in text + err(r)
    from tabletop.engine.text import width

    assert max(width(line) for line in text.splitlines()) <= 80  # wrapped for an 80-column terminal
    if lang == "en":
        assert "Ending:" in text and "Score:" in text and "What the real organisation did" in text
        assert re.search(r"Score: -?\d+ of a best achievable \d+ \(-?\d+%\)", text)
    else:
        assert "結末" in text and "スコア" in text and "実際の組織の対応" in text
        assert re.search(r"スコア: -?\d+ 点", text)


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_language_may_be_given_before_the_command_or_after_it(where):
    """`tabletop --lang ja play X` is `tabletop play X --lang ja`: the command's own
    language, which the play screen and the plain mode use, not only the messages'."""
    lang = ("--lang", "ja")
    argv = (*lang, "play", EXAMPLE) if where == "before" else ("play", EXAMPLE, *lang)
    r = run_cli(
        *argv, "--plain", "--seed", "1", input="1\n" * 500, env={"LANG": "C.UTF-8", "TABLETOP_LANG": "en"}
    )
    assert r.returncode == 0, err(r)
    assert "結末" in out(r) and "Ending:" not in out(r)


def test_plain_play_is_deterministic_for_a_seed():
    runs = [
        run_cli(
            "play",
            EXAMPLE,
            "--plain",
            "--seed",
            "3",
            "--lang",
            "en",
            "--session",
            f"det-{i}-{time.time_ns()}",
            input="2\n3\n1\n" * 50,
        )
        for i in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    a, b = (re.sub(r"det-\d-\d+", "NAME", out(r)) for r in runs)
    assert a == b


def test_bad_input_asks_again_and_eof_stops_cleanly():
    r = run_cli("play", str(MINI), "--plain", "--seed", "1", "--lang", "en", input="9\nbanana\n\n")
    assert r.returncode == 1
    text = out(r)
    assert text.count("'9' is not an option here") == 1
    assert "'banana' is not an option here" in text
    assert "Input ended before the scenario did" in err(r)
    assert "Traceback" not in text + err(r)


def test_options_can_be_chosen_by_id_and_q_quits():
    r = run_cli("play", str(MINI), "--plain", "--seed", "1", "--lang", "en", input="wait\nq\n")
    assert r.returncode == 1
    assert "Stopped at 'first' after 1 decision(s)" in err(r)


def test_learn_mode_shows_feedback_and_text_is_shown_as_text():
    r = run_cli("play", str(MINI), "--plain", "--learn", "--seed", "1", "--lang", "en", input="check\n1\n1\n")
    text = out(r)
    assert r.returncode == 0, err(r)
    assert "Feedback:" in text and "Good." in text
    assert "\x1b" not in text


def test_escape_sequences_in_scenario_text_are_stripped(tmp_path):
    evil = MINI.read_text(encoding="utf-8").replace(
        "An alarm goes off.", "An alarm \\e[31mgoes\\e]0;pwned\\a off.\\x07"
    )
    evil = evil.replace("en: An alarm", 'en: "An alarm').replace("off.\\x07}", 'off.\\x07"}')
    f = tmp_path / "mini.yaml"
    f.write_text(evil, encoding="utf-8")
    (tmp_path / "practices.yaml").write_text(
        (MINI.parent / "practices.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    r = run_cli("play", str(f), "--plain", "--seed", "1", "--lang", "en", input="1\n1\n1\n")
    assert r.returncode == 0, out(r) + err(r)
    assert "An alarm goes off." in out(r)
    assert "\x1b" not in out(r) and "\x07" not in out(r)


def test_unknown_scenario_and_role_are_clear_errors():
    r = run_cli("play", "no-such-thing", "--plain")
    assert r.returncode == 2 and "unknown scenario id 'no-such-thing'" in err(r)
    assert "session" not in err(r)  # not "this session's scenario cannot be found"
    r = run_cli("play", "fy2024-2", "--plain")
    assert r.returncode == 2 and "did you mean fy2024-02" in err(r)
    r = run_cli("lsit")
    assert r.returncode == 2 and "did you mean 'list'?" in err(r)
    r = run_cli("play", EXAMPLE, "--plain", "--role", "wizard")
    assert r.returncode == 2 and "role 'wizard' is not in this scenario" in err(r)


def test_list_json_has_the_fixed_fields():
    r = run_cli("list", "--json")
    assert r.returncode == 0, err(r)
    rows = json.loads(out(r))
    assert {row["id"] for row in rows} == set(builtin_ids())
    for row in rows:
        assert set(row) >= {
            "id",
            "title",
            "source",
            "languages",
            "roles",
            "nodes",
            "decisions",
            "endings",
            "practices",
        }
        assert set(row["title"]) == {"ja", "en"}
        assert set(row["source"]) == {"report", "case"}
        assert row["languages"] == ["ja", "en"]


def test_practices_json():
    rows = json.loads(out(run_cli("practices", "--json")))
    assert rows and all(set(r) >= {"id", "title", "category", "sources"} for r in rows)
    assert any("fy2024-02" in r["sources"] for r in rows)


def test_show_json_is_the_whole_scenario():
    r = run_cli("show", EXAMPLE, "--json")
    assert r.returncode == 0, err(r)
    sc = json.loads(out(r))
    assert sc["id"].startswith("fy2024-02-")
    decisions = [n for n in sc["nodes"].values() if n["kind"] == "decision"]
    assert len(decisions) >= 6
    for n in sc["nodes"].values():
        assert "facilitator" in n
        if n["kind"] == "decision":
            for q in n["questions"]:
                assert all({"id", "text", "practices"} <= set(o) for o in q["options"])
        else:
            assert n["text"]["ja"] and n["text"]["en"]
    # the critical tasks a facilitator watches for, with what shows each
    assert 2 <= len(sc["objectives"]) <= 4
    for ob in sc["objectives"]:
        assert ob["title"]["ja"] and ob["tasks"]
        for t in ob["tasks"]:
            assert t["text"]["en"] and (t["answers"] or t["when"] or t["practices"])


def test_validate_the_built_in_scenarios_is_clean():
    r = run_cli("validate", "scenarios/", "roles/")
    assert r.returncode == 0, out(r) + err(r)
    assert "0 errors" in err(r)


def test_validate_could_not_run():
    r = run_cli("validate", "does/not/exist.yaml")
    assert r.returncode == 2 and "no such file" in err(r)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_a_diagnostic_quickly(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(HOSTILE[name])
    t0 = time.perf_counter()
    r = run_cli("validate", str(f))
    elapsed = time.perf_counter() - t0
    text = out(r)
    assert r.returncode in (1, 2)
    assert "Traceback" not in text + err(r)
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines and all(DIAG.match(line) for line in lines), text
    assert lines[0].startswith(str(f))
    assert elapsed < 5  # a generous bound for a loaded CI machine; `make bench` measures the real figure


def test_pythonic_tags_do_not_run(tmp_path):
    marker = tmp_path / "pwned"
    f = tmp_path / "x.yaml"
    f.write_text(f"format: 1\nid: !!python/object/apply:os.system ['touch {marker}']\n")
    run_cli("validate", str(f))
    run_cli("play", str(f), "--plain")
    assert not marker.exists()


def test_a_script_repeating_a_wrong_answer_is_stopped():
    r = run_cli("play", str(MINI), "--plain", "--seed", "1", "--lang", "en", input="7\n" * 1000)
    assert r.returncode == 1
    assert out(r).count("'7' is not an option here") == 20
    assert "20 answers in a row were not options" in err(r)


def test_roles_you_do_not_play_are_marked_and_their_messages_hidden():
    from tabletop.engine.play import draw

    seed = next(
        s for s in range(100) if draw(s, 0) < 50
    )  # a seed whose first draw brings the rumour (PR only)
    r = run_cli(
        "play",
        str(MINI),
        "--plain",
        "--seed",
        str(seed),
        "--lang",
        "en",
        "--role",
        "system",
        input="1\n1\n1\n",
    )
    text = out(r)
    assert r.returncode == 0, err(r)
    assert "not one of your roles" in text  # management and PR decide too
    assert "An alarm goes off." in text  # the system role's own inject
    assert "[a message for Public relations only]" in text
    assert "A rumour spreads" not in text
    r = run_cli("play", str(MINI), "--plain", "--seed", str(seed), "--lang", "en", input="1\n1\n1\n")
    assert "A rumour spreads [bold]online[/bold]." in out(r)  # markup-like text is shown as it is


# -- a Japanese locale gets Japanese messages, not English sentences -------------------------

JA = {"LANG": "ja_JP.UTF-8"}


def _english_words(text: str) -> list[str]:
    """Words of plain English in a message, leaving out what is data or a command: ids,
    file paths, option names, metavars, `tabletop ...` examples and quoted choices."""
    text = re.sub(r"`[^`]*`|'[^']*'|「[^」]*」|\S*[/\\.-]\S*|--\w+|\{[^}]*\}|[A-Z]+\|[A-Z]+", " ", text)
    words = re.findall(r"[A-Za-z]{3,}", text)
    return [w for w in words if w != "tabletop" and not w.isupper()]


@pytest.mark.parametrize(
    "args, japanese",
    [
        (("lsit",), "「list」のことですか"),
        (("play", "fy2024-2", "--plain"), "fy2024-02 または fy2024-09 のことですか"),
        (("report", "no-such-session"), "セッション「no-such-session」はありません"),
        (("play", "fy2024-02", "--timer", "0"), "1〜120 の整数"),
        (("play",), "次の引数が必要です"),
        (("list", "--bogus"), "認識できない引数です"),
        (("validate", "no/such/path.yaml"), "ファイルまたはフォルダがありません"),
    ],
)
def test_errors_under_a_japanese_locale_are_japanese(args, japanese):
    r = run_cli(*args, env=JA)
    err = r.stderr.decode()
    assert r.returncode != 0 and japanese in err, err
    if err.startswith("使い方"):  # argparse's usage lines are syntax: the error is the last line
        assert err.strip().splitlines()[-1].startswith(("tabletop: エラー", "tabletop play: エラー"))
        err = err.strip().splitlines()[-1].split(":", 1)[1]
    assert _english_words(err) == [], err


def test_list_show_and_sessions_under_a_japanese_locale_are_japanese(tmp_path):
    env = {**JA, "TABLETOP_HOME": str(tmp_path)}
    listing = run_cli("list", env=env).stdout.decode()
    assert "判断 12 件、結末 4 件" in listing and "decisions" not in listing
    shown = run_cli("show", "fy2024-03", env=env).stdout.decode()
    minutes = load("fy2024-03", load_catalog()[0])[0].duration
    assert "役割:" in shown and f"所要時間: {minutes} 分" in shown and "play time" not in shown
    assert "保存済みのセッションはまだありません" in run_cli("sessions", env=env).stdout.decode()
    # --lang wins over the locale
    en = run_cli("play", "fy2024-2", "--plain", "--lang", "en", env=env).stderr.decode()
    assert "unknown scenario id 'fy2024-2'" in en


def test_a_piped_answer_in_own_words_is_echoed_whole_and_a_bad_choice_cut_with_an_ellipsis(tmp_path):
    from tests.conftest import FEATURES

    words = "We tell the regulator within the hour " + "and update the customers every half hour " * 4
    typed = "\n".join(["x" * 90, *(["own-words", words.strip(), "1"] * 8)]) + "\n"
    r = run_cli("play", str(FEATURES), "--plain", "--lang", "en", "--seed", "1", input=typed,
                env={"TABLETOP_HOME": str(tmp_path)})  # fmt: skip
    out = " ".join(r.stdout.decode().split())
    assert words.strip() in out  # the whole answer, wrapped, not cut at the prompt's width
    assert "x" * 39 + "…" in out and "x" * 41 not in out


def test_validate_remembers_unchanged_files_and_rechecks_a_changed_one(tmp_path):
    import shutil

    home = {"TABLETOP_HOME": str(tmp_path / "home")}
    pack = tmp_path / "pack"
    shutil.copytree(MINI.parent, pack)
    first = run_cli("validate", str(pack), env=home)
    assert first.returncode == 0 and (tmp_path / "home" / "cache" / "validate.json").is_file()
    again = run_cli("validate", str(pack), env=home)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    f = pack / "mini.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("next: gamble", "next: gambel"), encoding="utf-8")
    broken = run_cli("validate", str(pack), env=home)
    assert broken.returncode == 1 and b"gambel" in broken.stdout
    cached = tmp_path / "home" / "cache" / "validate.json"
    doc = json.loads(cached.read_text(encoding="utf-8"))
    cached.write_text(json.dumps({**doc, "entries": dict.fromkeys(doc["entries"], [[1, "x"]])}))
    assert run_cli("validate", str(pack), env=home).stdout == broken.stdout  # damaged entries are not used
