"""A hyphenated English term that lands at a line's end: PDFium reads that `-` as U+FFFE, a character no font
has; the fonts rule must not take it for one the bundled fonts lack."""

import pypdfium2
from test_preflight import BOOK, findings, typeset


def test_a_hyphen_at_a_line_end_passes_the_fonts_rule(builder, project):
    pdf = typeset(builder, project, BOOK + '<p style="width: 32mm; text-align: left">'
                                           'long-term well-being open-source long-term</p>')
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert "\ufffe" in text  # the case this test is about: PDFium does report one
    assert findings(pdf, project) == {}
