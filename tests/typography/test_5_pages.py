"""Rule 5: first lines indented 2 em; a heading never ends a page; no paragraph leaves a single line at
the foot or the top of a page; a chart stays on the page of its caption."""

from pdf_reading import INDENT, MM, body_blocks, body_lines, page_texts, paragraph_texts, squeeze, text_of
from whitepaper.editions import PRINT
from whitepaper.page_geometry import page_setup

HEADING_EM = 12  # headings are Noto Sans Bold, 12.5 pt and up; captions are 9.5 pt
A4_HEIGHT = 841.89  # pt: the trim box's top, where the lines' baselines are measured from the bottom
PT_PER_PX = 72 / 96


def first_words(book) -> list[str]:
    return [squeeze(text)[:12] for text in paragraph_texts(book)]


def test_paragraphs_and_list_items_indent_their_first_line_by_2_em(edition):
    starts = [(squeeze(text_of(line)), line[0].left) for line in body_lines(edition.pages)]
    words = first_words(edition.book)
    assert len(words) > 5
    not_indented = [word for word in words
                    if not any(text.startswith(word) and abs(left - INDENT) < 0.05 for text, left in starts)]
    assert not not_indented


def test_a_heading_is_never_the_last_line_on_a_page(edition):
    last_lines = [lines[-1] for lines in edition.pages if lines]
    headings = [text_of(line) for line in last_lines
                if line[0].font.startswith("Noto-Sans") and line[0].font.endswith("Bold") and line[0].em > HEADING_EM]
    assert not headings


def test_no_paragraph_leaves_a_single_line_at_the_foot_or_top_of_a_page(edition):
    blocks = body_blocks(edition.pages)
    split = [(block, following) for block, following in zip(blocks, blocks[1:]) if block.continued]
    alone = [text_of(block.lines[0]) for block, following in split
             if len(block.lines) < 2 and not block.continues_previous]
    alone += [text_of(following.lines[0]) for block, following in split
              if len(following.lines) < 2 and not following.continued]
    assert not alone


def test_the_sample_splits_paragraphs_across_pages(sample):
    assert any(block.continued for block in body_blocks(sample.pages))


def test_each_chart_is_on_the_page_of_its_caption(edition):
    pages = [squeeze(text) for text in page_texts(edition.pdf)]
    for chart in edition.book.charts:
        caption = squeeze(f"{edition.book.labels.table}{chart.number}{chart.title}")
        page = next(page for page in pages if caption in page)
        assert all(squeeze(item.label)[:4] in page for item in chart.items), caption


def test_a_heading_that_opens_a_page_keeps_its_space_below_the_running_head(edition, project):
    """Its cap height stands at least 4 mm under the page area's top edge, where the running head's rule is,
    as it would below a paragraph: WeasyPrint would drop its top margin at a page break."""
    area_top = A4_HEIGHT - page_setup(project.stylesheets(PRINT))[1][0] * PT_PER_PX
    crowded = [(number, text_of(lines[0])) for number, lines in enumerate(edition.pages, start=1) if lines
               and lines[0][0].font.startswith("Noto-Sans") and lines[0][0].font.endswith("Bold")
               and HEADING_EM < lines[0][0].em < 14
               and area_top - (lines[0][0].baseline + 0.88 * lines[0][0].em) < 4 * MM]
    assert not crowded
