"""docs/authoring.md tells the truth: every `$` command in it runs, in order, in a fresh
folder, with the exit status the text says; the edits it asks for are applied where the
document marks them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DOC = ROOT / "docs" / "authoring.md"
STEP = re.compile(r'^\$ (.+)$|^<!-- test: replace "(.+)" with "(.+)" in (\S+) -->$')


def steps():
    in_console = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_console = line.strip() == "```console"
            continue
        m = STEP.match(line)
        if m and (m.group(2) or in_console):
            yield m.groups()


def test_every_command_in_the_authoring_tutorial_runs(tmp_path):
    bindir = str(Path(sys.executable).parent)
    env = dict(
        os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], TABLETOP_HOME=str(tmp_path / "home")
    )
    env.pop("TABLETOP_LANG", None)
    env["LANG"] = "C.UTF-8"
    ran = []
    for cmd, old, new, file in steps():
        if cmd is None:
            f = tmp_path / file
            text = f.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"the tutorial's edit does not apply: {old!r}"
            f.write_text(text.replace(old, new), encoding="utf-8")
            continue
        expect = 1 if "# exits 1" in cmd else 0
        if "# needs graphviz" in cmd and shutil.which("dot") is None:
            continue
        r = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, timeout=120)
        assert r.returncode == expect, f"{cmd}\n{r.stdout.decode()[-2000:]}\n{r.stderr.decode()[-2000:]}"
        assert b"Traceback" not in r.stdout + r.stderr
        ran.append(cmd)
    assert len(ran) >= 15
    assert (tmp_path / "water-drill.svg").exists() or shutil.which("dot") is None
    for name in (
        "water-drill.yaml",
        "tutorial.md",
        "tutorial.json",
        "water-drill.mmd",
        "water-drill.dot",
        "tabletop-scenario.schema.json",
        "water-drill.csv",
        "water-drill.json",
        "from-msel.yaml",
    ):
        assert (tmp_path / name).is_file(), name


def test_the_output_the_tutorial_shows_is_what_validate_prints(tmp_path):
    """The TT020 line quoted in the tutorial is the real one (line and column included)."""
    doc = DOC.read_text(encoding="utf-8")
    quoted = re.search(r"^water-drill\.yaml:\d+:\d+: TT020 .+$", doc, re.M).group(0)
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], TABLETOP_HOME=str(tmp_path / "h"))
    subprocess.run(
        ["tabletop", "new", "water-drill", "--roles", "system,management,pr"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    f = tmp_path / "water-drill.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("    next: first-move", "    next: first-mvoe"),
        encoding="utf-8",
    )
    r = subprocess.run(
        ["tabletop", "validate", "water-drill.yaml"], cwd=tmp_path, env=env, capture_output=True
    )
    assert quoted in r.stdout.decode()
