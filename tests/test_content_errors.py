"""Content faults the corpus (tests/corpus/, test_corpus.py) cannot express as changed files, and the
escaping that stands behind the check for HTML."""

import dataclasses
import re
from pathlib import Path

import pytest

from whitepaper.assemble import assemble
from whitepaper.diagnostics import ContentError
from whitepaper.fonts import missing_glyphs
from whitepaper.html_builder import build_html
from whitepaper.model import Paragraph
from whitepaper.sources import _ContentLoader, _parse, _QuickLoader, _record_positions


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
    typed = re.search(r"^title: (.+)$", (project.content / "chapters/02-purpose.md").read_text(encoding="utf-8"), re.M)
    assert copy.chapters[1].title == real.chapters[1].title == typed[1]
    assert copy.chapters[1].blocks == real.chapters[1].blocks
    assert missing_glyphs(assemble(content_copy / "content").source_files, project.fonts) == []


def test_the_real_content_has_no_problems(project):
    assert missing_glyphs(assemble(project.content).source_files, project.fonts) == []
    assert len(assemble(project.content).charts) == len(list((project.content / "charts").glob("*.yaml")))


@pytest.mark.parametrize("text", [
    "title: 表 3\nitems:\n  - label: 国有企业（包含央企）\n    value: 6.7\n  - {label: 民营企业, value: 85}\n",
    "date: 2022-12-01\nnote: |\n  多行\n  文本\n",
])
def test_libyaml_and_pyyaml_read_content_alike(project, text):
    """Content is read with libyaml's C parser for speed; line and column of every value must be what PyYAML,
    whose words the error messages quote, would give, on the real files and on Chinese text before a value."""
    sources = [(path, None) for path in project.content.rglob("*.yaml")] + [(Path("inline.yaml"), text)]
    for path, source in sources:
        source = path.read_text(encoding="utf-8") if source is None else source
        quick, careful = (_parse(source, loader) for loader in (_QuickLoader, _ContentLoader))
        assert quick[1] == careful[1]
        assert positions(quick[0], path) == positions(careful[0], path)
    assert _QuickLoader is not _ContentLoader and "CParser" in {base.__name__ for base in _QuickLoader.__mro__}


def positions(node, path):
    """Line and column of every value, and each scalar as typed."""
    found, written = {}, {}
    _record_positions(node, (), found, [], path, 1, written)
    return found, written
