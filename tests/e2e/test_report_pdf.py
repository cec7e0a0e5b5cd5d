"""The after-action report printed to PDF as a facilitator would (a browser's print, here
headless Chromium), in Japanese and English: every section is in the PDF's text.

Needs Debian's chromium (.ci/run installs it, with a Japanese font): missing, the test
fails when CI is set and is skipped otherwise."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from contextlib import closing

import pytest

from tabletop.engine.evaluation import evaluate
from tabletop.engine.report import render
from tabletop.sessions.store import Store
from tests.conftest import FEATURES
from tests.drills import features_drill, room_clock

# the flags of /work/.library/env/machines/python.md: no sandbox as root, and no
# background connections (refused on a closed network, many at a time)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)  # fmt: skip

SECTIONS = {
    "en": ("After-action report", "Overview", "Objectives", "performed without challenges", "By CSF function",
           "Strengths", "Areas for improvement", "Timeline", "Score adjustments", "Hotwash", "Improvement plan",
           "Keep 90 days of logs", "2027-03-31", "The press is at the door"),
    "ja": ("事後評価報告書", "概要", "演習目標", "問題なく実施", "CSF機能別", "強み", "改善が必要な点", "タイムライン",
           "得点調整", "ホットウォッシュ", "改善計画", "Keep90daysoflogs", "監視は正常と表示している"),
}  # fmt: skip


def chromium() -> str:
    exe = shutil.which("chromium")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip(
            "chromium is not installed (apt-get install chromium); with CI set this test fails instead"
        )
    return exe


def pdf_text(path) -> str:
    """The PDF's text without white space, NFKC-normalised: a PDF's text layer may hold a
    CJK compatibility form (a Kangxi radical) for an ideograph, and spaces between glyphs."""
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_html_report_prints_to_a_pdf_with_every_section(features, mini_catalog, tmp_path, lang):
    exe = chromium()
    with room_clock(), closing(Store(tmp_path / "s.db")) as store:
        g = features_drill(features, mini_catalog, str(FEATURES), store)
    ev = evaluate(features, mini_catalog, g.events)
    page = tmp_path / "report.html"
    page.write_text(render(ev.debriefing, mini_catalog, lang, "html", ev), encoding="utf-8")
    out = tmp_path / "report.pdf"
    r = subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={out}", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert out.exists() and out.stat().st_size > 10_000, r.stderr.decode(errors="replace")[-2000:]
    text = pdf_text(out)
    for section in SECTIONS[lang]:
        assert re.sub(r"\s+", "", section) in text, section
    assert "file://" not in text  # no browser header or footer
