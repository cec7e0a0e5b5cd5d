"""Hostile files: each must get a diagnostic quickly (tests/e2e, benchmarks/bench.py)."""

HOSTILE = {
    "syntax.yaml": b"format: 1\nid: [\n",
    "binary.yaml": bytes(range(256)) * 4,
    "latin1.yaml": "format: 1\nid: caf\u00e9\n".encode("latin-1"),
    "bomb.yaml": b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    + b"".join(
        f"{c}: &{c} [{','.join(['*' + p] * 10)}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "huge.yaml": b"title: '" + b"x" * (30 * 1024 * 1024) + b"'\n",
    "deep.yaml": b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    "deepmap.yaml": b"".join(b"  " * i + b"k:\n" for i in range(3000)),
    # 1 MB of text named once and repeated by 20 aliases: 20 MB of text from a 1 MB file
    "aliastext.yaml": b"a: &a '" + b"x" * 1_000_000 + b"'\nb: [" + b",".join([b"*a"] * 20) + b"]\n",
    "python.yaml": b"format: 1\nid: !!python/object/apply:os.system [echo pwned]\n",
    "pyname.yaml": b"!!python/name:os.system\n",
    "empty.yaml": b"",
    "list.yaml": b"- a\n- b\n",
}


# -- hostile content: valid files whose every text holds something that must stay text ----

# Each payload is shown or written somewhere; none may act: no markup interpreted, no
# escape sequence, control or bidi character reaching a terminal or a document, no
# spreadsheet formula, no HTML. Markers (PWNED...) make leaks easy to find.
PAYLOADS = [
    "[@click=app.quit]CLICK[/] [b]bold[/b] [link=https://example.invalid]l[/link] [/]",
    "\x1b]0;PWNED-TITLE\x07 \x1b]2;PWNED2\x1b\\ \x1b]52;c;UFdORUQ=\x07 \x1b[2J\x1b[31mred\x1b[0m \x1bc RIS",
    "\x9b31mC1CSI \x9d0;PWNED-C1\x9c \x85NEL \x90DCS\x9c \x07bell \x08bs \x7fdel \rCR",
    "bidi \u202eevil\u202c \u2066iso\u2069 \u061cALM \u200bzw \ufeffbom \U000e0041tag",
    '=HYPERLINK("http://example.invalid","click")',
    "+1+2 -3 @SUM(A1) \tTAB",
    "<script>alert('PWNED')</script> ](javascript:alert(1)) # heading | pipe | &amp;",
    "長い" + "W" * 20_000 + "認証と English の混在",
    "日本語と[bold]English[/bold]の混在\x1b[5m点滅\x1b[0m、句読点。",
    "line one\nline two\r\nfake: 1:1: TT000 error: forged\n",
]
MARKUP = "[@click=app.quit]CLICK[/]"  # must appear literally wherever text is shown as text

# byte sequences that must never reach a terminal or a text document
FORBIDDEN_BYTES = {
    "ESC": b"\x1b",
    "BEL": b"\x07",
    "C1 CSI": "\x9b".encode(),
    "C1 OSC": "\x9d".encode(),
    "C1 DCS": "\x90".encode(),
    "C1 ST": "\x9c".encode(),
    "NEL": "\x85".encode(),
    "RLO": "\u202e".encode(),
    "LRI": "\u2066".encode(),
    "ALM": "\u061c".encode(),
    "ZWSP": "\u200b".encode(),
    "tag": "\U000e0041".encode(),
    "BS": b"\x08",
    "DEL": b"\x7f",
}

# what a terminal UI must not emit from scenario text (it emits CSI itself)
FORBIDDEN_IN_TUI = {
    "OSC title": b"\x1b]0;PWNED",
    "OSC title 2": b"\x1b]2;PWNED",
    "OSC clipboard": b"\x1b]52;",
    "RIS": b"\x1bc",
    **{k: v for k, v in FORBIDDEN_BYTES.items() if k not in ("ESC", "BEL", "BS")},
}

TEXT_KEYS = {"title", "summary", "text", "prompt", "feedback", "facilitator", "what_happened", "label", "name",
             "rationale", "responsibilities"}  # fmt: skip


def _hostile_text(i: int) -> dict:
    return {"ja": PAYLOADS[i % len(PAYLOADS)], "en": PAYLOADS[(i + 3) % len(PAYLOADS)]}


def hostilise(doc, counter=None):
    """``doc`` (a loaded YAML document) with every text replaced by payloads in turn."""
    counter = counter if counter is not None else [0]

    def text():
        counter[0] += 1
        return _hostile_text(counter[0])

    if isinstance(doc, dict):
        out = {}
        for k, v in doc.items():
            if k in TEXT_KEYS and (isinstance(v, str) or isinstance(v, dict) and set(v) <= {"ja", "en"}):
                out[k] = text()
            elif k == "discussion" and isinstance(v, list):
                out[k] = [text() for _ in v] or [text()]
            elif k == "role_labels" and isinstance(v, dict):
                out[k] = {r: text() for r in v}
            else:
                out[k] = hostilise(v, counter)
        return out
    if isinstance(doc, list):
        return [hostilise(v, counter) for v in doc]
    return doc


def write_hostile_pack(folder):
    """A scenario folder as an author would have it: the scenario, practices.yaml beside
    it, roles/ beside the folder, every text hostile. Returns the scenario's path."""
    from pathlib import Path

    import yaml

    mini = Path(__file__).resolve().parent / "data" / "mini"
    folder = Path(folder)
    (folder / "drill").mkdir(parents=True, exist_ok=True)
    (folder / "roles").mkdir(exist_ok=True)
    scenario = hostilise(yaml.load((mini / "mini.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    scenario["id"] = "hostile-drill"
    scenario["role_labels"] = {"pr": _hostile_text(1)}
    for n in scenario["nodes"].values():
        if n.get("kind") == "decision":
            n["discussion"] = [_hostile_text(2), _hostile_text(5)]
    dump = {"allow_unicode": True, "sort_keys": False, "width": 10**9}
    path = folder / "drill" / "hostile.yaml"
    path.write_text(yaml.safe_dump(scenario, **dump), encoding="utf-8")
    practices = hostilise(
        yaml.load((mini / "practices.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    )
    (folder / "drill" / "practices.yaml").write_text(yaml.safe_dump(practices, **dump), encoding="utf-8")
    for f in (mini / "roles").glob("*.yaml"):
        role = hostilise(yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        (folder / "roles" / f.name).write_text(yaml.safe_dump(role, **dump), encoding="utf-8")
    return path


def leaks(data: bytes, forbidden=None) -> list[str]:
    """The names of the forbidden sequences found in ``data``."""
    return [name for name, seq in (forbidden or FORBIDDEN_BYTES).items() if seq in data]


def formula_cells(csv_text: str) -> list[str]:
    """CSV cells a spreadsheet would evaluate (numbers are fine: -3 is a number)."""
    import csv
    import io
    import re

    number = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")
    out = []
    for row in csv.reader(io.StringIO(csv_text.lstrip("\ufeff"), newline="")):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠") and not number.match(
                cell
            ):
                out.append(cell[:40])
    return out


def hostile_facilitation() -> dict:
    """Keyword arguments for a facilitated session and its facilitator's actions, every
    string that people type a payload: facilitator and participant names, ad-hoc injects,
    observations, reasons, hotwash answers, plan rows, proposal texts, ``by``."""
    p = PAYLOADS
    return {
        "facilitator": p[0],
        "participants": tuple(p),
        "adhoc": (p[1], p[2]),  # (text, by)
        "observe": p[3],
        "adjust": p[4],
        "override": p[5],
        "propose": p[6],
        "hotwash": (p[7], p[8]),  # (question, answer)
        "plan": (p[9], p[4], p[5], p[6]),  # (item, action, owner, due)
        "by": p[8],
    }
