"""The preview draws again only the pages an edit changed, and shows exactly what drawing every page would."""

import pypdfium2
import pytest

from whitepaper.pipeline import Builder, Project, Stages
from whitepaper.preview import page_pictures as pictures_module
from whitepaper.preview.page_pictures import PagePictures


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


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_count(pdf: bytes) -> int:
    return len(pypdfium2.PdfDocument(pdf))


@pytest.mark.parametrize("change", ["paragraph", "chart"])
def test_after_an_edit_only_changed_pages_are_drawn_and_all_look_as_if_drawn_afresh(warm_copy, counted_drawing,
                                                                                     change):
    builder = Builder(Project(warm_copy), draft=True)
    pictures = PagePictures()
    before = pictures.draw(builder.unchecked_pdf(Stages())[0])
    if change == "paragraph":
        edit(warm_copy / "content" / "chapters" / "05-industry-status.md", "。", "4711。")
    else:
        chart = warm_copy / "content" / "charts" / "table-03.yaml"
        edit(chart, "value: 41.3", "value: 41.2")
        edit(chart, "value: 14.6", "value: 14.7")  # the shares still add up to 100
    counted_drawing.clear()

    pdf = builder.unchecked_pdf(Stages())[0]
    after = pictures.draw(pdf)

    changed = [number for number, (old, new) in enumerate(zip(before, after), start=1) if old != new]
    assert changed, "the edit shows on some page"
    assert 1 <= len(counted_drawing) < page_count(pdf) / 2
    counted_drawing.clear()
    assert after == PagePictures().draw(pdf)
    assert len(counted_drawing) == page_count(pdf)


def test_a_compressed_pdf_is_drawn_whole(built_pdf, counted_drawing):
    """The print edition's objects sit in compressed object streams: no page can be known unchanged."""
    pdf = built_pdf.read_bytes()
    pictures = PagePictures()
    pictures.draw(pdf)
    assert len(pictures.draw(pdf)) == page_count(pdf)
    assert len(counted_drawing) == 2 * page_count(pdf)
