"""The preview keeps the editor's place: after a broken save, and after the fix, the page reloads at the same
page and the same height on it, though a list of problems now stands above the book or has gone.

The page's own script runs under Node.js with a stand-in for the browser (tests/preview_script/harness.js)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).parent / "preview_script" / "harness.js"
PAGE_HEIGHT = 1200
HEADER = 40
PROBLEMS = 500  # the height of a list of problems above the book


def _page_script() -> str:
    template = (ROOT / "whitepaper" / "preview" / "page.html.j2").read_text(encoding="utf-8")
    return re.search(r"<script>(.*?)</script>", template, re.DOTALL).group(1)


def _sheets(above: int) -> list:
    return [[f"page-{number}", above + (number - 1) * (PAGE_HEIGHT + 16), PAGE_HEIGHT] for number in range(1, 13)]


def _run(visits: list[dict]) -> list[dict]:
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs it (Debian package nodejs)"
    ended = subprocess.run([node, HARNESS], input=json.dumps({"script": _page_script(), "visits": visits}),
                           capture_output=True, text=True, check=True)
    return json.loads(ended.stdout)


def test_a_broken_save_and_its_fix_come_back_to_the_page_being_read():
    reading = HEADER + 6 * (PAGE_HEIGHT + 16) + 300  # a quarter of the way down page 7
    visits = [
        {"version": 1, "sheets": _sheets(HEADER), "scroll_to": reading, "next_version": 2},  # then a broken save
        {"version": 2, "sheets": _sheets(HEADER + PROBLEMS), "next_version": 3},  # problems above; then the fix
        {"version": 3, "sheets": _sheets(HEADER), "next_version": 3},
    ]
    first, broken, fixed = _run(visits)
    assert first["reloaded"] and broken["reloaded"] and not fixed["reloaded"]
    assert broken["restored_to"] == reading + PROBLEMS
    assert fixed["restored_to"] == reading


def test_a_reload_with_nothing_remembered_stays_at_the_top():
    (only,) = _run([{"version": 1, "sheets": _sheets(HEADER), "next_version": 1}])
    assert only == {"restored_to": 0, "reloaded": False}


@pytest.mark.parametrize("share", [0.0, 0.5, 0.99])
def test_the_place_is_a_share_of_the_page_so_a_taller_page_keeps_it(share):
    """The pages are drawn anew at another size (a wider window): the same share of the same page."""
    reading = HEADER + 3 * (PAGE_HEIGHT + 16) + round(share * PAGE_HEIGHT)
    taller = [[name, top * 2, height * 2] for name, top, height in _sheets(HEADER)]
    _, restored = _run([{"version": 1, "sheets": _sheets(HEADER), "scroll_to": reading, "next_version": 2},
                        {"version": 2, "sheets": taller, "next_version": 2}])
    page_4_top = taller[3][1]
    assert restored["restored_to"] == pytest.approx(page_4_top + share * PAGE_HEIGHT * 2, abs=2)
