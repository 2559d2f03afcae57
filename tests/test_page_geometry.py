"""The text block's width, read from the stylesheets' @page rule: what every chart is drawn to."""

import pytest

from whitepaper.diagnostics import BuildFailure
from whitepaper.page_geometry import text_block_width

PX_PER_MM = 96 / 25.4


def width_of(tmp_path, *sheets: str) -> float:
    paths = []
    for number, css in enumerate(sheets):
        path = tmp_path / f"sheet-{number}.css"
        path.write_text(css, encoding="utf-8")
        paths.append(path)
    return text_block_width(paths)


def test_the_books_text_block_is_a4_less_its_22_mm_margins(project):
    assert text_block_width([project.styles / "book.css"]) == \
        pytest.approx(166 * PX_PER_MM)


def test_later_rules_and_sides_override_earlier_ones(tmp_path):
    assert width_of(tmp_path, "@page { size: A4; margin: 2cm }", "@page { margin-left: 30mm }") == \
        pytest.approx(160 * PX_PER_MM)
    assert width_of(tmp_path, "@page { size: A5; margin: 10mm 15mm }") == pytest.approx(118 * PX_PER_MM)


def test_named_pages_do_not_set_the_text_block(tmp_path):
    assert width_of(tmp_path, "@page { margin: 20mm }", "@page cover { margin: 0 }") == \
        pytest.approx(170 * PX_PER_MM)


def test_a_margin_that_cannot_be_read_is_reported_at_its_line(tmp_path):
    with pytest.raises(BuildFailure) as failure:
        width_of(tmp_path, "/* page */\n@page {\n  margin: 5%;\n}")
    assert str(failure.value) == (f"{tmp_path / 'sheet-0.css'}:3:3: `margin` is not a length this build can read: "
                                  f"charts are drawn to the text block's width, so write it in mm, cm, in, pt or px")
