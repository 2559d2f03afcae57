"""`make bench` measures a book ten times the size: the copy it makes must be a book the build accepts, with every
chapter and chart of each copy (tables, pictures and references included), or the bench measures nothing."""

import sys
from pathlib import Path

from whitepaper.assemble import assemble

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (scripts/ is not a package)

EXAMPLE = ROOT / "examples" / "2023" / "content"


def test_the_scaled_book_holds_every_chapter_and_chart_of_each_copy(tmp_path):
    books = (ROOT / "content", EXAMPLE)
    chapters = sum(len(list((book / "chapters").glob("*.md"))) for book in books)
    charts = sum(len(list((book / "charts").glob("*.yaml"))) for book in books)
    book = assemble(bench.scaled_book(ROOT, tmp_path / "scaled", 3) / "content")
    assert len(book.chapters) == 3 * chapters
    assert len(book.charts) == 3 * charts
