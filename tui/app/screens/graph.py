"""The scenario's graph as a list, best path starred."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Header,
    Static,
)

from ..footer import Footer
from ..literal import plain
from .common import Localized


class GraphScreen(Localized, Screen):
    """The scenario's graph as a list: each node (decisions ◆, injects ▪, endings ■ with
    their outcome), then where each option or condition leads; the best path starred."""

    BINDINGS = [
        Binding("escape,b", "back", "Back"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]
    LABELS = {"back": "back", "help": "k_help"}

    def __init__(self, scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="graph-box"):
            yield Static(id="graph", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#graph-box").focus()

    def on_resize(self) -> None:
        self._draw()

    def relabel(self) -> None:
        super().relabel()
        self.sub_title = self.app.t("graph_title")
        self._draw()

    def _draw(self) -> None:
        from tabletop.engine.graph import build
        from tabletop.engine.report import label

        lang, t = self.app.lang, self.app.t
        g = build(self.scenario, lang, self.app.catalog)
        out_edges: dict[str, list] = {}
        for e in g.edges:
            out_edges.setdefault(e.src, []).append(e)
        icon = {"decision": "◆", "inject": "▪", "ending": "■", "deadline": "◷"}
        parts = [Content.styled(t("graph_legend"), "dim"), Content("")]
        for n in g.nodes:
            star = "★ " if n.best else "  "
            outcome = f"  ({label('outcome_' + n.outcome, lang)})" if n.outcome else ""
            head = f"{star}{icon[n.kind]} {n.id}{outcome}"
            parts.append(Content.styled(head, "bold"))
            if len(n.lines) > 1:
                parts.append(plain("      " + " ".join(n.lines[1:])))
            for e in out_edges.get(n.id, []):
                via = " · ".join(e.label)
                mark = "★" if e.best else " "
                parts.append(plain(f"    {mark} → {e.dst}" + (f"   {via}" if via else "")))
        self.query_one("#graph", Static).update(Content("\n").join(parts))
