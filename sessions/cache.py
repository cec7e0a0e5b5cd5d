"""A cache of what is derived from scenario files (the summaries `tabletop list` and the
library show), kept in the data directory as one JSON file.

Each entry is keyed by a digest of everything it was derived from (see
``engine.catalog.source_digest``: the file's bytes, the catalogue it was checked against,
the code that read it), so an entry can never be stale: a changed input is a new key. The
file is safe to delete; an unreadable, corrupt or unwritable cache is ignored, never an
error, and the command computes what it needs instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile

from .paths import data_dir

FORMAT = 1


class DigestCache:
    def __init__(self, name: str, keep: int = 0) -> None:
        """``keep``: also keep up to this many entries not used in this run (0: keep only
        those used, for a cache whose every entry each run reads, as `list`'s)."""
        self.path = data_dir() / "cache" / f"{name}.json"
        self.keep = keep
        self.entries: dict = {}
        self.used: dict = {}
        try:
            with open(self.path, encoding="utf-8") as f:
                doc = json.load(f)
            if isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("entries"), dict):
                self.entries = doc["entries"]
        except (OSError, ValueError, RecursionError):  # RecursionError: nested too deep
            pass  # no cache yet, or one we cannot use: start afresh

    def get(self, key: str):
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep the entries used in this run (so the file does not grow for ever); a
        failure to write is ignored."""
        kept = self.used
        if self.keep:
            older = [(k, v) for k, v in self.entries.items() if k not in self.used]
            room = max(0, self.keep - len(self.used))  # the most recent of the others
            kept = {**dict(older[len(older) - room :] if room else []), **self.used}
        if kept == self.entries:
            return
        with contextlib.suppress(OSError, TypeError, ValueError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"format": FORMAT, "entries": kept}, f, ensure_ascii=False)
                os.replace(tmp, self.path)  # readers see the old file or the new one, never half
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class BoundsMemo:
    """The best/worst searches of the debrief (engine.scoring's ``memo``), kept between
    runs in the data directory by scenario content digest and the engine's code (the
    search is the engine's: another version may score differently): a report or a resumed
    debrief of a scenario searched once before takes a lookup, not seconds."""

    def __init__(self, keep: int = 400) -> None:
        from tabletop.engine.catalog import code_digest

        self.cache = DigestCache("bounds", keep=keep)
        self.code = code_digest()[:32]

    def get(self, key: str):
        from tabletop.engine.codec import bounds_from_data

        data = self.cache.get(f"{self.code}:{key}")
        return bounds_from_data(data) if data is not None else None

    def put(self, key: str, bounds) -> None:
        from tabletop.engine.codec import bounds_to_data

        self.cache.put(f"{self.code}:{key}", bounds_to_data(bounds))

    def save(self) -> None:
        self.cache.save()
