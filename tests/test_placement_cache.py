"""A build of unchanged content takes the charts' placement from build/cache/ and lays the book out once; the PDF
is byte for byte the one a build without the cache makes, and a cache that is stale, broken or cannot be written
changes nothing but the time it takes.

Layouts are counted by wrapping the typesetter's one entry point for a layout. On tests/placement_book/, which
moves two charts (表 1 pulled, 表 3 with its citation on a new page): three layouts without the cache."""

import json
import logging

import pytest

from chart_placement import placement_project, reported
from whitepaper.pipeline import Builder
from whitepaper.typeset import Typesetter


@pytest.fixture
def book(project, tmp_path):
    return placement_project(project, tmp_path / "book")


@pytest.fixture
def layouts(monkeypatch):
    """The number of times the book has been laid out so far."""
    count = []
    layout = Typesetter.layout

    def counted(self, *args, **options):
        count.append(1)
        return layout(self, *args, **options)

    monkeypatch.setattr(Typesetter, "layout", counted)
    return count


def built(book, caplog) -> tuple[bytes, str]:
    """The PDF a fresh build of the book writes, and its placement line."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="whitepaper"):
        report = Builder(book).build()
    line = next(record.getMessage() for record in caplog.records if record.getMessage().startswith("placement"))
    return report.output.read_bytes(), line


@pytest.fixture
def uncached(book, layouts, caplog):
    """The book as a build without a cache entry makes it, by trying each change in a layout of its own."""
    pdf, line = built(book, caplog)
    assert reported(line).moved == [1, 3]
    assert len(layouts) == 3
    layouts.clear()
    return pdf, line


def test_a_second_build_of_the_same_content_lays_out_once_and_writes_the_same_pdf(book, uncached, layouts, caplog):
    assert built(book, caplog) == uncached
    assert len(layouts) == 1


def test_an_edited_stylesheet_places_the_charts_anew(book, uncached, layouts, caplog):
    stylesheet = book.styles / "book.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert built(book, caplog) == uncached
    assert len(layouts) == 3


@pytest.mark.parametrize("entry", [
    {"digest": "of other content", "pulled": [2], "breaks": []},  # stale: another book's placement
    "not JSON {",
    {"digest": None},
])
def test_a_stale_or_broken_entry_is_ignored(book, uncached, layouts, caplog, entry):
    for path in (book.build_dir / "cache" / "placement").iterdir():
        path.write_text(entry if isinstance(entry, str) else json.dumps(entry), encoding="utf-8")
    assert built(book, caplog) == uncached
    assert len(layouts) == 3


def test_the_second_build_takes_the_moves_from_the_entry(book, uncached, layouts, caplog):
    """An entry naming other moves under this content's digest is used as it stands: the digest alone decides."""
    entry = book.build_dir / "cache" / "placement" / "print.json"
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert (stored["pulled"], stored["breaks"]) == ([1], [[3, "section-3-1"]])
    entry.write_text(json.dumps({**stored, "pulled": [], "breaks": []}), encoding="utf-8")
    pdf, line = built(book, caplog)
    assert reported(line).moved == [] and pdf != uncached[0]
    assert len(layouts) == 1


def test_a_cache_that_cannot_be_written_only_costs_time(book, layouts, caplog):
    folder = book.build_dir / "cache" / "placement"
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the folder belongs", encoding="utf-8")
    first = built(book, caplog)
    assert any("the cache could not be written" in record.getMessage() and record.levelno == logging.WARNING
               for record in caplog.records)
    assert built(book, caplog) == first
    assert len(layouts) == 6
    assert reported(first[1]).moved == [1, 3]
