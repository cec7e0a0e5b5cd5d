"""The language of a command's output when --lang does not say: TABLETOP_LANG, else the locale."""

from __future__ import annotations

import os


def default_lang() -> str:
    for var in ("TABLETOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var)
        if v:
            return "ja" if v.lower().startswith("ja") else "en"
    return "en"
