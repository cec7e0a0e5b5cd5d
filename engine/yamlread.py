"""Safe, bounded YAML reading that remembers where every value came from.

Only plain YAML is accepted: no Python tags, no custom tags. The document is built
from the parser's event stream (no recursion, so deep nesting cannot overflow the
stack), with limits on file size, nesting depth and alias expansion, so a hostile file
gets a diagnostic quickly instead of eating the machine.
"""

from __future__ import annotations

import yaml

from .diagnostics import Pos, Sink

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
# Text that aliases may expand to, in characters: four times the largest file. An alias
# repeats its anchor's text wherever the document is used (shown, exported, written as
# JSON), so a small file must not be able to stand for gigabytes of text.
MAX_EXPANDED_CHARS = 4 * MAX_BYTES

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class YMap(dict):
    """A mapping with the positions of its keys and values."""

    pos: Pos
    kpos: dict
    vpos: dict

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.kpos = {}
        self.vpos = {}

    def key_pos(self, key) -> Pos:
        return self.kpos.get(key, self.pos)

    def value_pos(self, key) -> Pos:
        return self.vpos.get(key, self.pos)


class YList(list):
    """A sequence with the positions of its items."""

    pos: Pos
    ipos: list

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.ipos = []

    def item_pos(self, i: int) -> Pos:
        return self.ipos[i] if 0 <= i < len(self.ipos) else self.pos


class _Stop(Exception):
    pass


def _pos(mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1) if mark is not None else Pos()


def pos_of(container, key) -> Pos:
    """Position of a value inside a YMap/YList (falls back to the container's)."""
    if isinstance(container, YMap):
        return container.value_pos(key)
    if isinstance(container, YList):
        return container.item_pos(key)
    return Pos()


def decode(data: bytes, sink: Sink) -> str | None:
    """Bytes to text, or a TT002/TT003 diagnostic."""
    if len(data) > MAX_BYTES:
        sink.error(
            "TT003",
            None,
            f"file is {len(data) / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB",
        )
        return None
    if b"\x00" in data:
        before = data[: data.index(b"\x00")]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        sink.error("TT002", Pos(line, col), "this looks like a binary file (it contains NUL bytes)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        sink.error(
            "TT002",
            Pos(line, max(col, 1)),
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


# The implicit resolvers PyYAML keeps, by the first character of a plain scalar: a plain
# scalar whose first character starts none of them (most scenario text) is a string, so
# it needs neither the resolver's regexes nor the constructor.
_RESOLVED_FIRST = frozenset(k for k in _resolver.yaml_implicit_resolvers if k is not None)
_STR = "tag:yaml.org,2002:str"


def _scalar(ev, sink: Sink):
    tag = ev.tag
    value = ev.value
    if tag is None:
        implicit = ev.implicit
        if (implicit[0] and value and value[0] not in _RESOLVED_FIRST) or (
            implicit[1] and not implicit[0]
        ):  # plain text that no resolver claims, or a quoted scalar: a string as written
            return value
    elif tag == _STR:
        return value
    if tag in (None, "!"):
        tag = _resolver.resolve(yaml.ScalarNode, value, ev.implicit)
    if tag == "tag:yaml.org,2002:timestamp":
        return ev.value
    if tag not in _PLAIN_TAGS:
        sink.error(
            "TT004", _pos(ev.start_mark), f"tag {ev.tag!r} is not allowed: scenario files are plain data"
        )
        raise _Stop
    node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
    try:
        return _constructor.construct_object(node)
    except (yaml.YAMLError, ValueError) as e:
        sink.error("TT013", _pos(ev.start_mark), f"cannot read the value {ev.value!r}: {e}")
        raise _Stop from None


def parse_text(text: str, sink: Sink):
    """Parse YAML text into YMap/YList/scalars. Returns (ok, value)."""
    stack: list = []  # containers under construction, with pending keys for maps
    anchors: dict[str, tuple[object, int, int]] = {}
    anchor_stack: list = []
    sizes: list[int] = []
    chars: list[int] = []
    total = 0
    total_chars = 0
    root = None
    docs = 0
    done = False

    def attach(value, mark, size, nchars):
        nonlocal root, total, total_chars
        total += size
        total_chars += nchars
        if total > MAX_NODES:
            sink.error(
                "TT003", _pos(mark), f"the document expands to more than {MAX_NODES:,} values (alias bomb?)"
            )
            raise _Stop
        if total_chars > MAX_EXPANDED_CHARS:
            sink.error(
                "TT003",
                _pos(mark),
                f"the document's aliases expand to more than {MAX_EXPANDED_CHARS // 1048576} Mi characters "
                "of text (alias bomb?)",
            )
            raise _Stop
        if sizes:
            sizes[-1] += size
            chars[-1] += nchars
        if not stack:
            root = value
        else:
            _put(stack, value, mark, sink)

    try:
        for ev in yaml.parse(text, Loader=_Parser):
            if isinstance(ev, yaml.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    sink.error(
                        "TT001", _pos(ev.start_mark), "more than one YAML document in the file; keep one"
                    )
                    raise _Stop
            elif isinstance(ev, yaml.ScalarEvent):
                value = _scalar(ev, sink)
                if ev.anchor:
                    anchors[ev.anchor] = (value, 1, len(ev.value))
                attach(value, ev.start_mark, 1, len(ev.value))
            elif isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in anchors:
                    sink.error("TT001", _pos(ev.start_mark), f"unknown alias *{ev.anchor}")
                    raise _Stop
                value, size, nchars = anchors[ev.anchor]
                attach(value, ev.start_mark, size, nchars)
            elif isinstance(ev, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if ev.tag not in (None, "!") and ev.tag not in _PLAIN_TAGS:
                    sink.error(
                        "TT004",
                        _pos(ev.start_mark),
                        f"tag {ev.tag!r} is not allowed: scenario files are plain data",
                    )
                    raise _Stop
                if len(stack) >= MAX_DEPTH:
                    sink.error("TT003", _pos(ev.start_mark), f"nesting deeper than {MAX_DEPTH} levels")
                    raise _Stop
                if isinstance(ev, yaml.MappingStartEvent):
                    c = YMap(_pos(ev.start_mark))
                    stack.append((c, _NOKEY))
                else:
                    c = YList(_pos(ev.start_mark))
                    stack.append(c)
                anchor_stack.append((ev.anchor, ev.start_mark))
                sizes.append(1)
                chars.append(0)
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                top = stack.pop()
                c = top[0] if isinstance(top, tuple) else top
                anchor, mark = anchor_stack.pop()
                size = sizes.pop()
                nchars = chars.pop()
                if anchor:
                    anchors[anchor] = (c, size, nchars)
                # the container's own values were counted as they were attached
                if sizes:
                    sizes[-1] += size
                    chars[-1] += nchars
                if not stack:
                    root = c
                else:
                    _put(stack, c, mark, sink)
            elif isinstance(ev, yaml.StreamEndEvent):
                done = True
    except _Stop:
        return False, None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = e.problem or "syntax error"
        if e.context:
            msg = f"{e.context}: {msg}"
        sink.error("TT001", _pos(mark), msg)
        return False, None
    except yaml.YAMLError as e:
        sink.error("TT001", None, str(e).splitlines()[0] if str(e) else "not valid YAML")
        return False, None
    except RecursionError:
        sink.error("TT003", None, "the document is nested too deeply")
        return False, None
    return done, root


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NOKEY = _NoKey()


def _put(stack: list, value, mark, sink: Sink) -> None:
    """Put a finished value into the container being built: a list item, a mapping key,
    or the value of the pending key."""
    top = stack[-1]
    if isinstance(top, YList):
        top.append(value)
        top.ipos.append(_pos(mark))
        return
    m, key = top
    if key is _NOKEY:
        if isinstance(value, YMap | YList):
            sink.error("TT013", _pos(mark), "a mapping key must be a plain value, not a mapping or list")
            raise _Stop
        if not isinstance(value, str):
            value = str(value).lower() if isinstance(value, bool) else str(value)
        stack[-1] = (m, (value, _pos(mark)))
        return
    k, kp = key
    if k in m:
        sink.error("TT005", kp, f"duplicate key {k!r} (first at line {m.kpos[k].line})")
    else:
        m[k] = value
        m.kpos[k] = kp
        m.vpos[k] = _pos(mark)
    stack[-1] = (m, _NOKEY)


def read_yaml(path, sink: Sink, data: bytes | None = None):
    """Read a YAML file safely. Returns the value, or None with diagnostics in ``sink``."""
    if data is None:
        try:
            import os

            size = os.path.getsize(path)
            if size > MAX_BYTES:
                sink.error(
                    "TT003",
                    None,
                    f"file is {size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB",
                )
                return None
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError as e:
            sink.error("TT002", None, f"cannot read the file: {e.strerror or e}")
            return None
    text = decode(data, sink)
    if text is None:
        return None
    ok, value = parse_text(text, sink)
    return value if ok else None
