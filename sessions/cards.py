"""The cards of scenario files (engine.cards), kept in the summary cache of the data
directory: `tabletop list` and the library show every scenario from it, loading and
checking a file only when the cache has no card for its digest."""

from __future__ import annotations

import attrs

from .cache import DigestCache


class Shelf:
    """Cards by file, from the cache or, on a miss, from ``load()``; ``save()`` keeps the
    ones used (so the cache never grows with files that are gone)."""

    def __init__(self) -> None:
        self.cache = DigestCache("summaries")

    def card(self, f, load):
        """The card of scenario file ``f``. ``load() -> (scenario, catalog)`` loads and
        checks it when the cache has no card for it, and raises what it raises when the
        file cannot be shown (nothing is then kept)."""
        from tabletop.engine.cards import card
        from tabletop.engine.catalog import source_digest
        from tabletop.engine.codec import card_from_data, card_to_data

        key = source_digest(f, f.read_bytes())
        data = self.cache.get(key)
        found = card_from_data(data) if data is not None else None
        if found is None:
            scenario, catalog = load()
            found = card(scenario, catalog)
            self.cache.put(key, card_to_data(attrs.evolve(found, path="")))
        # where the file is now: the same bytes may sit in two places
        return attrs.evolve(found, path=str(f))

    def save(self) -> None:
        self.cache.save()
