"""Each preflight rule fails, with a clear message, on a PDF made broken on purpose."""

import subprocess
import sys

import pytest

from whitepaper import preflight


@pytest.fixture(scope="module")
def typesetter(builder):
    return builder.typesetter


def typeset(typesetter, body: str) -> bytes:
    return typesetter.write_pdf(typesetter.render(f"<html><body>{body}</body></html>"))


TOC_PAGE = '<nav class="toc"><ol class="toc-entries"><li class="toc-entry"><a href="#x">标题</a></li></ol></nav>'


def test_a_correct_small_book_passes(typesetter, project):
    pdf = typeset(typesetter, TOC_PAGE + '<section class="front" id="x"><h1 class="front-title">标题</h1></section>')
    assert preflight.check(pdf, project.fonts) == []


def test_wrong_toc_number_is_reported(typesetter, project):
    # A hand-written number instead of one the typesetter counts: the heading is on page 3, whose folio is 02.
    pdf = typeset(typesetter, TOC_PAGE.replace('class="toc-entry"><a href="#x">标题', '><a href="#x">标题 09') +
                  '<section class="front"><p>前言</p></section><section class="front" id="x"><h1>标题</h1></section>')
    assert preflight.check(pdf, project.fonts) == [
        "目录 entry 「标题 09」 says page 09, but its heading is on page 3, whose folio reads 「02」"]


def test_a_page_that_is_not_a4_is_reported(typesetter, project):
    pdf = typeset(typesetter, TOC_PAGE + '<style>@page wide { size: A5 } .front { page: wide }</style>'
                                         '<section class="front" id="x"><h1>标题</h1></section>')
    assert any(finding.startswith("page 2 is 419.5 x 595.3 pt, not A4") for finding in preflight.check(pdf, project.fonts))


def test_a_font_that_is_not_bundled_is_reported(tmp_path, project):
    # WeasyPrint run without our fontconfig picks a system font: exactly the fallback preflight must catch.
    output = tmp_path / "fallback.pdf"
    subprocess.run([sys.executable, "-c", "import sys, weasyprint; weasyprint.HTML(string="
                    "'<p style=\"font-family: sans-serif\">fallback</p>').write_pdf(sys.argv[1])", str(output)],
                   check=True, env={"PATH": "/usr/bin:/bin"})
    findings = preflight.check(output.read_bytes(), project.fonts)
    assert any("is not one of the bundled fonts" in finding and "fell back" in finding for finding in findings)
    assert any("the 目录 has no working links" in finding for finding in findings)

