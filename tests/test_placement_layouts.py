"""Chart placement tries each change in a layout made only as far as it is judged, and the book it writes is the
one whole layouts of the same moves make.

On tests/placement_book/ (see its README): the book as written puts 表 1 on the page after its citation; the
layout that finds this need not go further, and the PDF, placed on pages laid out piecemeal, is byte for byte the
PDF of a build whose every layout is made whole at once, as HTML.render makes it."""

import logging
import shutil

import pytest

from chart_placement import CHARTS, pages_in_the_pdf, placement_project, reported
from whitepaper.pipeline import Builder
from whitepaper.typeset import Typesetter


@pytest.fixture
def book(project, tmp_path):
    return placement_project(project, tmp_path / "book")


@pytest.fixture
def pages_made(builder, monkeypatch):
    """The pages WeasyPrint made, one count a layout the typesetter began."""
    from weasyprint.layout import page

    made: list[int] = []
    make_page, layout = page.make_page, Typesetter.layout

    def counted_page(*args):
        made[-1] += 1
        return make_page(*args)

    def counted_layout(self, *args, **options):
        made.append(0)
        return layout(self, *args, **options)

    monkeypatch.setattr(page, "make_page", counted_page)
    monkeypatch.setattr(Typesetter, "layout", counted_layout)
    return made


class WholeLayout:
    """A layout as HTML.render makes it, every page before the first is read: how placement laid out before."""

    def __init__(self, html, hooks, resumable: bool = False, **options):
        with hooks():
            self.document = html.render(**options)

    def page(self, index: int):
        return self.document.pages[index]._page_box if index < len(self.document.pages) else None

    def complete(self):
        return self.document


def built(book, caplog, whole: bool = False) -> tuple[bytes, str]:
    """The PDF a build without a cached placement writes, and its placement line."""
    caplog.clear()
    builder = Builder(book)
    if whole:
        builder.typesetter._paged_layout = WholeLayout
    with caplog.at_level(logging.INFO, logger="whitepaper"):
        report = builder.build()
    shutil.rmtree(book.cache / "placement")  # the next build places the charts anew
    line = next(record.getMessage() for record in caplog.records if record.getMessage().startswith("placement"))
    return report.output.read_bytes(), line


def test_the_layout_of_the_book_as_written_stops_at_the_first_chart_it_moves(book, pages_made, caplog, project):
    _, line = built(book, caplog)
    assert reported(line).moved == [1, 3]
    cited, caption = pages_in_the_pdf(book.build_dir / "whitepaper.pdf", project.fonts, CHARTS)[1]
    assert caption == cited  # pulled up from the page after, where the book as written has it
    assert pages_made[0] == cited + 1


def test_the_book_placed_on_pages_laid_out_piecemeal_is_the_book_whole_layouts_make(book, caplog):
    piecemeal, whole = built(book, caplog), built(book, caplog, whole=True)
    assert reported(piecemeal[1]).moved == [1, 3]
    assert piecemeal == whole


def test_a_trial_that_only_starts_a_page_elsewhere_reuses_the_parsed_book_and_makes_the_same_pdf(book, caplog,
                                                                                                monkeypatch):
    """Most moves are page breaks: the same HTML, other styles. It is parsed once; the PDF is that of a build
    which parses the HTML afresh for every layout."""
    import weasyprint

    parses: list[str] = []
    parse = weasyprint.HTML.__init__

    def counted(self, *args, string=None, **kwargs):
        parses.append(string)
        parse(self, *args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "__init__", counted)
    reused = built(book, caplog)
    assert len(parses) == len(set(parses))  # no HTML parsed twice
    monkeypatch.setattr(Typesetter, "_parsed", property(lambda self: None, lambda self, value: None), raising=False)
    parses.clear()
    fresh = built(book, caplog)
    assert len(parses) > len(set(parses))  # the same HTML parsed again: the book has a move that is a page break
    assert reused == fresh
