"""The 目录's dot leaders: the dots of every line stand in the same columns, and each line's leader is drawn as
one run of text (WeasyPrint on its own draws a leader dot by dot: thousands of text objects a 目录)."""

import pypdfium2
import pypdfium2.raw as pdfium_c

from test_preflight import typeset

ENTRIES = ["前言", "编委会", "5.12 反垄断（二选一）建设情况", "5 产业社会责任建设情况"]  # titles of different widths
TOC = ('<nav class="toc"><ol class="toc-entries">' + "".join(
    f'<li class="toc-entry"><a href="#s{number}">{title}</a></li>' for number, title in enumerate(ENTRIES))
    + "</ol></nav>" + "".join(f'<section class="front" id="s{number}"><p>正文</p></section>'
                              for number in range(len(ENTRIES))))


def dots_by_line(page) -> list[list[float]]:
    """The left edges of the leader dots, line by line, in points."""
    text = page.get_textpage()
    lines: dict[float, list[float]] = {}
    for index in range(text.count_chars()):
        if text.get_text_range(index, 1) == ".":
            left, bottom, _, _ = text.get_charbox(index)
            lines.setdefault(round(bottom), []).append(left)
    return [sorted(lefts) for _, lefts in sorted(lines.items(), reverse=True)]


def test_leader_dots_stand_in_columns_across_lines(builder, project):
    page = pypdfium2.PdfDocument(typeset(builder, project, TOC))[0]
    lines = dots_by_line(page)
    assert len(lines) == len(ENTRIES) and all(len(dots) > 20 for dots in lines)
    columns = lines[0]
    pitch = columns[1] - columns[0]
    for dots in lines[1:]:
        for left in dots[-20:]:  # the dots before the page number, where every line has them
            nearest = min(columns, key=lambda column: abs(column - left))
            assert abs(nearest - left) < 0.05 * pitch, (left, nearest)


def test_each_leader_is_drawn_as_one_text_object(builder, project):
    page = pypdfium2.PdfDocument(typeset(builder, project, TOC))[0]
    texts = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)))
    dots = sum(len(line) for line in dots_by_line(page))
    assert dots > 20 * len(ENTRIES)
    assert len(texts) < 4 * len(ENTRIES)  # a title, a leader and a page number a line, and the section texts
