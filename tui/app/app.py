"""The terminal UI (Textual): library → setup → play → debrief, with saved sessions.

The app only talks to the person at the keyboard: every move goes through ``Game``, which
applies it with the engine and commits it to the session database before the screen shows
it. Scenario text is always shown as text (``Content``), never parsed as markup.
"""

from __future__ import annotations

import dataclasses
import traceback
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding

from .i18n import tr

if TYPE_CHECKING:
    from tabletop.engine.model import Catalog


# Textual's system commands (title, help) -> the i18n keys of their words
_TEXTUAL_COMMANDS = {
    ("Theme", "Change the current theme"): ("cmd_theme", "cmd_theme_help"),
    ("Quit", "Quit the application as soon as possible"): ("cmd_quit", "cmd_quit_help"),
    ("Keys", "Hide the keys and widget help panel"): ("cmd_keys", "cmd_keys_hide"),
    ("Keys", "Show help for the focused widget and a summary of available keys"): (
        "cmd_keys",
        "cmd_keys_show",
    ),
    ("Minimize", "Minimize the widget and restore to normal size"): ("cmd_minimize", "cmd_minimize_help"),
    ("Maximize", "Maximize the focused widget"): ("cmd_maximize", "cmd_maximize_help"),
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): (
        "cmd_screenshot",
        "cmd_screenshot_help",
    ),
    ("Bell", "Ring the bell"): ("cmd_bell", "cmd_bell_help"),
}


class TabletopApp(App):
    """Tabletop's terminal UI."""

    TITLE = "Tabletop"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit_app", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        lang: str = "en",
        scenario: str | None = None,
        session: str | None = None,
        seed: int | None = None,
        roles: tuple[str, ...] = (),
        learn: bool = False,
        timer: int = 0,
        resume: str | None = None,
        as_played: bool = False,
        fork: bool = False,
        watch: bool = False,
        store=None,
        catalog: Catalog | None = None,
        start_screen=None,
    ) -> None:
        super().__init__()
        self.lang = lang if lang in ("ja", "en") else "en"
        self._relabel_palette()
        self.start_scenario = scenario
        self.start_session = session
        self.start_seed = seed
        self.start_roles = roles
        self.start_learn = learn
        self.start_timer = timer
        self.start_resume = resume
        self.start_how = "played" if as_played else "fork" if fork else ""
        self.start_watch = watch
        self._store = store
        self._catalog = catalog
        self._catalog_is_builtin = catalog is None  # else scenarios are never taken from a cache
        # app -> the first screen, for the facilitated drill's commands (facilitate, join,
        # replay): they open their own screen, without the library beneath it
        self.start_screen = start_screen
        self.crash_detail: str | None = None
        self.exit_message: str | None = None
        # Scenario id -> session name of each unfinished exercise played in this window. The
        # library will not draw their graphs: "back to the library, g" would be an answer key.
        self.open_exercises: dict[str, str] = {}
        self.first_frame_shown = False  # see on_ready

    # -- shared services -----------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from tabletop.engine.catalog import load_catalog

            self._catalog, _ = load_catalog()
        return self._catalog

    @property
    def store(self):
        if self._store is None:
            from tabletop.sessions.store import open_store

            self._store = open_store()
        return self._store

    def t(self, key: str, **kw) -> str:
        return tr(key, self.lang, **kw)

    def words(self, error: BaseException, again: bool = False) -> str:
        """An error of the store, the sessions or the catalogue in the app's language (the
        same sentence the command line says: sessions/messages.py); others as they are.
        ``again``: the screen kept what could not be saved, to be given again."""
        from tabletop.sessions.messages import words

        return words(error, self.lang, again)

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True) -> None:
        """Every notification is literal text. Messages quote scenario keys, session names,
        file paths and errors; Textual would render them as markup (where a key such as
        ``[@click=app.quit]`` becomes a live link) and pass escapes to the terminal."""
        from tabletop.engine.text import clean

        super().notify(
            clean(str(message)), title=clean(str(title)), severity=severity, timeout=timeout, markup=False
        )

    def validate_title(self, title) -> str | None:
        from tabletop.engine.text import one_line

        return title if title is None else one_line(str(title))

    def validate_sub_title(self, sub_title) -> str | None:
        from tabletop.engine.text import one_line

        return sub_title if sub_title is None else one_line(str(sub_title))

    def role_name(self, role: str, scenario=None) -> str:
        if scenario is not None:
            return scenario.role_name(self.catalog, role, self.lang)
        r = self.catalog.roles.get(role)
        return r.name.get(self.lang) if r else role

    def load_for_play(self, ref: str):
        """``(scenario, catalog)`` or an error sentence. A scenario played before, unchanged
        and checked against the same catalogue, comes from sessions.loaded_cache; an app
        given its own catalogue, or watching the file for an author, always reads the YAML."""
        from tabletop.engine.catalog import ScenarioNotFound, find
        from tabletop.sessions import loaded_cache

        key = None
        try:
            if self._catalog_is_builtin and not self.start_watch:
                f = find(ref)
                key = loaded_cache.key_of(f)
                hit = loaded_cache.get(key) if key else None
                if hit is not None:
                    if self._catalog is None and not isinstance(f, str):
                        self._catalog = hit[1]  # a built-in scenario's is the built-in catalogue
                    return hit, None
            from tabletop.engine.catalog import load
            from tabletop.sessions.game import catalog_for

            scenario, diags = load(ref, self.catalog)
            cat = catalog_for(ref, self.catalog)
        except ScenarioNotFound as e:
            return None, self.words(e)
        errors = [d for d in diags if d.severity == "error"]
        if scenario is None or errors:
            from tabletop.sessions.messages import say

            first = "\n".join(str(d) for d in (errors or diags)[:5])
            return None, say("scenario_errors", self.lang, ref=ref, detail=first)
        if key:
            loaded_cache.put(key, scenario, cat)
        return (scenario, cat), None

    # -- start ---------------------------------------------------------------------------

    def get_default_screen(self):
        """The library, at the bottom of the stack; a blank screen under a drill's own first
        screen (``start_screen``). Composed with the app rather than pushed from ``on_mount``,
        so that the first frame Textual draws is the library's. Opened straight on a game
        (a scenario or a session to resume), the library is built only when the player
        leaves the game (screens.library_later)."""
        if self.start_screen is not None:
            return super().get_default_screen()
        if self.start_scenario or self.start_resume:
            from .screens.library_later import LibraryLater

            return LibraryLater()
        from .screens import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        self.title = "Tabletop"
        if self.start_screen is not None:
            self.push_screen(self.start_screen(self))
            return
        loaded = resumed = None
        changed = None
        if self.start_resume:
            resumed, err = self._open_session(self.start_resume, self.start_how)
            if not isinstance(err, str):
                changed, err = err, None
        elif self.start_scenario:
            loaded, err = self.load_for_play(self.start_scenario)
        else:
            err = None
        if err:
            self.exit_message = err
            self.exit(return_code=2)
            return
        if changed is not None:
            self._ask_changed(self.start_resume, changed)
        elif resumed:
            self._show_session(resumed)
        elif loaded and self.start_watch:
            self._start_watch(loaded)
        elif loaded:
            self.start_game(
                loaded,
                self.start_scenario,
                name=self.start_session,
                seed=self.start_seed,
                roles=self.start_roles,
                learn=self.start_learn,
                timer=self.start_timer,
            )

    def on_ready(self) -> None:
        """The first frame is on the terminal (Textual sends Ready after the first layout):
        the screens now fill in what they put off so as to draw it sooner (the library's
        filters and its list). ``call_after_refresh`` would not wait for it: while the app
        mounts, Textual runs those callbacks at once."""
        self.first_frame_shown = True
        for screen in self.screen_stack:
            if hasattr(screen, "after_first_frame"):
                self.call_later(screen.after_first_frame)

    def _start_watch(self, loaded) -> None:
        from tabletop.sessions.game import Game

        from .screens import PlayScreen

        scenario, cat = loaded
        game = Game.new(
            scenario, cat, self.start_scenario, None, None, self.start_seed, self.start_roles, self.lang
        )
        self.push_screen(
            PlayScreen(game, learn=self.start_learn, ref=self.start_scenario, watch=self.start_scenario)
        )

    def start_game(self, loaded, ref, name=None, seed=None, roles=(), learn=False, mode="solo", timer=None):
        from tabletop.sessions.game import Game
        from tabletop.sessions.store import StoreError

        scenario, cat = loaded
        try:
            game = Game.new(
                scenario, cat, ref, self.store, name, seed, tuple(roles), self.lang, mode, learn, timer or 0
            )
        except StoreError as e:
            self.notify(self.words(e), title=self.t("error"), severity="error", timeout=10)
            return
        self.play(game, learn=learn, timer=timer, ref=ref)

    def play(self, game, **kw) -> None:
        """Show the play screen for ``game`` (screens call this rather than import each other)."""
        from .screens import PlayScreen

        self.push_screen(PlayScreen(game, **kw))

    def _open_session(self, name: str, how: str = ""):
        """``(game, None)``, ``(None, why)``, or ``(None, ScenarioChanged)`` when the
        scenario has changed since and ``how`` does not say what to do ("played": open it on
        the version it was played on; "fork": a new session on the new version)."""
        from tabletop.sessions.game import Game, ScenarioChanged
        from tabletop.sessions.store import StoreError

        def load(ref):
            loaded, err = self.load_for_play(ref)
            if err:
                raise StoreError(err)
            return loaded

        try:
            if how == "fork":
                game, replayed, total = Game.fork_onto_current(self.store, name, load)
                self.notify(
                    self.t("forked_onto_new", name=game.name, replayed=replayed, total=total), timeout=8
                )
                return game, None
            return Game.resume(self.store, name, load, as_played=how == "played"), None
        except ScenarioChanged as e:
            return None, e
        except StoreError as e:
            return None, self.words(e)

    def _ask_changed(self, name: str, changed) -> None:
        from .modals import ChangedScreen

        def chosen(how: str | None) -> None:
            if how:
                self.resume_session(name, how)

        self.push_screen(ChangedScreen(name, changed.kept), chosen)

    def _show_session(self, game) -> None:
        from .screens import DebriefScreen, PlayScreen

        if game.warning == "as_played":
            self.notify(self.t("as_played"), severity="warning", timeout=8)
        ref = self.store.info(game.name).ref
        if game.state.ended:
            self.push_screen(DebriefScreen(game, ref=ref))
        else:
            # the settings the session began with (learn mode, timer), unless asked for here
            started = game.started
            self.push_screen(
                PlayScreen(
                    game,
                    learn=self.start_learn or started.learn,
                    timer=started.timer or None,
                    ref=ref,
                    resumed=True,
                )
            )

    def resume_session(self, name: str, how: str = "") -> None:
        game, err = self._open_session(name, how)
        if err is not None and not isinstance(err, str):
            self._ask_changed(name, err)
            return
        if err:
            self.notify(err, title=self.t("error"), severity="error", timeout=10)
            return
        self._show_session(game)

    # -- app-wide actions ----------------------------------------------------------------

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        # keys typed after q in one burst ("qs") reach the bindings before the app has
        # closed: a screen opened then was mounted on an app taking its screens down
        # (an internal error instead of a quit). Once quitting, a key does nothing.
        if self._exit:
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def action_quit_app(self) -> None:
        self.screen.action_quit() if hasattr(self.screen, "action_quit") else self.exit()

    def action_help(self) -> None:
        from .modals import HelpScreen

        self.push_screen(HelpScreen())

    def action_switch_lang(self) -> None:
        self.lang = "en" if self.lang == "ja" else "ja"
        self._relabel_palette()
        for screen in self.screen_stack:
            if hasattr(screen, "relabel"):
                screen.relabel()
        self.refresh_bindings()

    def _relabel_palette(self) -> None:
        """The command palette's key on every footer, in the app's language (Textual
        adds its binding, labelled "palette", when the app is made)."""
        km = self._bindings.key_to_bindings
        for key, bs in km.items():
            km[key] = [
                dataclasses.replace(b, description=self.t("k_palette"), tooltip=self.t("k_palette_tip"))
                if b.action == "command_palette"
                else b
                for b in bs
            ]

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.t("palette_search"), id="--command-palette"))

    def get_system_commands(self, screen):
        for cmd in super().get_system_commands(screen):
            # Textual's own commands, in the app's language (their words by their English
            # title; one Textual adds later stays as Textual words it); its Quit exits at
            # once, where ours asks first in a game, as q and Ctrl+Q do
            title, help_ = _TEXTUAL_COMMANDS.get((cmd.title, cmd.help), (None, None))
            if cmd.title == "Quit":
                cmd = cmd._replace(callback=self.action_quit_app)
            if title is not None:
                cmd = cmd._replace(title=self.t(title), help=self.t(help_))
            yield cmd
        yield SystemCommand(self.t("cmd_help"), "?", self.action_help)
        yield SystemCommand(self.t("cmd_lang"), "日本語 / English", self.action_switch_lang)
        for name, key, help_ in getattr(screen, "COMMANDS_HERE", ()):
            action = getattr(screen, f"action_{name}", None)
            if action is not None and screen.check_action(name, ()) is not False:
                yield SystemCommand(self.t(key), help_, action)

    # -- errors: never a traceback on the screen -----------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        from tabletop.engine.play import LoopError
        from tabletop.sessions.store import StoreError

        if isinstance(error, StoreError):  # the store gone where no screen expected it: not a bug
            self.exit_message = self.words(error)
            self.exit(return_code=2)
            return
        if isinstance(error, LoopError):  # the scenario's fault, not a bug: say so and stop
            from tabletop.sessions.messages import say

            self.exit_message = say("loop", self.lang, detail=str(error))
            self.exit(return_code=2)
            return
        self._return_code = 70
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self.crash_detail = "".join(traceback.format_exception(error))
        self._close_messages_no_wait()
