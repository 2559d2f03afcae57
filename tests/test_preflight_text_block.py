"""Preflight fails a chart or picture that runs outside the text block the page margins leave, not only one
that reaches the trim."""

import re

from click.testing import CliRunner

from whitepaper.cli import EXIT_FAILURE, main

PAGE_MARGINS = re.compile(r"(@page \{[^{}]*?)margin: [^;]+;")  # the first @page rule's, for every page


def with_margins(book_css, sides_mm: int, extra: str = "") -> None:
    """The styles' page margins set to 26 mm top, 24 bottom and `sides_mm` left and right, whatever they were."""
    css, count = PAGE_MARGINS.subn(rf"\1margin: 26mm {sides_mm}mm 24mm {sides_mm}mm;",
                                   book_css.read_text(encoding="utf-8"), count=1)
    assert count == 1
    book_css.write_text(css + extra, encoding="utf-8")


def test_a_chart_wider_than_the_text_block_fails_preflight(content_copy, monkeypatch):
    with_margins(content_copy / "styles" / "book.css", 22, "figure.chart img { width: 172mm; }\n")  # 6 mm too wide
    monkeypatch.chdir(content_copy)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == EXIT_FAILURE, result.output
    assert not (content_copy / "build" / "whitepaper.pdf").exists()
    findings = result.stderr.splitlines()[1:]
    assert findings and all(re.fullmatch(
        r"  - text block: pages? [^:]+: a chart or picture runs 6\.0 mm outside the text block \(166\.0 mm "
        r"wide, set by `@page \{ margin \}` in styles/book\.css\): make it narrower", finding) for finding in findings)


def test_charts_as_wide_as_the_text_block_pass(content_copy, monkeypatch):
    """The same book with wider margins: its charts, drawn to the text block's width, stay inside it."""
    with_margins(content_copy / "styles" / "book.css", 40)
    monkeypatch.chdir(content_copy)
    result = CliRunner().invoke(main, ["--quiet", "build"])
    assert result.exit_code == 0, result.output
