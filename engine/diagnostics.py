"""Diagnostics: what is wrong with a file, where, under a stable code.

Codes are stable: tools and authors rely on them. Their meanings are documented in
docs/format.md; ``CODES`` here is the single source for the code list.
"""

from __future__ import annotations

import attrs

ERROR = "error"
WARNING = "warning"

CODES: dict[str, str] = {
    # reading
    "TT001": "the file is not valid YAML",
    "TT002": "the file cannot be read as text (binary, not UTF-8, or unreadable)",
    "TT003": "the file is too large, too deeply nested, or expands too many aliases",
    "TT004": "a tag that is not plain YAML (such as a Python object tag)",
    "TT005": "the same key appears twice in one mapping",
    # structure
    "TT010": "the document is not a mapping",
    "TT011": "unknown field",
    "TT012": "a required field is missing",
    "TT013": "a field has the wrong type or an invalid value",
    "TT014": "unsupported or missing format version",
    # references
    "TT020": "reference to an unknown node",
    "TT021": "reference to an unknown role",
    "TT022": "reference to an unknown practice",
    "TT023": "duplicate id",
    "TT024": "reference to an unknown variable (flag, counter or meter)",
    # graph
    "TT030": "a node cannot be reached from the start",
    "TT031": "dead end: a node from which no ending can be reached",
    "TT032": "a cycle with no way out",
    "TT033": "conditional edges without a final unconditional edge",
    # conditions
    "TT040": "syntax error in a condition",
    "TT041": "undefined variable in a condition",
    # decisions
    "TT050": "a decision with fewer than two options",
    "TT051": "a multi-role decision whose options name `next` (use the decision's `next`)",
    "TT052": "a multi-role decision with too many combinations of answers",
    "TT053": "nothing would be on offer: every option (or every question) has a `when`",
    "TT054": "a ruling that cannot be made: an open answer or contested call without its rubric or arguments",
    "TT055": "a deadline whose consequence moves the clock",
    "TT056": "an objective's task that names an unknown answer or shows nothing, or not 2 to 4 objectives",
    # language
    "TT060": "missing translation",
    # catalogue
    "TT070": "a lesson that no option follows",
}


@attrs.frozen(order=True)
class Diagnostic:
    path: str
    line: int  # 1-based; 0 when the position is unknown
    col: int  # 1-based; 0 when the position is unknown
    code: str
    severity: str
    message: str

    def __str__(self) -> str:
        # one line, literal: messages quote keys, ids and values from the file, which may
        # hold escapes or newlines that would forge diagnostic lines
        from .text import one_line

        where = one_line(self.path)
        if self.line:
            where += f":{self.line}:{self.col}"
        return f"{where}: {self.code} {self.severity}: {one_line(self.message)}"


@attrs.frozen
class Pos:
    line: int = 0
    col: int = 0


NOWHERE = Pos()


class Sink:
    """Collects diagnostics for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def add(self, code: str, pos: Pos | None, message: str, severity: str = ERROR) -> None:
        assert code in CODES, code
        pos = pos or NOWHERE
        self.items.append(Diagnostic(self.path, pos.line, pos.col, code, severity, message))

    def error(self, code: str, pos: Pos | None, message: str) -> None:
        self.add(code, pos, message, ERROR)

    def warning(self, code: str, pos: Pos | None, message: str) -> None:
        self.add(code, pos, message, WARNING)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)
