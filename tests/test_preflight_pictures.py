"""Preflight on pictures (their resolution as printed) and on pages a wide table turns sideways."""

import base64

from PIL import Image

from whitepaper import preflight
from whitepaper.editions import PRINT
from whitepaper.pictures import to_cmyk_jpeg

from test_preflight import BOOK, findings, typeset


def picture(project, tmp_path, pixels: int, millimetres: int) -> str:
    """An <img> of a CMYK picture `pixels` wide, printed `millimetres` wide."""
    path = tmp_path / "picture.png"
    Image.new("RGB", (pixels, pixels // 2), (200, 80, 40)).save(path)
    data = base64.b64encode(to_cmyk_jpeg(path.read_bytes(), project.output_intent)).decode()
    return f'<img src="data:image/jpeg;base64,{data}" alt="图" style="width: {millimetres}mm">'


def test_a_picture_under_150_ppi_fails(builder, project, tmp_path):
    pdf = typeset(builder, project, BOOK + picture(project, tmp_path, 400, 100))  # 102 ppi
    report = preflight.check(pdf, project.fonts, PRINT)
    assert not report.passed
    assert report.findings == [
        "pictures: page 2: a picture of 400 x 200 pixels is printed at 102 ppi and shows its pixels in print: use one "
        "of at least 1181 pixels across (300 ppi at this size)"]


def test_a_picture_under_300_ppi_is_a_warning_only(builder, project, tmp_path):
    pdf = typeset(builder, project, BOOK + picture(project, tmp_path, 800, 100))  # 203 ppi
    report = preflight.check(pdf, project.fonts, PRINT)
    assert report.passed and report.findings == []
    assert report.warnings == [
        "picture quality: page 2: a picture of 800 x 400 pixels is printed at 203 ppi and may look soft in print: use "
        "one of at least 1181 pixels across (300 ppi at this size)"]
    assert "  warn  picture quality" in report.summary()


def test_a_sharp_cmyk_picture_passes(builder, project, tmp_path):
    pdf = typeset(builder, project, BOOK + picture(project, tmp_path, 1200, 100))  # 305 ppi
    assert findings(pdf, project) == {}


def test_a_page_turned_sideways_is_still_a4(builder, project):
    pdf = typeset(builder, project, "<style>@page wide { size: A4 landscape } .front { page: wide }</style>" + BOOK)
    assert findings(pdf, project) == {}
