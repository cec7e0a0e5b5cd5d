"""The condition language: a small, safe expression parser (never ``eval``).

    expr   := or
    or     := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | cmp
    cmp    := atom (("=="|"!="|"<"|"<="|">"|">=") atom)?
    atom   := NAME | INT | "true" | "false" | "(" expr ")"

Names are flags, counters and meters. A parsed condition is a tree of tuples.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|<|>|\(|\)))"
)
KEYWORDS = {"and", "or", "not", "true", "false"}
MAX_LEN = 500
MAX_DEPTH = 16


class ConditionError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _tokens(src: str):
    i = 0
    out = []
    while i < len(src):
        if src[i:].strip() == "":
            break
        m = _TOKEN.match(src, i)
        if not m or m.end() == i:
            j = i
            while j < len(src) and src[j].isspace():
                j += 1
            raise ConditionError(f"unexpected character {src[j]!r}", j)
        kind = m.lastgroup
        start = m.start(kind)
        out.append((kind, m.group(kind), start))
        i = m.end()
    out.append(("end", "", len(src)))
    return out


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.toks = _tokens(src)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self):
        node = self.or_()
        kind, val, at = self.peek()
        if kind != "end":
            raise ConditionError(f"unexpected {val!r}", at)
        return node

    def or_(self):
        left = self.and_()
        while self.peek()[:2] == ("name", "or"):
            self.take()
            left = ("or", left, self.and_())
        return left

    def and_(self):
        left = self.not_()
        while self.peek()[:2] == ("name", "and"):
            self.take()
            left = ("and", left, self.not_())
        return left

    def not_(self):
        if self.peek()[:2] == ("name", "not"):
            self.take()
            return ("not", self.not_())
        return self.cmp()

    def cmp(self):
        left = self.atom()
        kind, val, _ = self.peek()
        if kind == "op" and val in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return ("cmp", val, left, self.atom())
        return left

    def atom(self):
        kind, val, at = self.take()
        if kind == "num":
            return ("lit", int(val))
        if kind == "name":
            if val == "true":
                return ("lit", True)
            if val == "false":
                return ("lit", False)
            if val in KEYWORDS:
                raise ConditionError(f"expected a value, found {val!r}", at)
            return ("var", val, at)
        if (kind, val) == ("op", "("):
            node = self.or_()
            k, v, a = self.take()
            if (k, v) != ("op", ")"):
                raise ConditionError("missing ')'", a)
            return node
        if kind == "end":
            raise ConditionError("the condition ends too early", at)
        raise ConditionError(f"expected a value, found {val!r}", at)


def parse(src: str):
    """Parse a condition; raises ConditionError with the offset of the problem."""
    if not isinstance(src, str) or not src.strip():
        raise ConditionError("empty condition", 0)
    if len(src) > MAX_LEN:
        raise ConditionError(f"condition longer than {MAX_LEN} characters", MAX_LEN)
    depth = 0
    for i, ch in enumerate(src):
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_DEPTH:
            raise ConditionError(f"parentheses nested deeper than {MAX_DEPTH}", i)
    if src.count("not") > MAX_DEPTH * 2:
        raise ConditionError("too many 'not's", 0)
    return _Parser(src).parse()


def names(tree) -> list[tuple[str, int]]:
    """Variable names used in a parsed condition, with their offsets."""
    out: list[tuple[str, int]] = []
    stack = [tree]
    while stack:
        t = stack.pop()
        if t[0] == "var":
            out.append((t[1], t[2]))
        elif t[0] in ("and", "or"):
            stack += [t[2], t[1]]
        elif t[0] == "not":
            stack.append(t[1])
        elif t[0] == "cmp":
            stack += [t[3], t[2]]
    return out


_CMP = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _value(t, env):
    if t[0] == "lit":
        return t[1]
    if t[0] == "var":
        return env[t[1]]
    return truth(t, env)


def truth(t, env) -> bool:
    """Evaluate a parsed condition against variable values."""
    op = t[0]
    if op == "or":
        return truth(t[1], env) or truth(t[2], env)
    if op == "and":
        return truth(t[1], env) and truth(t[2], env)
    if op == "not":
        return not truth(t[1], env)
    if op == "cmp":
        return bool(_CMP[t[1]](int(_value(t[2], env)), int(_value(t[3], env))))
    return bool(_value(t, env))
