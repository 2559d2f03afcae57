"""typography.marked_up: the HTML every printed string becomes (the rules are explained there)."""

from html.parser import HTMLParser

from whitepaper.assemble import assemble
from whitepaper.html_builder import build_html
from whitepaper.typography import WORD_JOINER as WJ, marked_up, plain_text


def test_han_next_to_latin_gets_a_spacing_span_whatever_the_source_had():
    spaced = '占比<span class="latin space-before">38%</span>'
    assert marked_up("占比 38%") == marked_up("占比38%") == spaced
    assert marked_up("发布 ESG 报告") == '发布<span class="latin space-before space-after">ESG</span>报告'
    assert marked_up("依据 T/BSIA 003-2022") == '依据<span class="latin space-before">T/BSIA 003-2022</span>'


def test_latin_beside_punctuation_or_alone_is_left_as_it_is():
    assert marked_up("T/BSIA 003-2022") == "T/BSIA 003-2022"
    assert marked_up("（EIM）") == f"（{WJ}EIM{WJ}）"


def test_a_number_is_joined_to_its_unit():
    assert marked_up("302 家") == f'<span class="latin space-after">302</span>{WJ}家'
    assert marked_up("85%企业") == f'<span class="latin space-after">85%</span>{WJ}企业'
    assert marked_up("占比 38") == '占比<span class="latin space-before">38</span>'  # no unit: the line may break


def test_marks_are_joined_to_the_characters_they_may_not_be_parted_from():
    assert marked_up("建设——总体") == f"建设{WJ}——总体"  # one joiner: —— is one mark
    assert marked_up("称“库博”软件") == f"称“{WJ}库博{WJ}”软件"


def test_the_first_of_two_adjacent_marks_is_set_half_width():
    assert marked_up("（二选一），") == f'（{WJ}二选一{WJ}<span class="halt">）</span>{WJ}，'
    assert marked_up("。”") == '<span class="halt">。</span>' + f"{WJ}”"
    assert marked_up("（“") == f'（{WJ}<span class="halt">“</span>'


def test_text_is_escaped():
    assert marked_up("a<b") == "a&lt;b"


def test_attributes_and_the_title_carry_plain_text(project):
    assert plain_text("占比 38%") == "占比38%"

    class Attributes(HTMLParser):
        values: list[str] = []
        title = ""

        def handle_starttag(self, tag, attrs):
            self.values.extend(value or "" for _, value in attrs if not (value or "").startswith("data:"))

        def handle_data(self, data):
            if self.lasttag == "title":
                self.title += data

    parser = Attributes()
    book = assemble(project.content)
    parser.feed(build_html(book, {chart.number: "<svg/>" for chart in book.charts}))
    assert parser.values and not [value for value in parser.values if "<" in value or WJ in value]
    assert parser.title and WJ not in parser.title


def test_the_rules_hold_across_inline_markup():
    """Bold, links and notes are tags around parts of one string: joiners and spacing see the whole of it."""
    bold = [(2, 5, "<strong>", "</strong>")]
    assert marked_up("发布ESG，报告", bold) == f'发布<strong><span class="latin space-before">ESG</span></strong>{WJ}，报告'
    note = [(2, 2, '<span class="footnote">注</span>', "")]
    assert marked_up("文字。", note) == f'文字<span class="footnote">注</span>{WJ}。'
    # A Latin run cut by markup keeps its margin on the side that faces Han, in each piece.
    assert marked_up("发布 ESG report 文字", [(3, 6, "<b>", "</b>")]) == (
        '发布<b><span class="latin space-before">ESG</span></b><span class="latin space-after"> report</span>文字')


def test_inline_runs_become_nested_html():
    from whitepaper.html_builder import inline_html
    from whitepaper.model import Footnote, NoteCall, Styled

    runs = ("见", Styled("link", (Styled("strong", ("协会",)),), "https://example.org/"), "。",
            NoteCall(Footnote(("注释",))))
    assert inline_html(runs) == (
        f'见<a class="link" href="https://example.org/"><strong>协{WJ}会</strong></a>'
        f'<span class="link-address">https://example.org/</span>{WJ}。<span class="footnote">注{WJ}释</span>')
