"""An open answer and a rating against the rubric: the player types their own answer (for
an open option), reads the rubric and the model answer, and rates what they did. In solo
play the rating is recorded as a self-assessment."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..literal import numbered, plain


class RulingScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (answer text, level id), or None when cancelled (nothing is recorded)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, option, lang: str, ask_text: bool) -> None:
        super().__init__()
        self.option = option
        self.lang = lang
        self.ask_text = ask_text

    def compose(self) -> ComposeResult:
        t, lang, o = self.app.t, self.lang, self.option
        with Vertical(classes="dialog"):
            with VerticalScroll():
                yield Static(
                    Content.assemble((t("ruling_title") + ": ", "bold"), plain(o.text.get(lang))),
                    markup=False,
                )
                if self.ask_text:
                    yield Input(placeholder=t("answer_ph"), id="answer", max_length=2000)
                yield Static(Content.styled(t("rubric_head"), "italic"), markup=False)
                if o.model:
                    yield Static(
                        Content.assemble((t("model_answer") + ": ", "bold"), plain(o.model.get(lang))),
                        markup=False,
                    )
            levels = OptionList(id="levels")
            self._fill(levels, 60)
            yield levels

    def _fill(self, levels: OptionList, cols: int) -> None:
        """The rubric's levels, wrapped to ``cols`` (the list's width once it is laid out:
        text wrapped wider than the list is wrapped again by it, in the middle of a line)."""
        lang, o = self.lang, self.option
        at = levels.highlighted
        levels.clear_options()
        for i, lv in enumerate(o.rubric, 1):
            pts = sum(w for _, w in lv.practices)
            levels.add_option(Option(numbered(i, f"{lv.text.get(lang)} ({pts:+d})", cols), id=lv.id))
        levels.highlighted = at if at is not None else 0

    def _refit(self) -> None:
        levels = self.query_one("#levels", OptionList)
        width = levels.scrollable_content_region.width
        if width > 0:
            self._fill(levels, max(20, width - 2))  # less the highlight's padding

    def on_mount(self) -> None:
        levels = self.query_one("#levels", OptionList)
        levels.highlighted = 0
        (self.query_one("#answer", Input) if self.ask_text else levels).focus()
        self.call_after_refresh(self._refit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    @on(Input.Submitted)
    def _typed(self) -> None:
        if self.query_one("#answer", Input).value.strip():
            self.query_one("#levels", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _rated(self, event: OptionList.OptionSelected) -> None:
        text = self.query_one("#answer", Input).value.strip() if self.ask_text else ""
        if self.ask_text and not text:
            self.query_one("#answer", Input).focus()
            self.notify(self.app.t("answer_first"))
            return
        self.dismiss((text, event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
