"""Content faults the corpus (tests/corpus/, test_corpus.py) cannot express as changed files, and the
escaping that stands behind the check for HTML."""

import dataclasses

import pytest

from whitepaper.assemble import assemble
from whitepaper.diagnostics import ContentError
from whitepaper.fonts import missing_glyphs
from whitepaper.html_builder import build_html
from whitepaper.model import Paragraph


def test_a_missing_file_is_named(content_copy, monkeypatch):
    monkeypatch.chdir(content_copy)
    (content_copy / "content" / "front" / "committee.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        assemble(content_copy / "content")
    assert [str(problem) for problem in caught.value.problems] == [
        "content/front/committee.yaml: is missing: the book needs this file (README.md, 'For editors: where things live')"]


def test_html_that_reaches_the_page_is_text_not_markup(project):
    """assemble refuses HTML tags; should one get through, the templates still print it as text."""
    book = assemble(project.content)
    chapter = book.chapters[2]
    pasted = Paragraph('<script>alert(1)</script><img src="/etc/passwd">')
    book = dataclasses.replace(book, chapters=(*book.chapters[:2], dataclasses.replace(chapter, blocks=(pasted,)),
                                               *book.chapters[3:]))
    html = build_html(book, {chart.number: "<svg/>" for chart in book.charts})
    assert "<script>" not in html and '<img src="/etc' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_file_saved_with_a_byte_order_mark_reads_as_usual(content_copy, project):
    """Windows editors may save UTF-8 with a BOM: the file means the same."""
    for name in ("chapters/02-purpose.md", "book.yaml"):
        path = content_copy / "content" / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    copy, real = assemble(content_copy / "content"), assemble(project.content)
    assert copy.title_lines == real.title_lines
    assert copy.chapters[1].title == real.chapters[1].title == "目的"
    assert copy.chapters[1].blocks == real.chapters[1].blocks
    assert missing_glyphs(content_copy / "content", project.fonts) == []


def test_the_real_content_has_no_problems(project):
    assert missing_glyphs(project.content, project.fonts) == []
    assert len(assemble(project.content).charts) == 22
