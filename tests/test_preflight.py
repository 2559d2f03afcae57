"""Each preflight rule fails, with a clear message, on a PDF made broken on purpose; a correct one passes."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from broken_pdfs import blend_forms_through_the_profile, set_ext_gstates, shift_cids
from whitepaper import preflight
from whitepaper.cli import main
from whitepaper.colours import load_palette
from whitepaper.editions import PRINT, SCREEN

TOC = ('<nav class="toc"><ol class="toc-entries"><li class="toc-entry">'
       '<a href="#x">标题</a></li></ol></nav>')
HEADING = '<section class="front" id="x"><h1 class="front-title" data-outline-level="1" data-outline-label="标题">标题</h1>'
BOOK = TOC + HEADING + "<p>正文</p></section>"


def typeset(builder, project, body: str) -> bytes:
    """A small book through the real typesetter and finishing of the builder's edition."""
    html = f'<html lang="zh-CN"><head><title>标题</title><meta name="author" content="作者"></head><body>{body}</body></html>'
    palette = load_palette(project.colours, builder.edition.colour_space, [])
    return builder.write_pdf(builder.typesetter.layout(html, palette.css()).complete())


def findings(pdf: bytes, project, edition=PRINT) -> dict[str, tuple[str, ...]]:
    report = preflight.check(pdf, project.fonts, edition)
    return {result.rule: result.findings for result in report.results if result.findings}


@pytest.fixture(scope="module")
def good_print(builder, project) -> bytes:
    return typeset(builder, project, BOOK)


@pytest.fixture(scope="module")
def good_screen(screen_builder, project) -> bytes:
    return typeset(screen_builder, project, BOOK)


def test_correct_small_books_pass_in_both_editions(good_print, good_screen, project):
    assert findings(good_print, project, PRINT) == {}
    assert findings(good_screen, project, SCREEN) == {}


def test_no_bleed_is_reported(builder, project):
    pdf = typeset(builder, project, "<style>@page { bleed: 0 }</style>" + BOOK)
    assert findings(pdf, project) == {"page boxes": (
        "pages 1, 2: has no bleed: the BleedBox must reach 3 mm past the TrimBox on every side "
        "(set `bleed: 3mm` in styles/edition-print.css)",)}


def test_a_bleed_of_the_wrong_width_is_reported(builder, project):
    pdf = typeset(builder, project, "<style>@page { bleed: 2mm }</style>" + BOOK)
    assert findings(pdf, project)["page boxes"] == (
        "pages 1, 2: bleed is 2.0/2.0/2.0/2.0 mm (left/bottom/right/top), not 3 mm on every side",)


def test_a_page_that_is_not_a4_is_reported(builder, project):
    pdf = typeset(builder, project, '<style>@page wide { size: A5 } .front { page: wide }</style>' + BOOK)
    assert findings(pdf, project)["page boxes"] == ("page 2: TrimBox is 419.5 x 595.3 pt, not A4 (595.3 x 841.9 pt)",)


def test_text_outside_the_live_area_is_reported(builder, project):
    pdf = typeset(builder, project, BOOK + '<p style="position: absolute; top: -20mm; left: 0">页边</p>')
    assert findings(pdf, project)["live area"] == (
        "page 2: text sits 7.8 mm from the trim; keep it at least 10 mm inside (see the page margins in "
        "styles/book.css)",)


def test_an_rgb_colour_is_reported(builder, project):
    pdf = typeset(builder, project, BOOK + '<p style="color: rgb(255, 0, 0)">红字</p>')
    assert findings(pdf, project) == {"colours": (
        "page 2: RGB fill colour 1 0 0: the print edition takes CMYK only; give every colour in "
        "styles/colours.yaml",)}


def test_text_in_four_colour_black_is_reported(builder, project):
    pdf = typeset(builder, project, BOOK + '<p style="color: device-cmyk(0.6 0.5 0.4 1)">黑字</p>')
    assert findings(pdf, project) == {"colours": (
        "page 2: text in four-colour black 0.6 0.5 0.4 1: body text must be pure black (0 0 0 100 in "
        "styles/colours.yaml)",)}


CHART = ('<img style="width: 60mm" src="data:image/svg+xml,' +
         '<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%22200%22 height=%2260%22>'
         '<rect width=%22200%22 height=%2260%22 fill=%22device-cmyk(0.08 0.03 0 0)%22/>'
         '<text x=%22100%22 y=%2235%22 text-anchor=%22middle%22 font-size=%2210%22 fill=%22device-cmyk(0 0 0 1)%22>'
         '标签</text></svg>">')
WHITE_ON_COLOUR = '<p style="background: var(--accent); color: var(--paper)">白字</p>'


def test_small_black_text_overprints_and_white_text_knocks_out(good_print, project):
    assert findings(good_print, project) == {}
    assert findings(set_ext_gstates(good_print, OP=False, op=False), project) == {"colours": (
        "pages 1, 2: black text knocks out: black text of 12 pt or less must overprint (OP true, OPM 1), or "
        "misregistration shows a white halo",)}


def test_white_text_set_to_overprint_is_reported(builder, project):
    pdf = typeset(builder, project, BOOK + WHITE_ON_COLOUR)
    assert findings(pdf, project) == {}
    assert findings(set_ext_gstates(pdf, OP=True, op=True, OPM=1), project) == {"colours": (
        "page 2: white text is set to overprint: on press it vanishes",)}


def test_black_chart_text_blended_through_the_profile_is_reported(builder, project):
    """WeasyPrint puts a centred SVG label in a transparency group; finishing makes it a plain form."""
    pdf = typeset(builder, project, BOOK.replace("<p>正文</p>", "<p>正文</p>" + CHART))
    assert findings(pdf, project) == {}
    assert findings(blend_forms_through_the_profile(pdf), project) == {"colours": (
        "page 2: black text in a form XObject (a chart, picture or label) in a transparency group that blends in "
        "an ICC-based CMYK space: a RIP converts it through the profile into four-colour black; groups must blend "
        "in DeviceCMYK",)}


def test_codes_that_reach_other_glyphs_through_the_charset_are_reported(good_print, project):
    """Glyph N given CID N + 1, as the subsetter wrote before: code N is glyph N - 1 for a reader that goes by CID."""
    found = findings(shift_cids(good_print), project)
    assert list(found) == ["font codes"]
    pattern = re.compile(r"font (\S+) \(pages? [12, ]+\): (\d+) of \2 codes reach another glyph through the CFF charset "
                         r"than the glyph of that number \(code (\d+): glyph (\d+) by CID, glyph \3 by number\): "
                         r"Ghostscript, MuPDF, pdf.js, Acrobat and print RIPs draw other characters than PDFium and "
                         r"poppler show; rebuild the fonts with `make fonts` \(fonts/README.md\)")
    matches = [pattern.fullmatch(finding) for finding in found["font codes"]]
    assert all(matches), found
    assert sorted(match[1] for match in matches) == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC"]
    assert all(int(match[4]) == int(match[3]) - 1 for match in matches)


def test_the_fonts_as_they_were_are_reported(project):
    old = (Path(__file__).parent / "readers" / "old-fonts.pdf").read_bytes()
    assert [finding.split(":")[0] for finding in findings(old, project)["font codes"]] == [
        "font Noto-Sans-CJK-SC-Bold (pages 1, 2, 3, 4, 5)", "font Noto-Sans-CJK-SC (pages 1, 3, 4, 5)",
        "font Noto-Serif-CJK-SC (pages 3, 4, 5)"]


def test_an_unregistered_output_condition_a_pdfx1_key_and_no_file_id_are_reported(builder, project):
    html = f"<html><body>{BOOK}</body></html>"
    document = builder.typesetter.layout(html, load_palette(project.colours, "cmyk", []).css()).complete()
    found = findings(document.write_pdf(pdf_variant="pdf/x-4", pdf_identifier=False), project)["PDF/X"]
    assert found == (
        "the output intent names no registered printing condition (OutputConditionIdentifier `FOGRA39L coated`, "
        "no RegistryName): print-shop preflight looks for one such as FOGRA39 at http://www.color.org; name it in "
        "styles/print-condition.yaml",
        "the XMP metadata carries GTS_PDFXConformance, a PDF/X-1a and X-3 key that PDF/X-4 does not use",
        "the trailer has no /ID, which PDF/X requires to tell one file from another",
        "annotations (links, notes) on page 1: PDF/X allows none on the printed area; links belong in the screen "
        "edition")


def test_a_pdf_without_pdfx_markers_is_reported_and_its_rgb_too(good_screen, project):
    found = findings(good_screen, project, PRINT)
    assert found["PDF/X"] == (
        "no PDF/X output intent: the print shop cannot tell which press and paper the colours are for "
        "(styles/edition-print.css declares it with @color-profile device-cmyk)",
        "the XMP metadata does not declare PDF/X-4 (pdfxid:GTS_PDFXVersion)",
        "the document information has no /Trapped key, which PDF/X requires",
        "annotations (links, notes) on page 1: PDF/X allows none on the printed area; links belong in the screen "
        "edition")
    assert any("RGB fill colour" in finding for finding in found["colours"])
    assert found["page boxes"][0].startswith("pages 1, 2: has no bleed")


def test_wrong_toc_number_is_reported(builder, project):
    # A hand-written number instead of one the typesetter counts: the heading is on page 3, whose folio is 02.
    pdf = typeset(builder, project, "<style>a { color: inherit }</style>" +
                  TOC.replace('class="toc-entry"><a href="#x">标题', '><a href="#x">标题 ........ 09') +
                  '<section class="front"><p>前言</p></section>' + HEADING + "</section>")
    assert findings(pdf, project) == {"目录": (
        "目录 entry 「标题」 says page 09, but its heading is on page 3, whose folio reads 「02」",)}


def test_a_toc_entry_that_is_not_a_link_is_reported_in_the_screen_edition(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK.replace('<a href="#x">标题</a>', '<span>标题 ...... 01</span>'))
    assert findings(pdf, project, SCREEN) == {"links": (
        "目录 entry 「标题」 is not a link: readers cannot click through to the heading",)}


def test_links_in_a_print_pdf_are_reported(good_screen, project):
    assert findings(good_screen, project, PRINT)["PDF/X"][-1] == (
        "annotations (links, notes) on page 1: PDF/X allows none on the printed area; links belong in the screen "
        "edition")


def test_a_character_the_fonts_lack_is_reported(builder, project):
    pdf = typeset(builder, project, BOOK + "<p>\U00020000</p>")
    assert findings(pdf, project) == {"fonts": (
        "「\U00020000」 (U+20000, page 2) is not in the bundled fonts, so it prints as a blank or a box: add it to "
        "the fonts (fonts/README.md) or replace it in the content",)}


def test_a_font_embedded_whole_is_reported(builder, project):
    html = f"<html><body>{BOOK}</body></html>"
    document = builder.typesetter.layout(html, load_palette(project.colours, "cmyk", []).css()).complete()
    found = findings(document.write_pdf(full_fonts=True, pdf_variant="pdf/x-4"), project)["fonts"]
    assert found[0] == ("font Noto-Sans-CJK-SC (pages 1, 2) is embedded whole, not subset: the file is needlessly "
                        "large and carries more of the font than its licence needs to travel")


def test_a_font_that_is_not_bundled_is_reported(tmp_path, project):
    # WeasyPrint run without our fontconfig picks a system font: exactly the fallback preflight must catch.
    output = tmp_path / "fallback.pdf"
    subprocess.run([sys.executable, "-c", "import sys, weasyprint; weasyprint.HTML(string="
                    "'<p style=\"font-family: sans-serif\">fallback</p>').write_pdf(sys.argv[1])", str(output)],
                   check=True, env={"PATH": "/usr/bin:/bin"})
    found = findings(output.read_bytes(), project, SCREEN)
    assert any("is not one of the bundled fonts" in finding and "fell back" in finding for finding in found["fonts"])
    assert found["目录"] == ("no 目录 found: no page has lines of a title, a dot leader and a page number",)


def test_a_print_pdf_read_as_the_screen_edition_lacks_tags_and_has_bleed(good_print, project):
    found = findings(good_print, project, SCREEN)
    assert found["accessibility"][0] == (
        "the PDF is not tagged: screen readers cannot follow its headings, paragraphs and lists")
    assert "the XMP metadata does not declare PDF/UA (pdfuaid:part)" in found["accessibility"]
    assert found["page boxes"] == ("pages 1, 2: page is 663.3 x 909.9 pt, not A4 (595.3 x 841.9 pt)",
                                   "pages 1, 2: has bleed or crop marks around the page: a screen edition shows "
                                   "the trimmed page only")


def test_a_bookmark_that_differs_from_its_heading_is_reported(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK.replace('data-outline-label="标题"', 'data-outline-label="别的"'))
    assert findings(pdf, project, SCREEN) == {
        "bookmarks": ("bookmark 1 reads 「别的」, but the heading on page 2 prints 「标题」",)}


def test_a_bookmark_that_loses_the_space_of_its_heading_is_reported(screen_builder, project):
    pdf = typeset(screen_builder, project, BOOK.replace("标题", "1 概述").replace('data-outline-label="1 概述"',
                                                                                'data-outline-label="1概述"'))
    assert findings(pdf, project, SCREEN) == {
        "bookmarks": ("bookmark 1 reads 「1概述」, but the heading on page 2 prints 「1 概述」",)}


def test_check_command_prints_a_summary_and_json(tmp_path, good_print, project):
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(good_print)
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(pdf), "--project", str(project.root)])
    assert result.exit_code == 0
    assert "(print edition): passed preflight" in result.output and "ok    PDF/X" in result.output
    result = runner.invoke(main, ["check", str(pdf), "--project", str(project.root), "--edition", "screen", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["edition"] == "screen" and report["passed"] is False
    assert {rule["rule"]: rule["passed"] for rule in report["rules"]}["accessibility"] is False


def test_a_damaged_file_is_a_one_line_failure(tmp_path, good_print, project):
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(good_print[:2000])
    result = CliRunner().invoke(main, ["check", str(pdf), "--project", str(project.root)])
    assert result.exit_code == 2
    assert result.output.startswith(f"check failed: {pdf}: not a readable PDF: ") and "Traceback" not in result.output
