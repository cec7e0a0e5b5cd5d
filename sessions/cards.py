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


def _looks_like_a_card(d) -> bool:
    """Whether a cache entry is exactly what card_data writes (a cache is never trusted):
    it must come back from from_data and go out again unchanged, so that a field of the
    right type holding items of the wrong one (``"languages": [1]``) is refused too."""
    from tabletop.engine.cards import card_data, from_data

    if not isinstance(d, dict):
        return False
    c = from_data(d)
    return c is not None and card_data(c) == d
