"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its key widgets (a recompose: some 30 ms of CPU for
    seven keys) after every signal that the bindings may have changed, once per signal.
    A screen that mounts, takes the focus and relabels its keys sends several in one frame,
    and most change nothing on the footer. This one waits for the frame, then rebuilds only
    if the keys, their labels, their enabled state or their tooltips differ from those shown.
    """

    _shown: tuple | None = None  # what the key widgets show now (None: never built)
    _pending = False  # a check is queued for after the next refresh

    def bindings_changed(self, screen) -> None:
        # Textual's own bookkeeping first, as its method does: the footer stays empty until
        # the bindings are ready, and is left alone while the app has no focus
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached or self._pruning:  # its screen was closed meanwhile
            return
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys(self) -> tuple:
        """Everything of the active bindings that ``compose`` puts on the footer (a Binding
        is a frozen dataclass: equal when its key, action, label, group... are)."""
        display = self.app.get_key_display
        return tuple(
            (binding, display(binding) if binding.show else "", enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
