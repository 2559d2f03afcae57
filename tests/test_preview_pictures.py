"""The preview draws again only the pages an edit changed, known from the layout before anything is drawn, and
shows exactly what drawing every page of the whole PDF would."""

from decimal import Decimal

import pypdfium2
import pytest

from content_edits import replace_line, value_lines
from whitepaper.pipeline import Builder, Project, Stages
from whitepaper.preview import page_pictures as pictures_module
from whitepaper.preview.page_pictures import PagePictures
from whitepaper.preview.session import typeset_and_draw, whole_pdf


@pytest.fixture
def counted_drawing(monkeypatch):
    """How many pages PDFium drew."""
    drawn = []
    original = pictures_module._draw

    def draw(page):
        drawn.append(page)
        return original(page)

    monkeypatch.setattr(pictures_module, "_draw", draw)
    return drawn


def page_count(pdf: bytes) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def every_page_drawn(pdf: bytes) -> tuple[bytes, ...]:
    """The pictures of the whole PDF, each page drawn afresh."""
    return tuple(pictures_module._pictures(pdf, page_count(pdf)))


def move_a_share(content) -> None:
    """The first chart's first value up by its last digit, its largest value down by as much: the sum stays."""
    values = value_lines(content)
    number = {value: Decimal(value.text.split("value:")[1]) for value in values}
    largest = max(values[1:], key=number.get)
    step = min(Decimal(1).scaleb(number[value].as_tuple().exponent) for value in (values[0], largest))
    for value, new in ((values[0], number[values[0]] + step), (largest, number[largest] - step)):
        replace_line(value, value.text.split("value:")[0] + f"value: {new}")


def add_to_a_paragraph(content, words: str) -> None:
    chapter = sorted((content / "chapters").glob("*.md"))[4]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("。", "。" + words, 1), encoding="utf-8")


EDITS = {"digits in a paragraph": lambda content: add_to_a_paragraph(content, "4711"),
         "a chart's values": move_a_share,
         "a sentence that moves the pages after it": lambda content: add_to_a_paragraph(content, "本段落新增一句。" * 12)}


@pytest.mark.parametrize("edit", EDITS)
def test_after_an_edit_only_changed_pages_are_drawn_and_all_look_as_if_drawn_afresh(warm_copy, counted_drawing, edit):
    builder = Builder(Project(warm_copy), draft=True)
    pictures = PagePictures()
    before = typeset_and_draw(builder, pictures, Stages()).pages
    EDITS[edit](warm_copy / "content")
    counted_drawing.clear()

    after = typeset_and_draw(builder, pictures, Stages())
    pdf = whole_pdf(builder, after, Stages())

    changed = [number for number, (old, new) in enumerate(zip(before, after.pages), start=1) if old != new]
    assert changed, "the edit shows on some page"
    if edit != "a sentence that moves the pages after it":
        assert len(counted_drawing) < page_count(pdf) / 4
    assert after.pages == every_page_drawn(pdf)


def test_a_save_that_changes_nothing_draws_nothing_and_the_whole_pdf_is_still_written(warm_copy, counted_drawing):
    builder = Builder(Project(warm_copy), draft=True)
    pictures = PagePictures()
    first = typeset_and_draw(builder, pictures, Stages())
    assert first.pdf is not None and len(counted_drawing) == page_count(first.pdf)  # the first build draws all
    counted_drawing.clear()

    again = typeset_and_draw(builder, pictures, Stages())
    assert counted_drawing == [] and again.pdf is None
    assert again.pages == first.pages
    assert whole_pdf(builder, again, Stages()) == first.pdf
