"""A small made-up book (tests/parts_book/) with every chart kind and every book part, built through the real
pipeline in both editions and read back from the PDF: what each chart prints, the size of its text, where the
charts stand, and where each book part lands. The expected texts are written here by hand, from the fixture."""

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from whitepaper.assemble import assemble
from whitepaper.editions import SCREEN
from whitepaper.pipeline import Builder, Project

from pdf_reading import MARGIN_BOTTOM, MARGIN_TOP, MM, TEXT_LEFT, TEXT_RIGHT, page_lines, page_texts, squeeze, text_of

PARTS_BOOK = Path(__file__).parent / "parts_book"
CHART_TEXT = 9.0  # pt: every chart's labels and figures (12 px, drawn unscaled)
STROKE = 1.5  # pt: PDFium's box of a stroked line reaches past the line by up to about its width

# What each chart must print (under its caption), exactly as its file writes it: a figure keeps its zeros, a unit follows it.
PRINTED = {
    "表1各区会员企业数量": ["海淀区", "经济技术开发区", "2022年", "2023年", "120家", "135家", "80家", "90.0家", "35家", "41家"],
    "表2社会责任报告发布情况": ["国有企业", "民营企业", "已发布", "计划发布", "未计划", "60.0%", "35%", "5%", "45.5%", "4.5%", "50%"],
    "表3营业收入与利润": ["2020", "2021", "2022", "2023", "营业收入", "利润", "1.20亿元", "2.5亿元", "3.1亿元", "4亿元", "0.5亿元",
        "0.7亿元", "1.1亿元", "1.5亿元"],
    "表4参与企业性质": ["民营企业", "85.0%", "国有企业", "6.7%", "外资企业", "3.9%", "其他", "4.4%"],
    "表5技术创新情况": ["有相关机制", "90.0%", "其余（推算）", "10%"],
    "表6服务对象数量": ["中小企业", "302家", "大型企业", "48家"],
    "表7数据安全管理": ["有专门团队", "75.80%", "没有", "24.2%"],
}


@dataclass(frozen=True)
class Built:
    root: Path
    pdf: Path
    texts: list[str]  # each page's text


def build(project: Project, root: Path, edition=None, margins: str | None = None) -> Built:
    shutil.copytree(PARTS_BOOK / "content", root / "content")
    shutil.copytree(project.styles, root / "styles")
    if margins:
        css = root / "styles" / "book.css"
        text, count = re.subn(r"(@page \{[^{}]*?)margin: [^;]+;", rf"\1{margins}", css.read_text(encoding="utf-8"),
                              count=1)  # the page margins, whatever styles/book.css has now
        assert count == 1
        css.write_text(text, encoding="utf-8")
    (root / "fonts").symlink_to(project.fonts)
    output = root / "book.pdf"
    (Builder(Project(root), edition) if edition else Builder(Project(root))).build(output)
    return Built(root, output, [squeeze(text) for text in page_texts(output)])


@pytest.fixture(scope="module")
def parts(project, tmp_path_factory) -> Built:
    return build(project, tmp_path_factory.mktemp("parts"))


@pytest.fixture(scope="module")
def parts_screen(project, tmp_path_factory) -> Built:
    return build(project, tmp_path_factory.mktemp("parts-screen"), SCREEN)


def page_of(built: Built, text: str, after: int = -1) -> int:
    """The 0-based index of the first page after `after` whose text holds `text`."""
    return next(index for index, page in enumerate(built.texts) if index > after and squeeze(text) in page)


# Charts

@pytest.mark.parametrize("caption", list(PRINTED))
def test_each_chart_kind_prints_its_labels_and_figures_as_written(parts, caption):
    page = parts.texts[page_of(parts, caption)]
    missing = [text for text in PRINTED[caption] if text not in page]
    assert not missing


def test_charts_print_when_their_cache_cannot_be_written(project, tmp_path, caplog):
    """A file where the chart cache's folder belongs (a chmod would not stop root): the helpers' charts come back
    all the same, and the build says once that the cache is not kept."""
    (tmp_path / "build" / "cache").mkdir(parents=True)
    (tmp_path / "build" / "cache" / "charts").write_text("not a folder", encoding="utf-8")
    caplog.set_level(logging.WARNING)
    built = build(project, tmp_path)
    for caption, texts in PRINTED.items():
        page = built.texts[page_of(built, caption)]
        assert [text for text in texts if text not in page] == [], caption
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith("the cache could not be written (") and \
        "cache/charts is a file" in warnings[0], warnings


def chart_glyphs(built: Built, fonts: Path, printed: dict[object, list[str]]):
    """The glyphs of each run of text (glyphs on one baseline without a gap) that is one of the charts' texts."""
    wanted = {text for texts in printed.values() for text in texts}
    for lines in page_lines(built.pdf, fonts):
        for line in lines:
            runs = [[line[0]]]
            for before, glyph in zip(line, line[1:]):
                if glyph.left - before.right > 4:
                    runs.append([])
                runs[-1].append(glyph)
            yield from (run for run in runs if squeeze(text_of(run)) in wanted)


def test_chart_text_is_one_size_in_every_chart(parts, project):
    lines = list(chart_glyphs(parts, project.fonts, PRINTED))
    assert len(lines) > 40
    assert {round(glyph.em, 2) for line in lines for glyph in line} == {CHART_TEXT}


def test_the_2022_books_chart_text_is_the_same_size(built_pdf, project):
    book = assemble(project.content)
    printed = {chart.number: [chart.printed(item) for item in chart.items] for chart in book.charts}
    sizes = {round(glyph.em, 2) for line in chart_glyphs(Built(project.root, built_pdf, []), project.fonts, printed)
             for glyph in line}
    assert sizes == {CHART_TEXT}


def drawn_boxes(pdf: Path, pages: list[int]):
    """(page, left, right) of every path and text drawn between the running head and the folio."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in pages:
            page = document[index]
            _, _, _, height = page.get_trimbox()
            for item in page.get_objects(max_depth=0):  # a form's own objects are placed in the form's space
                if item.type not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT,
                                     pdfium_c.FPDF_PAGEOBJ_FORM):
                    continue
                left, bottom, right, top = item.get_bounds()
                if MARGIN_BOTTOM < (bottom + top) / 2 < height - MARGIN_TOP:
                    yield index, left, right
    finally:
        document.close()


def chart_pages(built: Built) -> list[int]:
    return sorted({page_of(built, caption) for caption in PRINTED})


def test_charts_stand_within_the_text_block(parts):
    boxes = list(drawn_boxes(parts.pdf, chart_pages(parts)))
    assert len(boxes) > 50
    outside = [box for box in boxes if box[1] < TEXT_LEFT - STROKE or box[2] > TEXT_RIGHT + STROKE]
    assert not outside
    widest = max(right for _, _, right in boxes)
    assert widest > TEXT_RIGHT - 2  # full-width charts reach the block's right edge


def test_charts_follow_the_margins_set_in_the_styles(project, tmp_path):
    """Wider margins in styles/book.css: the charts are drawn narrower, with text of the same size."""
    narrow = build(project, tmp_path, margins="margin: 26mm 40mm 24mm 40mm;")
    left, right = 40 * MM, (210 - 40) * MM
    boxes = list(drawn_boxes(narrow.pdf, chart_pages(narrow)))
    assert boxes and not [box for box in boxes if box[1] < left - STROKE or box[2] > right + STROKE]
    sizes = {round(glyph.em, 2) for line in chart_glyphs(narrow, project.fonts, PRINTED) for glyph in line}
    assert sizes == {CHART_TEXT}


# Book parts

def test_the_copyright_page_follows_the_cover(parts):
    assert page_of(parts, "ISBN978-7-121-45678-7") == 1
    for text in ("编制单位：北京软件和信息服务业协会", "发布日期：2023年12月", "版权所有"):
        assert text in parts.texts[1]


def test_blank_pages_before_the_back_cover_make_the_page_count_a_multiple_of_4(parts, parts_screen):
    """The fixture's last appendix ends on page 17 of 18: two blank pages come before the back cover."""
    for built in (parts, parts_screen):
        assert len(built.texts) == 20
        assert "附录B术语" in built.texts[-4] and built.texts[-3:-1] == ["", ""]
        assert built.texts[-1] == "北京软件和信息服务业协会地址：北京市海淀区"


def test_chapters_references_and_appendices_start_on_right_hand_pages(parts):
    """Page 1 (the cover) is a right-hand page: right-hand pages have odd numbers, 0-based even indexes."""
    toc = page_of(parts, "目录")
    starts = [page_of(parts, heading, after=toc)
              for heading in ("1图表", "2结语", "3展望", "参考文献[1]", "附录A调研方法", "附录B术语")]
    assert starts == sorted(starts) and all(index % 2 == 0 for index in starts)
    assert any(not parts.texts[index - 1] for index in starts)  # a left-hand page was left blank for one


def test_the_toc_lists_references_and_appendices_after_the_chapters(parts):
    toc = parts.texts[page_of(parts, "目录")]
    order = ["1图表", "2结语", "参考文献", "附录A调研方法", "A.1问卷", "A.2数据", "附录B术语"]
    positions = [toc.find(entry) for entry in order]
    assert -1 not in positions and positions == sorted(positions)


def test_references_are_numbered_with_a_hanging_indent(parts, project):
    index = page_of(parts, "参考文献[1]")
    assert ("[1]国家市场监督管理总局.社会责任指南：GB/T36000—2015[S].北京：中国标准出版社，2015."
            in parts.texts[index])
    lines = page_lines(parts.pdf, project.fonts)[index]
    second = next(number for number, line in enumerate(lines) if text_of(line).startswith("[2]"))
    entry, turned = lines[second], lines[second + 1]
    after_number = next(glyph for glyph in entry if glyph.char == "北")
    assert abs(entry[0].left - TEXT_LEFT) < 0.5
    assert abs(turned[0].left - after_number.left) < 0.5 and turned[0].left > TEXT_LEFT + 10


def test_appendix_sections_are_numbered_by_letter(parts):
    page = parts.texts[page_of(parts, "附录A调研方法", after=page_of(parts, "目录"))]
    assert "A.1问卷" in page and "A.2数据" in page


def test_blank_pages_carry_no_running_head_or_folio(parts):
    blank = [index for index, text in enumerate(parts.texts) if not text]
    assert len(blank) >= 3
