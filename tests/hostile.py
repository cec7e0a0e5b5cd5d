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
    "python.yaml": b"format: 1\nid: !!python/object/apply:os.system [echo pwned]\n",
    "pyname.yaml": b"!!python/name:os.system\n",
    "empty.yaml": b"",
    "list.yaml": b"- a\n- b\n",
}
