"""The cards of scenario files (engine.cards), kept in the summary cache of the data
directory: `tabletop list` and the library show every scenario from it, loading and
checking a file only when the cache has no card for its digest."""

from __future__ import annotations

from .cache import DigestCache

# Cards kept besides those a run used: the most recent of the others, up to this many in
# all. Two installations sharing a data directory (a release and a checkout, different
# code digests) would otherwise each drop the other's cards at every run and load every
# file again the next time; and the file still cannot grow for ever.
KEEP = 500


class Shelf:
    """Cards by file, from the cache or, on a miss, from ``load()``; ``save()`` keeps the
    ones used and the most recent others, up to KEEP."""

    def __init__(self) -> None:
        self.cache = DigestCache("summaries", keep=KEEP)

    def data(self, f, load) -> dict:
        """The card of scenario file ``f`` as plain data (engine.cards.card_data), from the
        cache when it holds one for the file's digest. ``load() -> (scenario, catalog)``
        loads and checks the file otherwise, and raises what it raises when the file
        cannot be shown (nothing is then kept)."""
        key = self._key(f)
        found = self.cache.get(key)
        if not _looks_like_a_card(found):
            from tabletop.engine.cards import card, card_data

            scenario, catalog = load()
            found = card_data(card(scenario, catalog))
            self.cache.put(key, found)
        return found

    def card(self, f, load):
        """The card of ``f`` (engine.cards.Card), with the path where the file is now (the
        same bytes may sit in two places)."""
        import attrs

        from tabletop.engine.cards import card, card_data, from_data

        found = from_data(self.data(f, load))
        if found is None:  # a damaged entry that looked whole: check the file again
            scenario, catalog = load()
            found = card(scenario, catalog)
            self.cache.put(self._key(f), card_data(found))
        return attrs.evolve(found, path=str(f))

    @staticmethod
    def _key(f) -> str:
        from tabletop.engine.catalog import source_digest

        return source_digest(f, f.read_bytes())

    def save(self) -> None:
        self.cache.save()


def _text(x, optional: bool = False) -> bool:
    """A text as card_data writes it: {language: str}, or None where allowed."""
    if x is None:
        return optional
    return isinstance(x, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in x.items())


def _strs(x) -> bool:
    return isinstance(x, list) and all(isinstance(v, str) for v in x)


def _int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


_CHECKS = {
    "id": lambda x: isinstance(x, str),
    "title": _text,
    "summary": lambda x: _text(x, optional=True),
    "source": lambda x: (
        x is None
        or (isinstance(x, dict) and isinstance(x.get("report"), str) and _int(x.get("case")) and len(x) == 2)
    ),
    "type": lambda x: isinstance(x, str),
    "sector": lambda x: isinstance(x, str),
    "tags": _strs,
    "attack": _strs,
    "difficulty": lambda x: isinstance(x, str),
    "duration": _int,
    "roles": _strs,
    "role_names": lambda x: (
        isinstance(x, dict) and all(isinstance(k, str) and _text(v) for k, v in x.items())
    ),
    "languages": _strs,
    "nodes": _int,
    "decisions": _int,
    "endings": _int,
    "practices": _strs,
}


def _looks_like_a_card(d) -> bool:
    """Whether a cache entry is exactly what engine.cards.card_data writes, down to the type
    of each item (a cache is never trusted: ``"languages": [1]`` crashed `list`). Plain
    checks: `list` from the cache imports neither attrs nor the cards module."""
    return isinstance(d, dict) and d.keys() == _CHECKS.keys() and all(ok(d[k]) for k, ok in _CHECKS.items())
