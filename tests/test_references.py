"""Numbers are computed and references follow: a small book (tests/refs_book/) refers to its chapters, sections,
charts and pages by label and prints the facts of its own book.yaml. Moving a section renumbers its chart and
every reference to it, with no other edit; what is checked is the PDF's text."""

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from fixture_books import fixture_project
from pdf_reading import band_text, body_texts, paragraph_texts, squeeze
from whitepaper.assemble import assemble
from whitepaper.editions import SCREEN
from whitepaper.lint import lint
from whitepaper.pipeline import Builder
from whitepaper.typography import marked_up

BOOK = Path(__file__).parent / "refs_book"
PICTURE = Path(__file__).parent.parent / "examples" / "2023" / "content" / "pictures" / "park.jpg"
FACTS = ("title:\n  - 测试白皮书\n  - （{year}年版）\npublisher: 测试协会\n"
         "date: \"{year}.05\"\npublication_date: 2031-05-01\n")  # this book's facts, in place of the real ones


def refs_project(project, root: Path, swapped: bool = False):
    """The small book beside the real front matter, with facts of its own; `swapped`: its two sections moved."""
    book = fixture_project(project, root, BOOK / "chapters", sorted((BOOK / "charts").iterdir()))
    book_yaml = book.content / "book.yaml"
    real = book_yaml.read_text(encoding="utf-8")
    book_yaml.write_text(FACTS + real[real.index("language:"):], encoding="utf-8")
    if swapped:
        chapter = book.content / "chapters" / "01-survey.md"
        opening, first, second = chapter.read_text(encoding="utf-8").split("\n## ")
        chapter.write_text("\n## ".join([opening, second.rstrip("\n") + "\n", first]), encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def books(project, tmp_path_factory):
    """The print edition as written and with its sections swapped, and the screen edition as written."""
    built = {}
    for name, swapped, edition in (("print", False, None), ("swapped", True, None), ("screen", False, SCREEN)):
        root = tmp_path_factory.mktemp(name)
        book = refs_project(project, root / "project", swapped)
        builder = Builder(book, edition) if edition else Builder(book)
        built[name] = builder.build(root / f"{name}.pdf").output
    return built


def _text(pdf: Path) -> str:
    return squeeze("".join(body_texts(pdf)))


def test_charts_sections_and_chapters_are_numbered_and_references_print_their_numbers(books):
    text = _text(books["print"])
    assert "表1参与企业性质" in text and "表2开展社会责任建设情况" in text  # the captions
    assert "参与企业的性质见表1，开展情况见1.2节。" in text
    assert "开展社会责任建设的情况见表2。" in text
    assert "本章介绍调查的对象，结论见第2章" in text
    assert "结论基于第1章的问卷，企业性质见1.1节" in text


def test_swapping_two_sections_renumbers_their_charts_and_every_reference_follows(books):
    text = _text(books["swapped"])
    assert "表1开展社会责任建设情况" in text and "表2参与企业性质" in text
    assert "开展社会责任建设的情况见表1。" in text
    assert "参与企业的性质见表2，开展情况见1.1节。" in text
    assert "企业性质见1.2节" in text


@pytest.mark.parametrize("name", ["print", "swapped"])
def test_a_page_reference_prints_the_folio_of_the_page_its_target_lands_on(books, name):
    pages = [squeeze(page) for page in body_texts(books[name])]
    chapter_two = next(index for index, page in enumerate(pages) if page.startswith("2调查结果"))
    nature = next(index for index, page in enumerate(pages) if re.search(r"1\.\d企业性质参与企业", page))
    text = "".join(pages)
    assert re.search(r"结论见第2章（第(\d+)页）", text)[1] == str(int(band_text(books[name], chapter_two, False)))
    assert re.search(r"企业性质见1\.\d节，第(\d+)页", text)[1] == str(int(band_text(books[name], nature, False)))


def test_book_facts_print_from_book_yaml_and_a_doubled_brace_prints_one(books):
    text = _text(books["print"])
    assert "测试协会于2031年发布《测试白皮书（2031年版）》，花括号照印：{year}。" in text


def test_each_reference_is_a_link_in_the_screen_edition(books):
    reader = pypdf.PdfReader(books["screen"])
    described = [str(annotation.get_object().get("/Contents")) for page in reader.pages
                 for annotation in page.get("/Annots") or []]
    references = [text for text in described if re.fullmatch(r"表 \d|第 \d 章|1\.\d 节|第 \d+ 页", text)]
    assert sorted(re.sub(r"第 \d+ 页", "第 N 页", text) for text in references) == sorted(
        ["第 2 章", "第 N 页", "表 1", "1.2 节", "表 2", "第 1 章", "1.1 节", "第 N 页"])


def test_lint_warns_of_a_stale_hand_typed_number_and_not_of_a_right_one(project, tmp_path):
    book = refs_project(project, tmp_path / "project")
    chapter = book.content / "chapters" / "01-survey.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("情况见{ref:table-practice}", "情况见表 1")
                       .replace("性质见{ref:table-nature}", "性质见表 1"), encoding="utf-8")
    warnings = [str(warning) for warning in lint(book.content) if "typed by hand" in warning.message]
    assert [warning.split(": ", 1)[1] for warning in warnings] == [
        "「表 1」 is typed by hand, but beside it stands 表 2: write `{ref:table-practice}`, which follows it "
        "wherever it moves"]
    assert warnings[0].startswith(f"{chapter}:16")


def test_lint_warns_of_a_chapter_the_book_does_not_have(project, tmp_path):
    book = refs_project(project, tmp_path / "project")
    chapter = book.content / "chapters" / "02-results.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("结论基于{ref:survey}", "结论基于第3章").replace("。\n\n", "，另见第 1 章。\n\n", 1),
                       encoding="utf-8")
    warnings = [warning for warning in lint(book.content) if "typed by hand" in warning.message]
    assert [warning.message for warning in warnings] == [
        "「第3章」 is typed by hand, but the book has 2 chapters: refer to the chapter as `{ref:label}`, which "
        "follows it"]


def test_a_pipe_table_and_a_picture_take_the_label_written_on_their_line(project, tmp_path):
    book = refs_project(project, tmp_path / "project")
    (book.content / "pictures").mkdir()
    shutil.copy(PICTURE, book.content / "pictures")
    chapter = book.content / "chapters" / "02-results.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n见{ref:districts}和{ref:campus}。\n\n"
                       "表 各区企业 {#districts}\n| 区 | 家数 |\n| --- | --- |\n| 海淀 | 1 |\n\n"
                       "![园区的照片](../pictures/park.jpg \"园区\"){#campus}\n", encoding="utf-8")
    assert "见表 3和图 1。" in paragraph_texts(assemble(book.content))


def test_a_reference_word_stays_with_its_letter_as_with_its_number():
    """附录 A from `{ref:…}` carries a no-break space, which becomes a word joiner as 表 5's space does."""
    assert "录\u2060<span" in marked_up("见附录\u00a0A。") and "表\u2060<span" in marked_up("见表\u00a05。")
    assert "录\u2060" not in marked_up("见附录 A。")  # an ordinary space may break, as before
