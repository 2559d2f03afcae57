"""The real book, built from content/ and read back from the PDF."""

import re
from pathlib import Path

import pypdf
import pytest
import yaml

from whitepaper.assemble import assemble
from whitepaper.fonts import bundled_fonts
from whitepaper import preflight
from whitepaper.editions import PRINT, SCREEN
from whitepaper.preflight.fonts import embedded_fonts
from whitepaper.preflight.pages import A4
from whitepaper.preflight.reading import PdfUnderTest
from whitepaper.preflight.toc import folio, read_bookmarks, read_toc_lines

from pdf_reading import MM, band_text, body_texts, page_texts, paragraph_texts, squeeze

FIRST_NUMBERED_PAGE = 3  # cover, 目录, then 前言 = 01


@pytest.fixture(scope="module")
def book(project):
    return assemble(project.content)


@pytest.fixture(scope="module")
def body(built_pdf) -> str:
    return squeeze("".join(body_texts(built_pdf)))


@pytest.fixture(scope="module")
def reader(built_pdf):
    return pypdf.PdfReader(built_pdf)


def test_every_page_is_trimmed_to_a4_with_3_mm_bleed(reader):
    bleed = 3 * MM
    for page in reader.pages:
        trim, bleed_box = page.trimbox, page.bleedbox
        assert (float(trim.width), float(trim.height)) == pytest.approx(A4, abs=0.5)
        assert (float(bleed_box.width), float(bleed_box.height)) == pytest.approx(
            (A4[0] + 2 * bleed, A4[1] + 2 * bleed), abs=0.5)
        assert float(page.mediabox.width) > float(bleed_box.width)  # room for the crop marks


def test_every_paragraph_and_list_item_appears_verbatim(book, body):
    texts = paragraph_texts(book)
    assert len(texts) > 60
    missing = [text[:40] for text in texts if squeeze(text) not in body]
    assert not missing


def test_front_matter_appears(book, body, built_pdf):
    preface, committee = book.preface, book.committee
    for text in [preface.title, preface.subtitle, *preface.signature, committee.lead, committee.closing,
                 committee.working_group_title]:
        assert squeeze(text) in body, text
    # The organisations stand in a grid whose cells may wrap: read them in drawing order, cell by cell.
    committee_page = squeeze(page_texts(built_pdf)[FIRST_NUMBERED_PAGE])
    for organisation in committee.organisations:
        assert squeeze(organisation) in committee_page, organisation
    for member in committee.members:
        role = f"（{member.role}）" if member.role else ""
        assert squeeze(member.name + role) in body, member.name
    cover = squeeze(page_texts(built_pdf)[0])
    assert all(squeeze(text) in cover for text in [*book.title_lines, book.publisher, book.date])


def typed_lines(path: Path) -> list[str]:
    """The plain paragraphs of a Markdown file as the editor typed them: no front matter, heading, list, picture,
    placeholder, link or emphasis, which the book prints otherwise than typed (a lone * is a star, as in 7*24)."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return [line.strip() for line in body.splitlines()
            if line.strip() and not re.match(r"\s*([#!|>:-]|\d+\.)", line) and not re.search(r"[{}\[\]`<_\\]", line)
            and line.count("*") < 2]


def test_the_text_as_typed_in_content_is_printed(project, body):
    # The book prints what the editors wrote, even where the text disagrees with itself (lint's business).
    preface = typed_lines(project.content / "front" / "preface.md")
    chapters = [line for path in sorted((project.content / "chapters").glob("*.md")) for line in typed_lines(path)]
    assert preface and len(chapters) > 10
    missing = [line[:40] for line in preface + chapters if squeeze(line) not in body]
    assert not missing


def charts_in_reading_order(content: Path) -> list[dict]:
    """Each chart file as YAML, in the order the chapters' `![…](../charts/…)` lines place them."""
    parts = [*sorted((content / "chapters").glob("*.md")), *sorted((content / "appendices").glob("*.md"))]
    names = [name for part in parts for name in re.findall(r"\]\(\.\./charts/([^)\s]+)\)", part.read_text(encoding="utf-8"))]
    return [yaml.safe_load((content / "charts" / name).read_text(encoding="utf-8")) for name in names]


def test_captions_numbered_in_reading_order(project, body):
    charts = charts_in_reading_order(project.content)
    titles = [squeeze(chart["title"]) for chart in charts]
    captions = re.findall(r"表(\d+)(" + "|".join(re.escape(title) for title in titles) + ")", body)
    assert captions == [(str(number), title) for number, title in enumerate(titles, start=1)]


def test_charts_are_vector_with_data_labels(built_pdf, reader, project):
    for page in reader.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image", "charts must be vector, not pictures"
    first = next(chart for chart in charts_in_reading_order(project.content) if "data" in chart)
    first_chart_page = squeeze(next(text for text in body_texts(built_pdf) if squeeze(first["title"]) in squeeze(text)))
    for item in first["data"]:
        assert squeeze(item["label"]) in first_chart_page and f"{item['value']:g}" in first_chart_page, item


def test_derived_remainders_are_marked(book, body, project):
    remainders = [number for number, chart in enumerate(charts_in_reading_order(project.content), start=1)
                  if chart.get("remainder")]
    derived = [chart for chart in book.charts if any(item.derived for item in chart.items)]
    assert remainders and [chart.number for chart in derived] == remainders
    assert body.count(squeeze(book.labels.derived)) == len(remainders)


def toc_entries_in(content: Path) -> int:
    """The 目录's entries counted from the files as an editor reads them (27 in the 2022 book): 前言 and 编委会,
    each chapter and appendix, the 参考文献, and the `## ` (`### `) lines of those that list their sections."""
    count = 2 + (content / "references.yaml").is_file()
    for part in [*sorted((content / "chapters").glob("*.md")), *sorted((content / "appendices").glob("*.md"))]:
        text = part.read_text(encoding="utf-8")
        count += 1
        for marks, setting in (("## ", "sections_in_toc"), ("### ", "subsections_in_toc")):
            if re.search(rf"^{setting}: true\b", text, re.M):
                count += len(re.findall(rf"^{marks}", text, re.M))
    return count


def test_toc_has_an_entry_per_listed_heading_whose_numbers_match_the_headings(book, built_pdf, project):
    with PdfUnderTest.open(built_pdf.read_bytes(), project.fonts) as subject:
        lines, bookmarks = read_toc_lines(subject), read_bookmarks(subject)
        folios = [folio(subject, bookmark.page - 1) for bookmark in bookmarks]
    assert len(lines) == len(bookmarks) == len(book.toc) == toc_entries_in(project.content)
    headings = printed_headings(book)
    for line, bookmark, page_folio, entry in zip(lines, bookmarks, folios, book.toc):
        assert squeeze(line.title) == squeeze(entry.label) and bookmark.title == headings[entry.anchor]
        assert re.fullmatch(r"\d\d", line.number) and line.number == page_folio
    pages = body_texts(built_pdf)
    for chapter, bookmark in zip(book.chapters, [bookmark for bookmark in bookmarks if re.match(r"\d ", bookmark.title)]):
        assert squeeze(f"{chapter.number} {chapter.title}") in squeeze(pages[bookmark.page - 1])


def printed_headings(book) -> dict[str, str]:
    """Anchor -> the heading as the page prints it: number, a space and the title (前言 with its subtitle)."""
    preface = book.preface
    headings = {preface.anchor: " ".join(filter(None, [preface.title, preface.subtitle])),
                book.committee.anchor: book.committee.title}
    for chapter in book.chapters:
        headings[chapter.anchor] = f"{chapter.number} {chapter.title}"
        headings |= {section.anchor: f"{section.number} {section.title}" for section in chapter.sections}
    return headings


def test_print_edition_has_no_links_on_its_pages(reader):
    assert not any(page.get("/Annots") for page in reader.pages)


def test_front_matter_and_chapter_1_start_new_pages_numbered_from_preface(built_pdf, book):
    pages = body_texts(built_pdf)
    assert squeeze(pages[FIRST_NUMBERED_PAGE - 1]).startswith(squeeze(book.preface.title))
    assert squeeze(pages[FIRST_NUMBERED_PAGE]).startswith(squeeze(book.committee.title))
    first_chapter = book.chapters[0]
    assert squeeze(pages[FIRST_NUMBERED_PAGE + 1]).startswith(squeeze(f"{first_chapter.number}{first_chapter.title}"))


def test_folios_and_running_heads(built_pdf, book):
    count = len(page_texts(built_pdf))
    assert band_text(built_pdf, 0, top=False) == "" and band_text(built_pdf, 1, top=False) == ""
    for index in range(FIRST_NUMBERED_PAGE - 1, count):
        assert band_text(built_pdf, index, top=False) == f"{index - FIRST_NUMBERED_PAGE + 2:02d}"
        assert squeeze(book.title) in squeeze(band_text(built_pdf, index, top=True))


def test_only_bundled_fonts_all_embedded(reader, project):
    allowed = {font.pdf_name for font in bundled_fonts(project.fonts)}
    fonts = embedded_fonts(reader)
    names = {font.name for font in fonts}
    assert names <= allowed
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"} <= names  # text, charts, headings
    assert all(font.embedded_bytes for font in fonts)


def test_both_editions_pass_their_preflight(built_pdf, built_screen_pdf, project):
    for pdf, edition in ((built_pdf, PRINT), (built_screen_pdf, SCREEN)):
        report = preflight.check(pdf.read_bytes(), project.fonts, edition)
        assert report.passed, report.findings


def test_headings_are_never_the_last_line_on_a_page(built_pdf, book):
    titles = [squeeze(f"{section.number}{section.title}") for chapter in book.chapters for section in chapter.sections]
    for text in body_texts(built_pdf):
        last_line = squeeze(text.strip().splitlines()[-1]) if text.strip() else ""
        assert last_line not in titles


def test_screen_edition_is_tagged_chinese_with_bookmarks_nested_as_the_toc_reading_as_the_headings(built_screen_pdf, book):
    reader = pypdf.PdfReader(built_screen_pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == book.language == "zh-CN"
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert reader.metadata.title == book.title and reader.metadata.author == book.publisher
    outline = [(1, item.title) if not isinstance(item, list) else [(2, child.title) for child in item]
               for item in reader.outline]
    flat = [entry for item in outline for entry in (item if isinstance(item, list) else [item])]
    headings = printed_headings(book)
    assert flat == [(entry.level, headings[entry.anchor]) for entry in book.toc]
    toc_page = reader.pages[1]
    links = [annotation.get_object() for annotation in toc_page.get("/Annots") or []]
    assert len({link["/Dest"] for link in links if link.get("/Subtype") == "/Link"}) == len(book.toc)


def test_print_edition_is_pdf_x4_in_cmyk(reader):
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert reader.pdf_header == "%PDF-1.6"
    assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in reader.trailer["/Root"]["/Metadata"].get_data()
