"""Preflight fails a chart or picture that runs outside the text block the page margins leave, not only one
that reaches the trim."""

import re

from click.testing import CliRunner

from whitepaper.cli import EXIT_FAILURE, main

TEXT_BLOCK_MM = 210 - 22 - 22  # A4 less the margins styles/book.css sets: `margin: 26mm 22mm 24mm 22mm`


def test_a_chart_wider_than_the_text_block_fails_preflight(content_copy, monkeypatch):
    book_css = content_copy / "styles" / "book.css"
    css = book_css.read_text(encoding="utf-8")
    assert "margin: 26mm 22mm 24mm 22mm;" in css
    book_css.write_text(css + "figure.chart img { width: 172mm; }\n", encoding="utf-8")  # 6 mm too wide
    monkeypatch.chdir(content_copy)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == EXIT_FAILURE, result.output
    assert not (content_copy / "build" / "whitepaper.pdf").exists()
    findings = result.stderr.splitlines()[1:]
    assert findings and all(re.fullmatch(
        rf"  - text block: pages? [^:]+: a chart or picture runs 6\.0 mm outside the text block \({TEXT_BLOCK_MM}\.0 mm "
        r"wide, set by `@page \{ margin \}` in styles/book\.css\): make it narrower", finding) for finding in findings)


def test_charts_as_wide_as_the_text_block_pass(content_copy, monkeypatch):
    """The same book with wider margins: its charts, drawn to the text block's width, stay inside it."""
    book_css = content_copy / "styles" / "book.css"
    book_css.write_text(book_css.read_text(encoding="utf-8").replace("margin: 26mm 22mm 24mm 22mm;",
                                                                     "margin: 26mm 40mm 24mm 40mm;"), encoding="utf-8")
    monkeypatch.chdir(content_copy)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == 0, result.output
