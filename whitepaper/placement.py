"""Where each chart stands against the sentence that first cites it (「见表 5」), for the build to report.

A reader who meets 「见表 5」 looks for 表 5 on the same spread; a chart a page turn away is worth an editor's
look (move the paragraph, or the chart). The HTML gives each paragraph that first cites a chart an anchor; once
the book is laid out, the pages of that anchor and of the chart's own are compared.
"""

import re

from .messages import listed, say
from .model import Book, Paragraph
from .progress import stage_column


def chart_mention(label: str) -> re.Pattern:
    """「表 5」 in the text, with the book's word for a chart (labels.table): group 1 is the number."""
    return re.compile(rf"{re.escape(label)}\s*(\d{{1,9}})")


def citation_anchors(book: Book) -> dict[int, tuple[Paragraph, str]]:
    """Chart number -> the paragraph that first cites it, and that paragraph's anchor."""
    mention = chart_mention(book.labels.table)
    cited: dict[int, tuple[Paragraph, str]] = {}
    for block in book.blocks():
        if isinstance(block, Paragraph):
            for number in (int(match[1]) for match in mention.finditer(block.text)):
                anchor = next((name for paragraph, name in cited.values() if paragraph is block), f"cites-{number}")
                cited.setdefault(number, (block, anchor))
    return cited


def charts_away_from_citation(book: Book, document) -> list[int]:
    """The charts that stand on another page than the sentence that first cites them, by number."""
    pages = {name: index for index, page in enumerate(document.pages) for name in page.anchors}
    cited = citation_anchors(book)
    return [chart.number for chart in book.charts if chart.number in cited
            and pages.get(chart.anchor) != pages.get(cited[chart.number][1])]


def placement_report(book: Book, document) -> str:
    """The build's line: how many charts stand a page away from their first citation, and which."""
    away = charts_away_from_citation(book, document)
    names = say("placement.listed", charts=listed(f"{book.labels.table} {number}" for number in away)) if away else ""
    return say("placement.report", stage=stage_column("placement"), away=len(away), charts=len(book.charts),
               listed=names)
