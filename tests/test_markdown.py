"""What a chapter's Markdown becomes in the model, and the HTML of tables (for the screen edition's tags)."""

from pathlib import Path

from whitepaper.assemble import assemble
from whitepaper.html_builder import build_html
from whitepaper.markdown import read_blocks
from whitepaper.model import BulletList, Labels, NoteCall, Paragraph, Styled
from whitepaper.sources import MarkdownSource, YamlSource

LABELS = Labels("目 录", "表", "其余（推算）", {"bars": "条形图", "split": "堆积条形图"})
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2023" / "content"


def blocks(body: str) -> list:
    source = MarkdownSource(Path("chapter.md"), YamlSource(Path("chapter.md"), {}), body, 5)
    problems = []
    intro, _ = read_blocks(source, problems, lambda *place: None, LABELS, 1, {})
    assert problems == []
    return intro


def test_a_source_line_break_is_a_space_between_latin_words_only():
    paragraph, = blocks("发布 ESG\nreport，社会\n责任，**ESG**\nreport 与中文\nESG。\n")
    assert paragraph.text == "发布 ESG report，社会责任，ESG report 与中文ESG。"


def test_a_numbered_list_keeps_its_first_number_and_its_depth():
    numbered, = blocks("3. 一\n4. 二\n   - 甲\n     1. 子\n")
    assert isinstance(numbered, BulletList) and numbered.ordered
    assert [entry.number for entry in numbered.entries] == [3, 4]
    inner = numbered.entries[1].lists[0]
    assert (inner.ordered, inner.depth, inner.items) == (False, 2, ("甲",))
    assert (inner.entries[0].lists[0].depth, inner.entries[0].lists[0].entries[0].number) == (3, 1)


def test_markup_nests_and_a_note_stands_where_it_is_cited():
    paragraph, = blocks("见**[协会*网站*](https://example.org/)**[^a]。\n\n[^a]: 注释**一**。\n")
    assert isinstance(paragraph, Paragraph) and paragraph.text == "见协会网站。"
    strong, note, stop = paragraph.runs[1:]
    link, = strong.children
    assert (strong.kind, link.kind, link.target) == ("strong", "link", "https://example.org/")
    assert link.children == ("协会", Styled("emphasis", ("网站",)))
    assert isinstance(note, NoteCall) and note.note.runs == ("注释", Styled("strong", ("一",)), "。")
    assert stop == "。"


def test_table_headers_carry_their_scope_and_span(project):
    book = assemble(EXAMPLE)
    html = build_html(book, {chart.number: "<svg/>" for chart in book.charts},
                      pictures={picture.path: "data:," for picture in book.pictures})
    assert '<th scope="colgroup" class="align-center" colspan="2">' in html
    assert '<th scope="col" class="align-center" rowspan="2">企业性\u2060质</th>' in html  # last two kept together
    assert '<th scope="row" class="align-left">国有企\u2060业</th>' in html
    assert '<td class="align-right">12</td>' in html


def test_bold_and_emphasis_open_and_close_beside_chinese_marks():
    """Plain CommonMark leaves these asterisks as text: a mark after `**` needs a space or a mark before it."""
    paragraph, = blocks("打造**“责任+”**品牌，*（试行）*标准。\n")
    assert paragraph.text == "打造“责任+”品牌，（试行）标准。"
    assert paragraph.runs[1] == Styled("strong", ("“责任+”",)) and paragraph.runs[3] == Styled("emphasis", ("（试行）",))
