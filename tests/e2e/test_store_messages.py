"""The errors of the store, the sessions and the catalogue are worded once
(sessions/messages.py), in English and Japanese, for both shells: the command line says
them in its language, and an error's own English text is the same sentence. Why a server
could not be reached is a fact (a cause) worded in the language too, with the driver's own
words kept after it."""

from __future__ import annotations

import re
import string

import psycopg
import pytest
from psycopg_pool import PoolTimeout

from tabletop.engine.catalog import ScenarioNotFound
from tabletop.sessions import messages
from tabletop.sessions.exercise import BadExercise, NotATeam
from tabletop.sessions.postgres import PostgresStore, _cause
from tabletop.sessions.store import (
    BadStoreURL,
    Conflict,
    Console,
    ConsoleTaken,
    NewerSchema,
    NoSuchSession,
    StoreLost,
    StoreProblem,
    StoreUnreachable,
)
from tests.conftest import run_cli
from tests.e2e.test_cli import _english_words

WHERE = "postgresql://tabletop@db.example:5432/drills"
REFUSED = 'connection to server at "10.0.0.5", port 5432 failed: Connection refused'
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("table", [messages.MESSAGES, messages.REASONS, messages.URL_REASONS])
def test_every_message_has_both_languages_with_the_same_facts(table):
    for key, entry in table.items():
        assert entry.get("en") and entry.get("ja"), key
        assert _fields(entry["en"]) == _fields(entry["ja"]), key
        assert JAPANESE.search(entry["ja"]), key


# every error that carries its facts
ERRORS = [
    BadStoreURL("mysql://h/db", "unknown_kind", scheme="mysql"),
    BadStoreURL("sqlite://", "no_file"),
    BadStoreURL("", "empty"),
    BadStoreURL("postgresql://[::1", "unreadable", "end of string reached"),
    StoreUnreachable(WHERE, REFUSED, "refused"),
    StoreUnreachable(WHERE, 'password authentication failed for user "alice"', "auth"),
    StoreUnreachable(WHERE, "connection timeout expired", "timeout"),
    StoreUnreachable(WHERE, "failed to resolve host 'db.example'", "dns"),
    StoreUnreachable(WHERE, "", "down"),
    StoreUnreachable(WHERE, "server closed the connection unexpectedly", "lost"),
    StoreLost(WHERE, 30.0, "", "down"),
    NewerSchema(WHERE, 3, 1),
    NoSuchSession("drill-1", ["a", "b"]),
    NoSuchSession("drill-1", []),
    Conflict("drill-1", 4, 6),
    ConsoleTaken(Console("drill-1", "t", "pc-7", 4242, "2026-12-01T10:00:00+0000", 0.0)),
    BadExercise("a.b"),
    NotATeam("x", "ex", []),
    StoreProblem("store_newer_file", where="/home/u/.local/share/tabletop/sessions.db", found=3, known=1),
    StoreProblem("store_open", path="/data/sessions.db", detail="file is not a database"),
    StoreProblem("store_create", path="/data/sessions.db", detail="Permission denied"),
    StoreProblem("store_save", path="/data/sessions.db", detail="database or disk is full"),
    StoreProblem("store_refused", where=WHERE, detail="permission denied for table events"),
    StoreProblem("store_setup", where=WHERE, detail="permission denied for schema public"),
    StoreProblem("bad_session_name", name="a b"),
    StoreProblem("session_exists", name="drill-1"),
    StoreProblem("session_name_taken", name="drill-1"),
    StoreProblem(
        "session_damaged", name="drill-1", seq=2, detail="Expecting value: line 1 column 1 (char 0)"
    ),
    StoreProblem("session_no_start", name="drill-1"),
    StoreProblem("session_conflicting", name="drill-1", seq=2, detail="'check' is not an option here"),
    StoreProblem("session_rewritten", name="drill-1"),
    StoreProblem("version_unreadable", ref="fy2024-02", name="drill-1", detail="TT001 bad file"),
    StoreProblem("cc_empty_inject"),
    ScenarioNotFound("", "unknown_id", "fy2024-2", ("fy2024-02", "fy2024-09")),
    ScenarioNotFound("", "ambiguous_id", "fy", ("fy2024-02", "fy2024-09")),
    ScenarioNotFound("", "no_such_file", "x/y.yaml"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda x: x.kind)
def test_each_error_in_japanese_has_no_english_but_its_data(error):
    ja = messages.words(error, "ja")
    assert JAPANESE.search(ja), ja
    quoted = ja
    # the driver's or the database's words, quoted as they are
    data = getattr(error, "reason", "") or getattr(error, "facts", {}).get("detail", "")
    for fact in (data, WHERE, getattr(error, "url", ""), "postgresql://ユーザー@ホスト/DB"):
        quoted = quoted.replace(fact, " ") if fact else quoted
    leftover = [w for w in _english_words(quoted) if w not in {"Tabletop", "URL", "SQLite", "PostgreSQL"}]
    assert leftover == [], ja
    en = messages.words(error, "en")
    assert en != ja and not JAPANESE.search(en)
    if not isinstance(error, ScenarioNotFound):  # the store's own English is the same sentence
        assert str(error) == en


def test_an_error_copied_or_sent_to_another_process_says_the_same():
    import copy
    import pickle

    for error in ERRORS:
        if not isinstance(error, ScenarioNotFound):
            assert str(pickle.loads(pickle.dumps(error))) == str(copy.copy(error)) == str(error)


def test_the_drivers_words_stay_at_the_end_in_parentheses():
    e = StoreUnreachable(WHERE, REFUSED, "refused")
    assert messages.words(e, "ja").endswith(f"({REFUSED})")
    assert messages.words(e, "en").endswith(f"({REFUSED})")
    assert messages.words(StoreUnreachable(WHERE, "", "refused"), "en").endswith("at that address and port")
    other = StoreUnreachable(WHERE, "SSL SYSCALL error: EOF detected", "")
    assert messages.words(other, "ja").endswith(
        ": SSL SYSCALL error: EOF detected"
    )  # no cause: the words alone


@pytest.mark.parametrize(
    "error, cause",
    [
        (psycopg.OperationalError(REFUSED), "refused"),
        (psycopg.OperationalError('FATAL:  password authentication failed for user "alice"'), "auth"),
        (psycopg.OperationalError("fe_sendauth: no password supplied"), "auth"),
        (psycopg.OperationalError("connection timeout expired"), "timeout"),
        (
            psycopg.OperationalError("failed to resolve host 'nohost.invalid': Name or service not known"),
            "dns",
        ),
        (psycopg.OperationalError("server closed the connection unexpectedly"), "lost"),
        (psycopg.OperationalError("terminating connection due to administrator command"), "lost"),
        (PoolTimeout("couldn't get a connection after 1.00 sec"), "down"),
        (psycopg.OperationalError("SSL SYSCALL error: EOF detected"), ""),
    ],
)
def test_the_postgres_store_names_the_cause(error, cause):
    assert _cause(error) == cause


def test_a_url_that_cannot_be_read_does_not_repeat_its_password():
    with pytest.raises(BadStoreURL) as e:
        PostgresStore("postgresql://u:secret@[::1/x")
    for lang in ("en", "ja"):
        said = messages.words(e.value, lang)
        assert "secret" not in said and "postgresql://u:***@[::1/x" in said


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_server_that_is_not_there_is_one_sentence_in_the_language(lang, tmp_path):
    url = "postgresql://nobody@127.0.0.1:1/x"
    r = run_cli("--lang", lang, "--store", url, "sessions", env={"TABLETOP_HOME": str(tmp_path)})
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    detail = re.search(r"\((connection to server at [^()]*)\)$", err.strip())
    assert detail and "Connection refused" in detail[1], err  # the driver's words, at the end
    said = err.strip().removesuffix(detail[0])
    if lang == "ja":
        assert f"tabletop: セッションの保存先 {url} に接続できません: サーバーが接続を拒否しました" in said, (
            err
        )
        assert _english_words(said.replace(url, " ")) == [], err
    else:
        assert f"tabletop: cannot reach the session store at {url}: the server refuses connections" in said
