"""SHA-256, the digest that names scenario versions and keys every cache.

Python's own implementation, not hashlib's: hashlib loads OpenSSL's libcrypto on import,
half a megabyte of a playthrough's memory (make bench) for a few digests of small files.
Both give the same digest; a Python built without its own (``--without-builtin-hashlib-
hashes``) falls back to hashlib."""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
