"""Where Tabletop keeps its data: TABLETOP_HOME, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    home = os.environ.get("TABLETOP_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("tabletop", appauthor=False))
