"""After a save, the preview lays out again only the pages the edit reaches (compat/resumed_layout.py), and the
book it gives is the book a whole layout gives: the same PDF, byte for byte, whatever the edit.

On the example book (examples/2023: footnotes, lists, a table, pictures, charts, a page reference, blank pages
for binding), in both editions, and on a copy of the real book, with edits aimed at what the content holds."""

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from content_edits import value_lines
from fixture_books import copied_project
from pdf_reading import page_texts
from whitepaper.compat import partial_layout
from whitepaper.editions import PRINT, SCREEN
from whitepaper.pipeline import Builder, Project, Stages

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2023" / "content"


def replaced(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def overview(content: Path) -> Path:
    return content / "chapters" / "01-overview.md"


def status(content: Path) -> Path:
    return content / "chapters" / "02-status.md"


def data(content: Path) -> Path:
    return content / "chapters" / "03-data.md"


def a_chart_value(content: Path) -> None:
    value = value_lines(content)[0]
    replaced(value.chart, value.text, value.text.rstrip() + "1")


def a_new_footnote(content: Path) -> None:
    replaced(data(content), "逐年增加，", "逐年增加[^new]，")
    replaced(data(content), "## 经营情况", "[^new]: 新的脚注。\n\n## 经营情况")


def words_added(times: int):
    def edit(content: Path) -> None:
        replaced(status(content), "参与问卷的企业按性质分布如下。", "参与问卷的企业按性质分布如下。" + "本句为排版测试而加。" * times)
    return edit


# edit -> whether it stays within a page or two, so that the other pages are kept
EDITS = {
    "a word in a paragraph": (lambda content: replaced(overview(content), "继续增长", "稳步增长"), True),
    "a number in a table cell": (lambda content: replaced(status(content), "| 156 |", "| 157 |"), True),
    "a footnote's words": (lambda content: replaced(overview(content), "数据为示例。", "数据均为示例。"), True),
    "a chart's value": (a_chart_value, True),
    "words that add lines": (words_added(30), False),
    "words that move a page reference's target": (words_added(200), False),
    "a new paragraph": (lambda content: replaced(data(content), "## 经营情况", "新加的一段。\n\n## 经营情况"), False),
    "a paragraph removed": (lambda content: replaced(overview(content), "本章的主要结论如下：\n\n", ""), False),
    "a new footnote": (a_new_footnote, False),
    "a heading (running heads, 目录, bookmarks)": (
        lambda content: replaced(status(content), "### 区域分布", "### 各区分布"), False),
    "a chapter title": (lambda content: replaced(data(content), "title: 产业发展数据", "title: 产业发展的数据"), False),
    "the appendix, on the page of a page reference": (
        lambda content: replaced(content / "appendices" / "01-method.md", "保留一位小数。", "保留两位小数。"), False),
}
ON_SCREEN = ("a word in a paragraph", "a footnote's words", "a new paragraph",
             "a heading (running heads, 目录, bookmarks)")


@pytest.fixture(scope="module")
def example_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("resumed")


@pytest.fixture
def example(example_root, project) -> Project:
    """The example book and the styles afresh, the chart cache kept between tests."""
    for copy, source in ((example_root / "content", EXAMPLE), (example_root / "styles", project.styles)):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy)
    if not (example_root / "fonts").exists():
        (example_root / "fonts").symlink_to(project.fonts)
    return Project(example_root)


def twins(project: Project, edition=PRINT) -> tuple[Builder, Builder]:
    """A preview's builder, and a twin that lays out every book whole; each has laid the book out once. The twin
    keeps the charts where its first layout put them, as the preview does (a fresh build may place them anew
    after a large edit)."""
    builder, twin = Builder(project, edition, draft=True), Builder(project, edition, draft=True)
    builder.laid_out(Stages())
    whole_pdf(twin)
    return builder, twin


def whole_pdf(twin: Builder) -> bytes:
    """The twin's next layout, with the resumed layout switched off: the book laid out whole."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(partial_layout, "resumed_pages", lambda *arguments: None)
        return twin.write_pdf(twin.laid_out(Stages()))


@pytest.mark.parametrize("edition, edit", [(PRINT, edit) for edit in EDITS] +
                         [(SCREEN, edit) for edit in ON_SCREEN], ids=lambda value: getattr(value, "name", value))
def test_a_rebuild_after_an_edit_gives_the_pdf_of_a_whole_layout(example, edition, edit):
    builder, twin = twins(example, edition)
    before = builder.laid_out(Stages())
    make_edit, local = EDITS[edit]
    make_edit(example.content)

    after = builder.laid_out(Stages())

    assert builder.write_pdf(after) == whole_pdf(twin)
    kept = sum(page in before.pages for page in after.pages)
    if local:  # the pages the edit does not reach are the last layout's own
        assert kept >= len(after.pages) - 2


def test_a_cell_of_a_table_over_two_pages_gives_the_pdf_of_a_whole_layout(example):
    """A wider cell on the table's second page widens its column on the first page too."""
    rows = "".join(f"| 区域{number} | {number} | 0.1% |\n" for number in range(60))
    replaced(status(example.content), "| 其他 | 98 | 32.4% |\n", "| 其他 | 98 | 32.4% |\n" + rows)
    builder, twin = twins(example)
    pages = page_texts(builder.write_pdf(builder.laid_out(Stages())))
    assert [page for page, text in enumerate(pages) if "区域 0 0" in text] != \
        [page for page, text in enumerate(pages) if "区域 58 58" in text], "test setup: the table fits on one page"

    replaced(status(example.content), "| 区域58 |", "| 区域58（新设的一个区） |")

    assert builder.write_pdf(builder.laid_out(Stages())) == whole_pdf(twin)


def test_a_chapter_no_longer_on_a_new_page_gives_the_pdf_of_a_whole_layout(example):
    """Without its page break, the chapter begins on the page before, which the last layout ended early. (Pages
    after a page reference are laid out whole: the appendix's goes, to see the pages after the chapter kept.)"""
    replaced(example.content / "book.yaml", "chapters_on_right: true", "chapters_on_right: false")
    replaced(example.content / "appendices" / "01-method.md", "，{page:data}起", "")
    replaced(data(example.content), "sections_in_toc: true", "new_page: true\nsections_in_toc: true")
    builder, twin = twins(example)

    replaced(data(example.content), "new_page: true\n", "")

    assert builder.write_pdf(builder.laid_out(Stages())) == whole_pdf(twin)


def test_a_save_that_changes_nothing_keeps_every_page(example):
    builder = Builder(example, draft=True)
    before = builder.laid_out(Stages())
    after = builder.laid_out(Stages())
    assert after.pages == before.pages and all(new is old for new, old in zip(after.pages, before.pages))


def test_with_has_in_the_stylesheets_every_page_is_laid_out_again(example):
    """`:has()` styles an element by what follows it, which the comparison of boxes does not see."""
    with (example.styles / "book.css").open("a", encoding="utf-8") as stylesheet:
        stylesheet.write("\nsection:has(table) { }\n")
    builder = Builder(example, draft=True)
    before = builder.laid_out(Stages())
    EDITS["a word in a paragraph"][0](example.content)
    after = builder.laid_out(Stages())
    assert not any(page in before.pages for page in after.pages)


def test_edits_one_after_another_on_the_real_book_give_the_pdf_of_a_whole_layout(warm_copy):
    """The first paragraph of each chapter in turn, digits added, as an editor saves again and again."""
    builder, twin = twins(Project(warm_copy))
    chapters = sorted((warm_copy / "content" / "chapters").glob("*.md"))
    for mark, chapter in enumerate(chapters[1:4]):
        text = chapter.read_text(encoding="utf-8")
        first = re.search(r"^[^\s#!|>:-].*。", text, re.MULTILINE)
        assert first, f"test setup: {chapter.name} has no paragraph"
        chapter.write_text(text.replace(first[0], first[0][:-1] + f"{mark}4711。", 1), encoding="utf-8")
        document = builder.laid_out(Stages())
        assert builder.write_pdf(document) == whole_pdf(twin), chapter.name


SAFE_POINT = re.compile(r"[。，；]")  # after these, words can be added without touching markup
TEXT_LINE = re.compile(r"^(?![#!|>:\-\s]|\d+\.|---|[a-z_]+:).+$", re.MULTILINE)  # a paragraph's or a note's
MARKUP = re.compile(r"[{}\[\]*`()\n]")


def book_characters() -> str:
    """Han characters the example book already prints (so the bundled fonts have them)."""
    text = "".join(path.read_text(encoding="utf-8") for path in (EXAMPLE / "chapters").glob("*.md"))
    return "".join(sorted({character for character in text if "\u4e00" <= character <= "\u9fff"}))


@pytest.fixture(scope="module")
def editor(tmp_path_factory, project):
    """The example book, a preview's builder and its twin, kept across examples as a preview keeps them."""
    book = copied_project(project, tmp_path_factory.mktemp("edited"), EXAMPLE)
    return book.root, *twins(book)


EDIT = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.text(book_characters(), max_size=120))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(EDIT, min_size=1, max_size=3))
def test_any_words_added_or_taken_away_give_the_pdf_of_a_whole_layout(editor, edits):
    """Each edit, in a paragraph or a note of a chapter, after a stop or comma: words put in, or (no words) the
    words up to the next stop or comma on the line taken away, if no markup stands between; the edits of one
    example are saved together, and the examples one after another, as an editor saves."""
    root, builder, twin = editor
    chapters = sorted((root / "content" / "chapters").glob("*.md"))
    for which, where, words in edits:
        chapter = chapters[which % len(chapters)]
        text = chapter.read_text(encoding="utf-8")
        points = [match.end() for line in TEXT_LINE.finditer(text)
                  for match in SAFE_POINT.finditer(text, line.start(), line.end())]
        if points:
            point = points[where % len(points)]
            following = SAFE_POINT.search(text, point)
            cut = point if words or following is None or MARKUP.search(text, point, following.end()) \
                else following.end()  # MARKUP includes the line's end: a heading after it stays
            chapter.write_text(text[:point] + words + text[cut:], encoding="utf-8")
    resumed = builder.write_pdf(builder.laid_out(Stages()))
    assert resumed == whole_pdf(twin)
