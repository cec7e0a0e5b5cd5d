"""An exercise: the sessions of many teams played at once, watched by a control cell.

A session belongs to exercise ``E`` when its name is ``E.TEAM``: the part before the first
dot names the exercise, the rest the team (``drill1.osaka-water``). Session names already
allow dots and forbid slashes, so nothing new is stored: a team joins by naming its session
(``tabletop play ID --session drill1.osaka-water``, or ``facilitate``), on SQLite and on any
other store alike, and ``tabletop sessions`` lists them as they are.

Only the Store API and Game are used (never SQL), so that the control cell works on
whichever store holds the sessions. Each team's Game is kept between polls and brought up
to date with ``Game.follow`` (one cheap query when nothing is new).
"""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from tabletop.engine.play import Decided, Started, waiting
from tabletop.engine.stamps import parse

from .game import Game, Overtaken
from .store import Store
from .store_api import StoreProblem, Worded

SEP = "."
EXERCISE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,47}\Z", re.ASCII)  # no dot: the dot ends it
STALLED_MINUTES = 10.0  # the default: a playing team with no decision for this long is stalled
TRIES = 5  # an ad-hoc inject written again after a team's terminal wrote first


def team_of(name: str, exercise: str) -> str | None:
    """The team label of session ``name`` in ``exercise``, or None when it is not one of its
    sessions."""
    prefix = exercise + SEP
    return name[len(prefix) :] if name.startswith(prefix) and len(name) > len(prefix) else None


class BadExercise(Worded):
    """A name that cannot name an exercise."""

    kind = "bad_exercise"

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class NotATeam(Worded):
    """A session asked for that is not a team of the exercise."""

    kind = "not_a_team"

    def __init__(self, name: str, exercise: str, teams: list[str]) -> None:
        super().__init__(name, exercise, teams)
        self.name, self.exercise, self.teams = name, exercise, teams


@attrs.frozen
class Team:
    """One team's session as the control cell shows it."""

    session: str
    team: str
    scenario: str  # the scenario's id
    title: str  # its title in the language asked for
    status: str  # playing | ended | abandoned
    position: str  # the node the story is at ("" before it starts)
    waiting_for: str  # decide | rule | draw | over
    decisions: int
    score: int
    last_decision: str  # the stamp of the last answer (the start when none yet)
    idle: int | None  # seconds since then (None: no stamp to count from)
    stalled: bool  # still playing, and no decision for the stalled limit or longer
    error: str = ""  # the session could not be read: why (the row still shows its name)

    def as_data(self) -> dict:
        return attrs.asdict(self)


class Exercise:
    """The teams of one exercise, read from ``store``; ``load(ref) -> (scenario, catalog)``
    loads a session's scenario (as ``Game.resume`` takes it)."""

    def __init__(self, store: Store, name: str, load, stalled_minutes: float = STALLED_MINUTES) -> None:
        if not EXERCISE_RE.match(name):
            raise BadExercise(name)
        self.store, self.name, self.load = store, name, load
        self.stalled_seconds = max(0.0, float(stalled_minutes)) * 60
        self.games: dict[str, Game] = {}

    def sessions(self) -> list[str]:
        """The names of the exercise's sessions, by team."""
        return sorted(i.name for i in self.store.list() if team_of(i.name, self.name) is not None)

    def _game(self, name: str) -> Game:
        g = self.games.get(name)
        if g is None:
            # as played: a scenario edited since must not hide a team from the control cell
            g = self.games[name] = Game.resume(self.store, name, self.load, as_played=True)
        else:
            g.follow()
        return g

    def teams(self, lang: str = "en", now: datetime | None = None) -> list[Team]:
        """Every session of the exercise, by team, brought up to date."""
        now = now or datetime.now().astimezone()
        names = self.sessions()
        for gone in set(self.games) - set(names):  # deleted or renamed meanwhile
            del self.games[gone]
        out = []
        for name in names:
            team = team_of(name, self.name) or name
            try:
                g = self._game(name)
            except Exception as e:  # a damaged session, a scenario gone: it must not hide the others
                self.games.pop(name, None)
                out.append(Team(name, team, "", "", "error", "", "over", 0, 0, "", None, False, str(e)))
                continue
            out.append(self._row(name, team, g, lang, now))
        return out

    def _row(self, name: str, team: str, g: Game, lang: str, now: datetime) -> Team:
        state = g.state
        last = next((e.at for e in reversed(g.events) if isinstance(e, Decided) and e.at), "")
        if not last and g.events and isinstance(g.events[0], Started):
            last = g.events[0].at
        idle = None
        then = parse(last)
        if then is not None:
            try:
                idle = max(0, int((now - then).total_seconds()))
            except TypeError:  # a stamp without a time zone
                idle = max(0, int((now.replace(tzinfo=None) - then.replace(tzinfo=None)).total_seconds()))
        status = "abandoned" if state.abandoned else "ended" if state.ended else "playing"
        stalled = status == "playing" and idle is not None and idle >= self.stalled_seconds
        title = g.scenario.title.get(lang) if g.scenario.title else ""
        return Team(
            name,
            team,
            g.scenario.id,
            title or g.scenario.id,
            status,
            state.node or "",
            waiting(g.scenario, state).kind,
            len(state.choices),
            state.score,
            last,
            idle,
            stalled,
        )

    def send(self, text: str, teams: list[str] | None = None, by: str = "control") -> list[str]:
        """An ad-hoc inject to every role of each session in ``teams`` (session names; None:
        every team still playing), written into each team's log as the facilitator
        console writes one (engine.play.AdHoc). A team whose terminal writes at the same
        moment is read again and the inject written after its event (Game.record retries
        on a conflict; the inject's own id is chosen again if the other wrote one too).
        The sessions it was written to."""
        from tabletop.engine.play import IllegalMove

        if not text.strip():
            raise StoreProblem("cc_empty_inject")
        if teams is None:
            teams = [t.session for t in self.teams() if t.status == "playing"]
        known = self.sessions()
        for name in teams:  # all checked before any is written
            if name not in known:
                raise NotATeam(name, self.name, [team_of(n, self.name) or n for n in known])
        done = []
        for name in teams:
            g = self._game(name)
            for attempt in range(TRIES):
                try:
                    g.adhoc(text, by=by)
                    break
                except (IllegalMove, Overtaken):  # the same inject id was taken meanwhile
                    if attempt == TRIES - 1:
                        raise
                    g.reload()
            done.append(name)
        return done
