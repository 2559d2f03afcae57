"""How changes are cut and told, on small hand-made texts (one page, one line): which stretches make one
change, and which words are shown."""

from pathlib import Path

from whitepaper.diff.align import compare
from whitepaper.diff.reading import Book, Chart, Glyph, Page

TRIM = (0.0, 0.0, 595.0, 842.0)


def book(*parts: str | tuple[str, ...]) -> Book:
    """Text, and charts given as tuples of their words; every glyph at its own place on one page."""
    tokens = []
    for part in parts:
        if isinstance(part, tuple):
            tokens.append(Chart(0, (100.0, 100.0, 400.0, 200.0), "表 1 标题", part))
            continue
        for word in part.split(" "):
            word_number = len(tokens)
            for char in word:
                x = 10.0 * len(tokens)
                tokens.append(Glyph(char, 0, (x, 800.0, x + 10, 810.0), (0, word_number), len(word), (0, 0)))
    return Book(Path("test.pdf"), [Page(0, TRIM, {"TrimBox": TRIM})], tokens, [])


UNCHANGED = "数据显示企业在数据安全方面很重视。诚信运营建设情况良好。员工权益得到保护。开发者培育持续开展。"
BASE = UNCHANGED + "有相关制度的企业占比12.9%，无相关制度的占比87.1%。表1标题"


def told(old: Book, new: Book) -> list[tuple[str, str, str]]:
    return [(change.kind, change.old_text, change.new_text) for change in compare(old, new)]


def test_a_changed_number_is_shown_whole():
    assert told(book(BASE), book(BASE.replace("12.9%", "13.1%"))) == [("replaced", "12.9%", "13.1%")]


def test_a_reworded_phrase_is_one_change_and_two_sentences_two():
    reworded = BASE.replace("有相关制度的企业", "有制度的相关企业")
    assert len(told(book(BASE), book(reworded))) == 1
    both = BASE.replace("得到保护", "得到了保护").replace("有相关", "有")
    assert told(book(BASE), book(both)) == [("inserted", "", "了"), ("deleted", "相关", "")]


def test_a_new_caption_and_new_figures_are_two_changes():
    old = book(BASE, ("12.9%", "87.1%", "通过"))
    new = book(BASE.replace("标题", "新标题"), ("13.1%", "86.9%", "通过"))
    assert told(old, new) == [("inserted", "", "新"), ("chart", "12.9% 87.1%", "13.1% 86.9%")]


def test_a_short_word_is_shown_whole():
    assert told(book("编制工作组 龙飞 盖泓竹 吴西"), book("编制工作组 龙飞 盖泓华 吴西")) == \
        [("replaced", "盖泓竹", "盖泓华")]
