"""The digests: SHA-256 names scenario versions (kept in sessions, so it never changes);
BLAKE2b keys the caches of derived data (engine.catalog.source_digest), which hash a few
megabytes on every `tabletop list` and library fill.

Both are Python's own implementations, not hashlib's: hashlib loads OpenSSL's libcrypto on
import, half a megabyte of a playthrough's memory (make bench). Python's SHA-256 is about
a seventh of OpenSSL's speed here, fine for one scenario file; its BLAKE2b runs at half
OpenSSL's SHA-256, so the cache keys cost what they did. A Python built without its own
(``--without-builtin-hashlib-hashes``) falls back to hashlib."""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256
try:
    from _blake2 import blake2b
except ImportError:
    from hashlib import blake2b

__all__ = ["cache_key", "sha256"]


def cache_key():
    """A new hash object for a cache key (BLAKE2b, 32 bytes: 64 hex digits)."""
    return blake2b(digest_size=32)
