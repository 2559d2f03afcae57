"""The layout fingerprint: every line and page break of the sample book, against a record made with known
versions of Pango, HarfBuzz, fontconfig and FreeType. The README promises byte-identical builds for those
versions; when another version moves a break, this test says so plainly rather than leave twenty layout tests
to fail each in its own way.

To record the layout anew (after a deliberate change of styles, fonts or the sample, or once a new library
version's layout is checked by eye), run RECORD_AGAIN below; README.md names the versions recorded.
"""

import json
import os
import re
from pathlib import Path

import pytest

from layout_libraries import layout_libraries

SAMPLE = Path(__file__).parent / "sample"
RECORD = Path(__file__).parent / "layout-fingerprint.json"
RECORD_AGAIN = "WHITEPAPER_RECORD_LAYOUT=1 .venv/bin/pytest tests/typography/test_7_layout_fingerprint.py"


def fingerprint(pages) -> list[list[str]]:
    """Each page's lines as text, from the sample's first chapter on (the front matter before it is the real
    book's, which editors change)."""
    first_title = re.search(r"^title: (.+)$", (SAMPLE / "01-justify.md").read_text(encoding="utf-8"), re.M)[1]
    texts = [["".join(glyph.char for glyph in line) for line in page] for page in pages]
    start = next(number for number, lines in enumerate(texts) if any(line.endswith(first_title) for line in lines))
    return texts[start:]


def first_difference(recorded: list[list[str]], now: list[list[str]]) -> str:
    for page, (old, new) in enumerate(zip(recorded, now), start=1):
        for line, (old_line, new_line) in enumerate(zip(old, new), start=1):
            if old_line != new_line:
                return f"page {page}, line {line} was 「{old_line}」, is now 「{new_line}」"
        if len(old) != len(new):
            return f"page {page} had {len(old)} lines, has {len(new)}"
    return f"the chapters took {len(recorded)} pages, now {len(now)}"


def test_the_readme_names_the_recorded_library_versions():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))["libraries"]
    assert all(f"{name} {version}" in readme for name, version in recorded.items()), recorded


def test_line_and_page_breaks_are_those_recorded(sample):
    libraries = layout_libraries()
    now = fingerprint(sample.pages)
    if os.environ.get("WHITEPAPER_RECORD_LAYOUT") == "1":
        RECORD.write_text(json.dumps({"libraries": libraries, "pages": now}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        pytest.skip(f"recorded the layout in {RECORD.name}")
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    if now == recorded["pages"]:
        return
    changed = [f"{name} {version} (recorded with {recorded['libraries'][name]})"
               for name, version in libraries.items() if recorded["libraries"].get(name) != version]
    where = first_difference(recorded["pages"], now)
    if changed:
        pytest.fail(f"The sample book's line or page breaks changed ({where}) on another version of a layout "
                    f"library: {', '.join(changed)}. Builds are byte-identical only with the versions the README "
                    f"names: install those, or check the new layout by eye and record it: {RECORD_AGAIN}")
    pytest.fail(f"The sample book's line or page breaks changed ({where}) with the same layout libraries as "
                f"recorded: a change to styles/, fonts/, tests/typography/sample/ or the code moved them. If that "
                f"was meant, record the layout again: {RECORD_AGAIN}")
