"""The players rate one critical task themselves: a task that only a rating shows (the
expected actions of an imported exercise, ``rated: true``), when no facilitator is there
to rate it. The HSEEP scale: performed without challenges, with some, with major ones, or
not performed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tabletop.engine.blocks import rating_word
from tabletop.engine.play import RATINGS

from ..literal import plain

SKIP = "skip"


class TaskRatingScreen(ModalScreen[str | None]):
    """Dismisses with a rating (P, S, M, U), ``SKIP`` to leave this task unrated and go on,
    or None when cancelled (Escape: stop rating)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, objective, task, due: str, place: tuple[int, int], lang: str) -> None:
        super().__init__()
        self.objective, self.critical, self.due, self.place, self.lang = objective, task, due, place, lang

    def compose(self) -> ComposeResult:
        t, lang = self.app.t, self.lang
        with Vertical(classes="dialog"):
            with VerticalScroll():
                k, n = self.place
                yield Static(Content.styled(t("assess_title", k=k, n=n), "bold"), markup=False)
                yield Static(plain(self.objective.title.get(lang)), markup=False)
                yield Static(
                    Content.assemble(("▶ ", "bold"), plain(self.critical.text.get(lang))), markup=False
                )
                if self.due:
                    yield Static(
                        Content.assemble((t("assess_due") + ": ", "dim"), plain(self.due)), markup=False
                    )
                yield Static(Content.styled(t("assess_how"), "italic"), markup=False)
            choices = OptionList(id="ratings")
            for i, r in enumerate(RATINGS, 1):
                choices.add_option(Option(Content(f"{i}. {rating_word(r, lang)}"), id=r))
            choices.add_option(Option(Content(f"{len(RATINGS) + 1}. {t('assess_skip')}"), id=SKIP))
            yield choices

    def on_mount(self) -> None:
        choices = self.query_one("#ratings", OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_key(self, event) -> None:
        # digits pick a line, as everywhere else in play
        if event.character and event.character.isdigit():
            i = int(event.character) - 1
            choices = self.query_one("#ratings", OptionList)
            if 0 <= i < choices.option_count:
                event.stop()
                self.dismiss(choices.get_option_at_index(i).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
