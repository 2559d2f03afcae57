"""The screen edition read as a screen reader reads it: each accessibility rule of preflight fails on a small PDF
broken on purpose, and the real book reads like the book."""

import base64
import contextlib

import pytest

from test_preflight import BOOK, findings, typeset
from whitepaper.compat import tagging
from whitepaper.assemble import assemble
from whitepaper.editions import SCREEN
from whitepaper.preflight.reading import PdfUnderTest
from whitepaper.preflight.structure import reading_order

RUNNING_HEAD = "<style>@page { @top-left { content: '页眉' } }</style>"
CHART_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" '
             'fill="#ffffff"/><text x="10" y="30" font-family="Noto Sans CJK SC" font-size="12">50%</text></svg>')
CHART = ('<figure class="chart"><img src="data:image/svg+xml;base64,' + base64.b64encode(CHART_SVG.encode()).decode()
         + '" alt="{alt}"><figcaption>表 1 样例</figcaption></figure>')


@pytest.fixture
def weasyprint_tagging(monkeypatch):
    """Write PDFs with WeasyPrint's own structure tree, as before tagging.py: what the rules must catch."""
    monkeypatch.setattr(tagging, "reading_structure", contextlib.nullcontext)


def test_running_heads_outside_the_tree_and_leaders_read_aloud_are_reported(screen_builder, project,
                                                                              weasyprint_tagging):
    pdf = typeset(screen_builder, project, RUNNING_HEAD + "<style>a::after { content: leader('.') ' 01' }</style>"
                  + BOOK)
    found = findings(pdf, project, SCREEN)["artifacts"]
    assert "pages 1, 2: text 「页眉」 is neither in the structure tree nor an Artifact: a screen reader skips it or " \
           "reads it out of place" in found
    assert "page 1: 目录 leader dots are tagged as content, so a screen reader reads them out: mark them /Artifact" \
           in found


def test_a_running_head_is_an_artifact_and_passes(screen_builder, project):
    pdf = typeset(screen_builder, project, RUNNING_HEAD + BOOK)
    assert findings(pdf, project, SCREEN) == {}


def test_nested_links_and_links_described_by_their_anchor_are_reported(screen_builder, project, weasyprint_tagging):
    pdf = typeset(screen_builder, project, "<style>a::after { content: ' 01' }</style>" + BOOK)
    assert findings(pdf, project, SCREEN)["link tags"] == (
        "page 1: a link to 「x」 has no description (/Contents) but its target: a screen reader says the target's "
        "name instead of the link's text",
        "page 1: a link is nested inside another link")


def test_a_link_outside_a_link_element_is_reported(screen_builder, project, weasyprint_tagging):
    # WeasyPrint gives a span inside a link an annotation of its own and tags it as a Span.
    pdf = typeset(screen_builder, project, BOOK.replace('<a href="#x">标题</a>', '<a href="#x"><span>标</span>题</a>'))
    assert "page 1: a link is in a Span element, not in a Link element" in findings(pdf, project, SCREEN)["link tags"]


def test_one_link_per_toc_entry_described_by_its_text_and_page(screen_builder, project):
    pdf = typeset(screen_builder, project, "<style>a::after { content: leader('.') ' 01' }</style>" +
                  BOOK.replace('<a href="#x">标题</a>', '<a href="#x"><span>标</span>题</a>'))
    with PdfUnderTest.open(pdf, project.fonts) as subject:
        annotations = [annotation.get_object() for annotation in subject.reader.pages[0]["/Annots"]]
        assert [str(annotation["/Contents"]) for annotation in annotations] == ["标题 01"]
        assert [line.strip() for line in reading_order(subject)] == ["LBody: 标题 01", "H1: 标题", "P: 正文"]
    assert findings(pdf, project, SCREEN) == {}


def test_alt_text_lacking_a_value_the_chart_draws_is_reported(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK + CHART.format(alt="表 1 样例（条形图）：是 40%"))
    assert findings(pdf, project, SCREEN) == {
        "alt text": ("page 2: the alt text 「表 1 样例（条形图）：是 40%」 lacks 50%, which the chart draws",)}


def test_a_chart_is_one_figure_with_its_caption_read_once(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK + CHART.format(alt="表 1 样例（条形图）：是 50%"))
    with PdfUnderTest.open(pdf, project.fonts) as subject:
        assert reading_order(subject)[-1] == "Figure: 表 1 样例（条形图）：是 50%"
    assert findings(pdf, project, SCREEN) == {}


def test_latin_words_are_read_as_english(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK.replace("<p>正文</p>", "<p>发布<span>ESG</span>报告</p>"))
    with PdfUnderTest.open(pdf, project.fonts) as subject:
        languages = [(str(element.get("/Lang")), element) for element in _elements(subject.catalog)]
    assert [language for language, _ in languages if language != "None"] == ["en"]


def _elements(catalog):
    stack = [catalog["/StructTreeRoot"]]
    while stack:
        element = stack.pop().get_object()
        kids = element.get("/K")
        if "/S" in element:
            yield element
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if not isinstance(kid, int) and "/S" in kid.get_object():
                stack.append(kid)


def test_the_screen_edition_reads_like_the_book(built_screen_pdf, project):
    """No leader dots, no anchor ids, no running heads; every chart read with all its values (from content/)."""
    book = assemble(project.content)
    with PdfUnderTest.open(built_screen_pdf.read_bytes(), project.fonts) as subject:
        lines = reading_order(subject)
    text = "\n".join(lines)
    assert "...." not in text and "chapter-" not in text and "section-" not in text
    running_heads = {book.title} | {f"{chapter.number} {chapter.title}" for chapter in book.chapters}
    read_out = [line.split(": ", 1)[1] for line in lines]
    assert all(read_out.count(head) == 1 for head in running_heads)  # the cover or the heading, once
    figures = [line.strip() for line in lines if line.strip().startswith("Figure: ")]
    assert len(figures) == len(book.charts)
    for chart, line in zip(book.charts, figures):
        assert line.startswith(f"Figure: {book.labels.table} {chart.number} {chart.title}（"
                               f"{book.labels.chart_kinds[chart.type]}）：")
        for item in chart.items:
            assert f"{item.label} {item.value:g}%" in line


def test_text_of_too_little_contrast_is_reported_and_large_bold_text_needs_less(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK + '<p style="color: #999999">浅灰</p>'
                  '<p style="color: #949494; font-size: 14pt; font-weight: bold">大字</p>')
    assert findings(pdf, project, SCREEN) == {"contrast": (
        "page 2: text in #999999 on #ffffff has contrast 2.85:1, below 4.5:1 (WCAG 2.2 §1.4.3): change the colours "
        "in styles/colours.yaml (screen)",)}


def test_text_on_a_background_is_measured_against_it(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK + '<p style="background: #5b9bd5; color: #ffffff">白字</p>')
    assert findings(pdf, project, SCREEN) == {"contrast": (
        "page 2: text in #ffffff on #5b9bd5 has contrast 2.96:1, below 4.5:1 (WCAG 2.2 §1.4.3): change the colours "
        "in styles/colours.yaml (screen)",)}


def test_a_chart_mark_of_too_little_contrast_is_reported(screen_builder, project):
    pale = CHART.replace(base64.b64encode(CHART_SVG.encode()).decode(), base64.b64encode(CHART_SVG.replace(
        '<text', '<rect x="100" y="5" width="50" height="30" fill="#c8c8c8"/><text').encode()).decode())
    pdf = typeset(screen_builder, project, BOOK + pale.format(alt="表 1 样例（条形图）：是 50%"))
    assert findings(pdf, project, SCREEN) == {"contrast": (
        "page 2: a chart mark in #c8c8c8 on #ffffff has contrast 1.67:1, below 3:1 (WCAG 2.2 §1.4.11): change its "
        "colour in styles/colours.yaml (screen)",)}


def test_a_web_link_in_the_text_is_one_link_described_by_its_text(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK.replace("<p>正文</p>", '<p>详见<a href="https://example.org/">协会网站 '
                                                                      '<span>BSIA</span></a>。</p>'))
    with PdfUnderTest.open(pdf, project.fonts) as subject:
        annotations = [annotation.get_object() for annotation in subject.reader.pages[1]["/Annots"]]
    assert [str(annotation["/Contents"]) for annotation in annotations] == ["协会网站 BSIA"]
    assert findings(pdf, project, SCREEN) == {}


def test_table_header_cells_say_what_they_head(screen_builder, project):
    table = ('<table><tr><th>企业</th><th>占比</th></tr><tr><th scope="row">民营</th><td>85%</td></tr></table>')
    pdf = typeset(screen_builder, project, BOOK + table)
    with PdfUnderTest.open(pdf, project.fonts) as subject:
        scopes = [str(element["/A"]["/Scope"]) for element in _elements(subject.catalog) if element["/S"] == "/TH"]
    assert sorted(scopes) == ["/Column", "/Column", "/Row"]
