"""Chapter numbers are counted by the build among the numbered chapters, in file-name order: a chapter with
`numbered: false` (后记 style) prints no number anywhere, and deleting a chapter renumbers the rest in the heading,
the 目录, the running heads and the bookmarks alike. Built on the small parts book (tests/parts_book/), whose
chapters are 01-charts.md (图表), 02-closing.md (结语) and 03-outlook.md (展望); read back from the PDF."""

import shutil
from pathlib import Path

import pypdfium2

from whitepaper.editions import SCREEN
from whitepaper.pipeline import Builder, Project

from pdf_reading import band_text, page_texts, squeeze

PARTS_BOOK = Path(__file__).parent / "parts_book"
UNNUMBERED_CLOSING = """---
title: 结语
numbered: false
sections_in_toc: true
subsections_in_toc: true
---

本章不编号，见{ref:outlook}与{ref:closing}。

## 致谢

感谢各单位。

### 参与单位

各会员企业。
"""


def build(project, root: Path, change) -> tuple[Path, list[str]]:
    shutil.copytree(PARTS_BOOK / "content", root / "content")
    shutil.copytree(project.styles, root / "styles")
    (root / "fonts").symlink_to(project.fonts)
    change(root / "content" / "chapters")
    output = root / "book.pdf"
    Builder(Project(root), SCREEN).build(output)
    return output, [squeeze(text) for text in page_texts(output)]


def bookmarks(pdf: Path) -> list[tuple[str, int]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [(bookmark.get_title(), bookmark.get_dest().get_index()) for bookmark in document.get_toc()]
    finally:
        document.close()


def toc_page(texts: list[str]) -> str:
    return next(text for text in texts if text.startswith("目录"))


def unnumber_the_closing_and_the_first_appendix(chapters: Path) -> None:
    (chapters / "02-closing.md").write_text(UNNUMBERED_CLOSING, encoding="utf-8")
    method = chapters.parent / "appendices" / "01-method.md"
    method.write_text(method.read_text(encoding="utf-8").replace("title: 调研方法\n", "title: 调研方法\nnumbered: false\n"),
                      encoding="utf-8")


def test_an_unnumbered_chapter_prints_no_number_and_takes_none(project, tmp_path):
    pdf, texts = build(project, tmp_path, unnumber_the_closing_and_the_first_appendix)
    marks = dict(bookmarks(pdf))
    assert [title for title in marks if title in ("1 图表", "结语", "致谢", "参与单位", "2 展望")] == \
        ["1 图表", "结语", "致谢", "参与单位", "2 展望"]
    assert not any(title.startswith(("3 ", "2.", "3.")) for title in marks)
    toc = toc_page(texts)
    positions = [toc.find(entry) for entry in ("1图表", "结语", "致谢", "参与单位", "2展望")]
    assert -1 not in positions and positions == sorted(positions)
    assert "3展望" not in toc and "2结语" not in toc and "2.1致谢" not in toc
    closing, outlook = texts[marks["结语"]], texts[marks["2 展望"]]
    # a reference names a numbered chapter by its number, an unnumbered one by its title
    assert closing.startswith("结语本章不编号，见第2章与结语。致谢感谢各单位。参与单位各会员企业。"), closing
    assert outlook.startswith("2展望"), outlook
    assert band_text(pdf, marks["结语"], top=True).endswith("结语")
    assert band_text(pdf, marks["2 展望"], top=True).endswith("2 展望")
    # an appendix too: 调研方法 takes no letter, so 术语 is 附录 A; the 参考文献 stay between them and the chapters
    positions = [toc.find(entry) for entry in ("2展望", "参考文献", "调研方法", "问卷", "附录A术语")]
    assert -1 not in positions and positions == sorted(positions), toc
    assert "附录B" not in toc and "A.1问卷" not in toc
    assert [title for title in marks if "术语" in title or "调研方法" in title] == ["调研方法", "附录 A 术语"]


def test_deleting_a_chapter_renumbers_the_next_everywhere(project, tmp_path):
    pdf, texts = build(project, tmp_path, lambda chapters: (chapters / "02-closing.md").unlink())
    marks = dict(bookmarks(pdf))
    assert "2 展望" in marks and "3 展望" not in marks and not any("结语" in title for title in marks)
    assert "2展望" in toc_page(texts) and "3展望" not in toc_page(texts)
    assert texts[marks["2 展望"]].startswith("2展望")
    assert band_text(pdf, marks["2 展望"], top=True).endswith("2 展望")
