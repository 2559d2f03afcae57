"""A chart stands on the page of the sentence that first cites it, or on the facing page when the rest of that
page cannot hold it, never a page turn away where the layout allows; the build says how many it moved.

Checked on tests/placement_book/ (see its README: one chapter per case) from the PDF it makes."""

import re
import subprocess
import sys

import pytest

from chart_placement import CHARTS, facing, pages_in_the_pdf, placement_project, reported, turned_and_facing
from pdf_reading import PAGE_MARGINS_MM, page_lines, page_texts, squeeze
from whitepaper.assemble import assemble

MIN_FILL = 0.6  # of the text block, on a page whose citation went on to the next page
MM = 72 / 25.4  # points
A4_HEIGHT = 297 * MM


@pytest.fixture(scope="module")
def placed(project, tmp_path_factory):
    """The book built as an editor builds it, with what the build printed."""
    root = tmp_path_factory.mktemp("placement")
    placement_project(project, root)
    result = subprocess.run([sys.executable, "-m", "whitepaper", "build"], cwd=root, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    pdf = root / "build" / "whitepaper.pdf"
    return pdf, result.stderr, pages_in_the_pdf(pdf, project.fonts, CHARTS)


def test_each_chart_stands_on_its_citations_page_or_the_facing_one(placed):
    _, _, pages = placed
    assert sorted(pages) == [1, 2, 3]
    for chart, (cited, caption) in pages.items():
        assert caption == cited or (caption == cited + 1 and facing(cited, caption)), (chart, cited, caption)


def test_the_charts_as_written_are_moved_and_the_build_says_which(placed):
    _, stderr, pages = placed
    report = reported(stderr)
    assert report.total == CHARTS
    assert (report.turned, report.facing) == turned_and_facing(pages) == ([], [2])
    assert report.moved == [1, 3]  # 表 1 after its citation, 表 3 with its citation on the next page


def test_a_page_whose_citation_moved_on_stays_mostly_full(placed, project):
    pdf, _, pages = placed
    cited, _ = pages[3]
    lines = page_lines(pdf, project.fonts)[cited - 2]  # the page before, where chapter 3 begins
    top, bottom = A4_HEIGHT - PAGE_MARGINS_MM[0] * MM, PAGE_MARGINS_MM[2] * MM  # the text block, in points
    last = min(glyph.baseline for line in lines for glyph in line)
    assert (top - last) / (top - bottom) >= MIN_FILL


def test_a_moved_chart_follows_its_citation_in_reading_order(placed):
    """The text of a page runs in the order of the document, as the screen edition's tags do: the sentence
    that cites a moved chart comes before the chart's caption."""
    pdf, _, pages = placed
    titles = {chart.number: chart.title for chart in assemble(pdf.parents[1] / "content").charts}
    texts = [squeeze(text) for text in page_texts(pdf)]
    for chart in (1, 3):
        text = texts[pages[chart][0] - 1]
        assert re.search(rf"表{chart}(?!\d)", text).start() < text.index(f"表{chart}{titles[chart]}")
