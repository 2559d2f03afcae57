"""The example book (examples/2023/): every element an editor can write in a chapter's Markdown, built in both
editions, each of which must pass preflight (a build that fails preflight raises). The expectations are the
words of examples/2023/content, written out here."""

import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from whitepaper.editions import SCREEN
from whitepaper.typography import HAN
from whitepaper.pipeline import Builder, Project

from fixture_books import copied_project
from pdf_reading import body_texts, page_lines, page_texts, squeeze, text_of

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2023" / "content"
A4_LANDSCAPE = (841.89, 595.28)
FOOT = 100  # points above the trim's bottom edge: the bottom margin is 68 pt, a footnote's last line sits just above


@pytest.fixture(scope="session")
def example(project, tmp_path_factory) -> Project:
    return copied_project(project, tmp_path_factory.mktemp("example"), EXAMPLE)


@pytest.fixture(scope="session")
def example_pdf(example) -> Path:
    return Builder(example).build(example.root / "print.pdf").output


@pytest.fixture(scope="session")
def example_screen_pdf(example) -> Path:
    return Builder(example, SCREEN).build(example.root / "screen.pdf").output


def _page_with(texts: list[str], words: str) -> int:
    """0-based index of the first page whose text holds the words (white space ignored)."""
    return next(index for index, text in enumerate(texts) if squeeze(words) in squeeze(text))


def test_both_editions_build_and_pass_preflight(example_pdf, example_screen_pdf):
    assert example_pdf.stat().st_size and example_screen_pdf.stat().st_size


def test_a_line_break_between_latin_words_keeps_a_space_and_none_between_han(example_pdf):
    text = "\n".join(body_texts(example_pdf))
    assert "ESG report" in text
    assert "社会责任。" in text.replace("\n", "") and "社会 责任" not in text


def test_bold_is_the_bold_face_and_emphasis_the_sans_face(example_pdf, project):
    lines = [line for page in page_lines(example_pdf, project.fonts) for line in page]
    glyphs = [glyph for line in lines for glyph in line]
    bold = "".join(glyph.char for glyph in glyphs if glyph.font == "Noto-Serif-CJK-SC-Bold")
    sans = "".join(glyph.char for glyph in glyphs if glyph.font == "Noto-Sans-CJK-SC")
    assert "ESG报告" in bold and "T/BSIA 003-2022" in bold and "“责任+”" in bold  # beside Chinese marks too
    assert "黑体" in sans


def test_numbered_lists_count_1_then_parenthesised_then_circled(example_pdf):
    text = squeeze("".join(body_texts(example_pdf)))
    assert squeeze("1.企业社会责任建设开展率提高。2.信息披露的渠道更多：（1）企业官网；（2）社会责任报告："
                   "①独立发布的报告；②年度报告中的专章。3.问题和建议见第2章") in text


def test_footnotes_stand_at_the_foot_of_the_citing_page_numbered_per_chapter(example_pdf, project):
    pages = page_lines(example_pdf, project.fonts)
    texts = ["\n".join(text_of(line) for line in page) for page in pages]
    for citing, note in (("数量继续增长", "1.据协会问卷，发布ESG报告的企业占比21.5%"),
                         ("多数依据T/BSIA003-2022", "1.《软件和信息服务业社会责任治理评价指标体系》。")):
        page = _page_with(texts, citing)
        lines = [squeeze(text_of(line)) for line in pages[page]]
        note_line = next(line for line in pages[page] if squeeze(text_of(line)).startswith(squeeze(note)))
        citing_line = next(line for line in pages[page] if squeeze(citing) in squeeze(text_of(line)))
        assert note_line[0].baseline < FOOT < citing_line[0].baseline  # at the page's foot, below the text
        assert note_line[0].em < citing_line[0].em
        assert lines


def test_a_link_prints_its_address_as_a_note_in_print_and_is_live_on_screen(example_pdf, example_screen_pdf):
    print_text = squeeze("".join(page_texts(example_pdf)))
    screen_text = squeeze("".join(page_texts(example_screen_pdf)))
    assert "2.https://www.bsia.org.cn/" in print_text
    assert "https://www.bsia.org.cn/" not in screen_text and "北京软件和信息服务业协会" in screen_text
    reader = pypdf.PdfReader(example_screen_pdf)
    targets = [annotation.get_object()["/A"].get("/URI") for page in reader.pages
               for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()]
    assert "https://www.bsia.org.cn/" in targets and "mailto:info@example.org" in targets
    assert not any("/Annots" in page for page in pypdf.PdfReader(example_pdf).pages)


def test_subsections_are_numbered_and_in_the_toc_and_bookmarks(example_screen_pdf):
    texts = page_texts(example_screen_pdf)
    toc = squeeze(texts[_page_with(texts, "目 录")])
    assert "2.1.1参与企业" in toc and "2.1.2区域分布" in toc
    reader = pypdf.PdfReader(example_screen_pdf)

    def titles(outline, depth=1):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, squeeze(item.title)

    assert (3, "2.1.1参与企业") in list(titles(reader.outline))


def test_tables_share_the_number_of_charts_with_their_captions_units_and_notes(example_pdf):
    text = squeeze("".join(body_texts(example_pdf)))
    assert "表1参与企业性质" in text
    assert squeeze("表 2 各区参与企业数量 区域 企业数量（家） 占比 海淀区 156 51.7%") in text
    assert squeeze("表 3 社会责任治理体系建设情况 单位：家") in text
    assert "2022年2023年" in text and "有体系无体系有体系无体系" in text and "企业性质" in text  # two header rows
    assert squeeze("注：数据为示例。资料来源：北京软件和信息服务业协会问卷。") in text
    assert "+1.2" in text  # printed as written


def test_a_table_that_asks_for_it_sits_on_a_landscape_page(example_pdf):
    reader = pypdf.PdfReader(example_pdf)
    page = _page_with(page_texts(example_pdf), "各项履责指标覆盖率")
    trim = reader.pages[page].trimbox
    assert (float(trim.width), float(trim.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert float(reader.pages[page - 1].trimbox.width) == pytest.approx(595.28, abs=0.5)


def test_figures_in_a_table_are_set_flush_right(example_pdf, project):
    page = _page_with(page_texts(example_pdf), "各区参与企业数量")
    lines = page_lines(example_pdf, project.fonts)[page]
    rights = [max(glyph.right for glyph in line if glyph.char.isdigit())
              for line in lines if squeeze(text_of(line)).startswith(("海淀区", "朝阳区", "其他"))]
    assert len(rights) == 3 and max(rights) - min(rights) < 0.5


def test_quotation_and_box_are_printed(example_pdf):
    text = squeeze("".join(body_texts(example_pdf)))
    assert "企业社会责任是企业对社会应当承担的责任" in text
    assert squeeze("专栏 1 社会责任报告的编制 编制报告的企业") in text


def test_pictures_are_cmyk_in_print_and_keep_their_colours_on_screen(example_pdf, example_screen_pdf):
    def spaces(pdf):
        document = pypdfium2.PdfDocument(pdf)
        found = []
        for page in document:
            for image in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                found.append(image.get_metadata().colorspace)
        return found

    assert spaces(example_pdf) == [pypdfium2.raw.FPDF_COLORSPACE_DEVICECMYK] * 2
    assert pypdfium2.raw.FPDF_COLORSPACE_DEVICECMYK not in spaces(example_screen_pdf)
    text = squeeze("".join(body_texts(example_pdf)))
    assert "图1软件园区一角" in text and "图2企业数量增长示意" in text and "图3社会责任建设的三个环节" in text


def test_pictures_carry_their_alt_text_in_the_screen_edition(example_screen_pdf):
    alts = {str(element["/Alt"]) for element in _structure(example_screen_pdf)
            if element.get("/S") == "/Figure" and "/Alt" in element}
    assert "园区的示意照片：一幢白色办公楼前的绿地" in alts


def test_a_long_table_repeats_its_header_row_on_the_next_page(project, tmp_path):
    content = tmp_path / "source"
    shutil.copytree(EXAMPLE, content, ignore=shutil.ignore_patterns("0[23]-*", "charts", "tables", "pictures",
                                                                   "appendices"))
    rows = "\n".join(f"| 第 {number} 家企业 | {number * 3} |" for number in range(1, 81))
    (content / "chapters" / "02-status.md").write_text(  # chapter 1 refers to `status`
        f"---\ntitle: 长表\n---\n\n表 1 企业名单\n| 企业 | 员工人数 |\n| --- | --- |\n{rows}\n", encoding="utf-8")
    long = copied_project(project, tmp_path / "project", content)
    pdf = Builder(long).build(tmp_path / "long.pdf").output
    texts = body_texts(pdf)
    first, last = _page_with(texts, "第1家企业"), _page_with(texts, "第80家企业")
    assert last > first
    for page in range(first, last + 1):
        assert squeeze(texts[page]).count("企业员工人数") == 1


def _structure(pdf: Path) -> list[dict]:
    """Every structure element of the tagged PDF, depth first."""
    elements = []

    def walk(element):
        element = element.get_object()
        if isinstance(element, dict):
            elements.append(element)
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return elements


def test_footnotes_are_tagged_as_notes_with_ids_in_the_screen_edition(example_screen_pdf):
    notes = [element for element in _structure(example_screen_pdf) if element.get("/S") == "/Note"]
    assert [str(note["/ID"]) for note in notes] == ["note-1", "note-2", "note-3"]  # the example's three notes


def test_table_header_cells_are_tagged_and_data_cells_point_to_them(example_screen_pdf):
    elements = _structure(example_screen_pdf)
    kinds = {element.get("/S") for element in elements}
    assert {"/Table", "/THead", "/TBody", "/TR", "/TH", "/TD"} <= kinds
    cells = [element for element in elements if element.get("/S") == "/TD"]
    assert cells and all(element["/A"].get("/Headers") for element in cells)


def test_han_latin_spacing_and_joiners_hold_across_bold_and_notes(example_pdf, project):
    """「发布 **ESG 报告**的数量继续增长[^report]。」: a quarter em before the bold ESG, and the 。 after the
    note's call stays on the line of the call."""
    lines = [line for page in page_lines(example_pdf, project.fonts) for line in page]
    line = next(line for line in lines if "发布ESG报告" in squeeze(text_of(line)))
    chars = [glyph.char for glyph in line]
    at = chars.index("E")
    han_gaps = [after.left - before.right for before, after in zip(line, line[1:])
                if re.fullmatch(f"[{HAN}]{{2}}", before.char + after.char)]
    justification = sorted(han_gaps)[len(han_gaps) // 2]
    assert (line[at].left - line[at - 1].right - justification) / line[at].em == pytest.approx(0.25, abs=0.02)
    assert all(not squeeze(text_of(line)).startswith("。") for line in lines)


# Charts of every kind and the parts of a book (book.yaml, references.yaml, appendices/)

CHARTS = {  # what each chart of chapter 3 prints under its caption, exactly as its file writes it
    "表5各区会员企业数量": ["经济技术开发区", "2022年", "2023年", "120家", "135家", "90.0家", "41家"],
    "表6社会责任报告发布情况": ["已发布", "计划发布", "未计划", "60.0%", "45.5%", "4.5%", "50%"],
    "表7营业收入与利润": ["营业收入", "利润", "1.20亿元", "2.5亿元", "4亿元", "0.5亿元", "1.5亿元"],
    "表8参与企业规模": ["小型企业", "62.5%", "中型企业", "24.3%", "大型企业", "9.2%", "微型企业", "4.0%"],
    "表9技术创新情况": ["有相关机制", "90.0%", "其余（推算）", "10%"],
}


@pytest.mark.parametrize("caption", list(CHARTS))
def test_each_chart_kind_prints_its_figures_and_units_as_written(example_pdf, caption):
    texts = [squeeze(text) for text in page_texts(example_pdf)]
    page = _page_with(texts, caption)
    shown = texts[page] + texts[page + 1]  # a chart's figures may stand on the page after its caption's
    assert not [text for text in CHARTS[caption] if text not in shown]


def test_copyright_page_follows_the_cover_and_the_back_cover_ends_the_book(example_pdf, example_screen_pdf):
    for pdf in (example_pdf, example_screen_pdf):
        texts = [squeeze(text) for text in page_texts(pdf)]
        assert "ISBN978-7-121-45678-7" in texts[1] and "版权所有" in texts[1]
        assert texts[-1] == "北京软件和信息服务业协会地址：北京市海淀区"
        assert len(texts) % 4 == 0


def test_chapters_references_and_appendix_start_on_right_hand_pages(example_pdf):
    """Chapters 1 and 2 also ask for `new_page: true`; binding still sends them to a right-hand page (odd
    numbers, 0-based even indexes)."""
    texts = [squeeze(text) for text in page_texts(example_pdf)]
    toc = _page_with(texts, "目录")
    starts = [next(index for index in range(toc + 1, len(texts)) if texts[index].startswith(heading))
              for heading in ("1概述", "2产业社会责任建设情况", "3产业发展数据", "参考文献", "附录A调研方法")]
    assert starts == sorted(starts) and all(index % 2 == 0 for index in starts)


def test_references_and_appendix_are_printed_and_listed_in_the_toc(example_pdf):
    texts = [squeeze(text) for text in page_texts(example_pdf)]
    toc = texts[_page_with(texts, "目录")]
    assert [toc.find(entry) > -1 for entry in ("参考文献", "附录A调研方法", "A.1问卷", "A.2数据处理")] == [True] * 4
    references = texts[_page_with(texts, "参考文献[1]")]
    assert "[1]国家市场监督管理总局.社会责任指南：GB/T36000—2015[S]" in references
    assert "[3]北京软件和信息服务业协会.软件和信息服务业社会责任治理评价指标体系：T/BSIA003-2022[S]" in references
    appendix = texts[_page_with(texts, "附录A调研方法本附录")]
    assert "A.1问卷" in appendix and "A.2数据处理" in appendix
